import pytest

from fangxin.complaints.models import Case

URL = "/api/v1/complaints"
pytestmark = pytest.mark.django_db


def file(client, body):
    return client.post(URL, body, content_type="application/json").json()["tracking_no"]


class TestPublicStatus:
    def test_complainant_sees_status_timeline_and_deadlines(self, client, org, filing):
        number = file(client, filing())
        response = client.get(f"{URL}/{number}", {"phone_last4": "5678"})
        body = response.json()
        assert response.status_code == 200
        assert body["status_label"] == "待受理"
        assert body["timeline"][0]["text"].startswith("已收到您的投诉")
        assert body["deadlines"]["items"][0]["citation"]
        assert body["next_step"]

    def test_names_and_phones_are_masked(self, client, org, filing):
        number = file(client, filing())
        text = client.get(f"{URL}/{number}", {"phone_last4": "5678"}).content.decode()
        assert "王小明" not in text and "13812345678" not in text
        assert "138****5678" in text

    def test_wrong_phone_and_unknown_number_answer_the_same_404(self, client, org, filing):
        number = file(client, filing())
        wrong = client.get(f"{URL}/{number}", {"phone_last4": "0000"})
        unknown = client.get(f"{URL}/141123-2026-TS999999", {"phone_last4": "5678"})
        missing = client.get(f"{URL}/{number}")
        assert wrong.status_code == unknown.status_code == missing.status_code == 404
        assert wrong.json() == unknown.json() == missing.json()

    def test_anonymous_report_cannot_be_looked_up_by_phone(self, client, org, filing):
        number = file(client, filing(kind="report", complainant=None))
        assert client.get(f"{URL}/{number}", {"phone_last4": ""}).status_code == 404


class TestStaffList:
    def test_handler_sees_own_unit_cases_only(self, client, personas, org, filing):
        file(client, filing())  # 蔚汾 → unit
        file(client, filing(respondent={"name": "店", "address": "兴县魏家滩镇"}))  # unit2
        client.force_login(personas["handler"])
        body = client.get(URL).json()
        assert body["count"] == 1
        assert body["results"][0]["unit"] == "蔚汾市场监管所"

    def test_leader_sees_the_whole_bureau(self, client, personas, org, filing):
        file(client, filing())
        file(client, filing(respondent={"name": "店", "address": "兴县魏家滩镇"}))
        client.force_login(personas["leader"])
        assert client.get(URL).json()["count"] == 2

    def test_outsider_of_another_bureau_sees_nothing(self, client, personas, org, filing):
        file(client, filing())
        client.force_login(personas["outsider"])
        assert client.get(URL).json()["count"] == 0

    @pytest.mark.parametrize("persona", ["consumer", "merchant"])
    def test_public_accounts_are_refused(self, client, personas, persona):
        client.force_login(personas[persona])
        assert client.get(URL).status_code == 403

    def test_anonymous_caller_gets_401(self, client, org):
        assert client.get(URL).status_code == 401

    def test_reporter_identity_is_masked_outside_the_handling_unit(
        self, client, personas, org, filing
    ):
        file(client, filing(kind="report"))
        client.force_login(personas["leader"])
        row = client.get(URL).json()["results"][0]
        assert row["complainant"]["name"] == "（举报人信息仅承办单位可见）"
        assert row["complainant"]["phone"] == ""
        client.force_login(personas["handler"])
        row = client.get(URL).json()["results"][0]
        assert row["complainant"]["name"] == "王小明"

    def test_list_filters_and_paginates(self, client, personas, org, filing):
        for _ in range(3):
            file(client, filing())
        file(client, filing(kind="consultation"))
        client.force_login(personas["leader"])
        assert client.get(URL, {"kind": "consultation"}).json()["count"] == 1
        page = client.get(URL, {"page_size": 2}).json()
        assert len(page["results"]) == 2 and page["next"]
        assert client.get(URL, {"page_size": 201}).status_code == 400

    def test_search_finds_words_in_the_facts(self, client, personas, org, filing):
        file(client, filing())
        file(client, filing(facts="买到的电视机屏幕有坏点，商家不给换。"))
        client.force_login(personas["leader"])
        body = client.get(URL, {"q": "电视机"}).json()
        assert body["count"] == 1
        assert Case.objects.count() == 2


def test_status_lookups_are_rate_limited_per_address(client, org, filing):
    number = file(client, filing())
    answers = [
        client.get(f"{URL}/{number}", {"phone_last4": f"{i:04d}"}).status_code for i in range(31)
    ]
    # About 30 a minute get an answer; guessing all 10,000 endings would take days.
    assert answers[:29] == [404] * 29
    assert answers[-1] == 429


def test_a_number_under_guessing_is_closed_for_the_hour_from_every_address(client, org, filing):
    number = file(client, filing())
    for i in range(10):
        client.get(f"{URL}/{number}", {"phone_last4": f"{i:04d}"}, REMOTE_ADDR=f"10.9.0.{i}")
    response = client.get(f"{URL}/{number}", {"phone_last4": "5678"}, REMOTE_ADDR="10.9.1.1")
    assert response.status_code == 404


def test_a_bad_token_on_filing_is_an_error_not_an_anonymous_filing(client, org, filing):
    response = client.post(
        URL, filing(), content_type="application/json", HTTP_AUTHORIZATION="Bearer forged"
    )
    assert response.status_code == 401
    assert not Case.objects.exists()


class TestChineseSearch:
    def test_a_word_inside_a_longer_word_is_found(self, client, personas, org, filing):
        file(client, filing(facts="办理的健身房年卡无法使用"))
        client.force_login(personas["leader"])
        assert client.get(URL, {"q": "健身"}).json()["count"] == 1
        assert client.get(URL, {"q": "健身房 年卡"}).json()["count"] == 1

    def test_all_words_must_match(self, client, personas, org, filing):
        file(client, filing(facts="办理的健身房年卡无法使用"))
        client.force_login(personas["leader"])
        assert client.get(URL, {"q": "健身房 冰箱"}).json()["count"] == 0

    def test_a_tracking_number_finds_its_case(self, client, personas, org, filing):
        number = file(client, filing())
        file(client, filing())
        client.force_login(personas["leader"])
        body = client.get(URL, {"q": number.lower()}).json()
        assert body["count"] == 1 and body["results"][0]["tracking_no"] == number
