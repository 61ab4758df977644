import pytest

URL = "/api/v1/calendar/working-days"
pytestmark = pytest.mark.django_db


def test_working_days_follow_the_official_calendar(client):
    response = client.get(URL, {"start": "2026-09-30", "days": 7})
    assert response.status_code == 200
    assert response.json() == {"date": "2026-10-15", "provisional": False}


def test_working_days_into_2027_are_marked_provisional(client):
    assert client.get(URL, {"start": "2026-12-30", "days": 2}).json() == {
        "date": "2027-01-04",
        "provisional": True,
    }


def test_bad_parameters_answer_400_with_chinese_messages_per_field(client):
    response = client.get(URL, {"start": "2026-02-30", "days": "-1"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["start"] == ["日期格式应为 YYYY-MM-DD。"]
    assert errors["days"] == ["不能小于 0。"]


def test_missing_parameters_are_named(client):
    errors = client.get(URL).json()["errors"]
    assert errors == {"start": ["此项为必填项。"], "days": ["此项为必填项。"]}


def test_too_many_days_are_refused(client):
    errors = client.get(URL, {"start": "2026-01-05", "days": 5000}).json()["errors"]
    assert errors["days"] == ["不能大于 366。"]


def test_openapi_schema_lists_the_contract_paths(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/calendar/working-days" in paths
    assert "/api/v1/auth/token" in paths


def test_api_docs_are_served_with_our_own_assets(client):
    body = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn" not in body.lower()


def test_dates_outside_the_supported_range_are_refused_not_crashed(client):
    errors = client.get(URL, {"start": "9999-12-31", "days": 5}).json()["errors"]
    assert errors["start"] == ["不能晚于 2199-12-31。"]
