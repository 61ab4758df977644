import datetime

import time_machine
from django.utils import timezone

from tests.conftest import PASSWORD

TOKEN = "/api/v1/auth/token"


def get_token(client, username="handler", password=PASSWORD):
    return client.post(
        TOKEN, {"username": username, "password": password}, content_type="application/json"
    )


def test_token_is_issued_for_good_credentials_and_works(client, personas):
    token = get_token(client).json()["token"]
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.status_code == 200
    assert me.json()["units"] == ["蔚汾市场监管所"]


def test_wrong_password_answers_401(client, personas):
    response = get_token(client, password="nope")
    assert response.status_code == 401
    assert response.json()["detail"] == "用户名或密码错误。"


def test_token_endpoint_locks_out_like_the_login_page(client, personas):
    for _ in range(5):
        get_token(client, password="nope")
    response = get_token(client)
    assert response.status_code == 401
    assert "已暂时锁定" in response.json()["detail"]


def test_malformed_body_answers_400(client, personas):
    response = client.post(TOKEN, "not json", content_type="application/json")
    assert response.status_code == 400
    assert "errors" in response.json()
    response = client.post(TOKEN, {"username": ""}, content_type="application/json")
    assert response.json()["errors"] == {
        "username": ["此项不能为空。"],
        "password": ["此项为必填项。"],
    }


def test_missing_or_bad_token_answers_401(client, personas):
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer forged").status_code == 401


def test_expired_token_answers_401(client, personas):
    token = get_token(client).json()["token"]
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=13)):
        assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_known_caller_without_the_right_answers_403(client, personas):
    token = get_token(client).json()["token"]
    response = client.get("/api/v1/audit/events", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403
    assert response.json()["detail"] == "您没有执行此操作的权限。"


def test_outsider_reads_no_event_of_another_bureau(client, personas, org):
    client.force_login(personas["bureau_admin"])
    own = client.get("/api/v1/audit/events", {"page_size": 200}).json()
    assert own["count"] > 0
    assert all(e["actor"] != "outsider" for e in own["results"])


def test_audit_api_paginates_with_count_results_and_next(client, personas):
    client.force_login(personas["admin"])
    first = client.get("/api/v1/audit/events", {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["count"] > 2
    assert "page=2" in first["next"]
    assert client.get("/api/v1/audit/events", {"page_size": 500}).status_code == 400


def test_session_users_can_call_the_api_too(client, personas):
    client.force_login(personas["leader"])
    assert client.get("/api/v1/me").json()["role"] == "leader"
