import re

import pytest

from fangxin.audit.models import AuditEvent
from fangxin.complaints.models import Case

URL = "/api/v1/complaints"
pytestmark = pytest.mark.django_db


def post(client, body, **headers):
    return client.post(URL, body, content_type="application/json", **headers)


def test_consumer_files_a_complaint_and_gets_a_number_status_and_deadline(client, org, filing):
    response = post(client, filing())
    assert response.status_code == 201
    body = response.json()
    assert re.fullmatch(r"141123-\d{4}-TS\d{6}", body["tracking_no"])
    assert body["kind"] == "complaint"
    assert body["status"] == "received"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", body["deadlines"]["acceptance_due"])
    assert body["deadlines"]["provisional"] in (True, False)
    case = Case.objects.get(tracking_no=body["tracking_no"])
    assert case.unit == org["unit"] and case.channel == "web"


def test_filing_is_routed_by_the_township_in_the_address(client, org, filing):
    body = filing(respondent={"name": "某超市", "address": "兴县魏家滩镇中心街3号"})
    case = Case.objects.get(tracking_no=post(client, body).json()["tracking_no"])
    assert case.unit == org["unit2"]


def test_unroutable_filing_goes_to_the_triage_queue(client, org, filing):
    body = filing(
        respondent={"name": "某网店", "address": "兴县某处", "township": ""}, bureau="141123"
    )
    response = post(client, body)
    assert response.json()["status"] == "triage"


def test_filing_is_audited_with_personal_data_masked(client, org, filing):
    number = post(client, filing()).json()["tracking_no"]
    case = Case.objects.get(tracking_no=number)
    event = AuditEvent.objects.get(action="case.file", object_id=str(case.pk))
    assert event.changes["phone"] == "138****5678"
    assert "13812345678" not in str(event.changes)


def test_anonymous_report_needs_no_complainant(client, org, filing):
    response = post(client, filing(kind="report", complainant=None))
    body = response.json()
    assert response.status_code == 201
    assert "-JB" in body["tracking_no"]
    assert body["deadlines"]["acceptance_due"] is None
    assert Case.objects.get(tracking_no=body["tracking_no"]).is_anonymous


def test_numbers_are_distinct_and_sequential(client, org, filing):
    numbers = [post(client, filing()).json()["tracking_no"] for _ in range(3)]
    assert len(set(numbers)) == 3
    assert [int(n[-6:]) for n in numbers] == sorted(int(n[-6:]) for n in numbers)


class TestBadInput:
    def test_malformed_json_answers_400_and_writes_nothing(self, client, org):
        response = client.post(URL, "{not json", content_type="application/json")
        assert response.status_code == 400
        assert response.json()["errors"]["body"]
        assert not Case.objects.exists()

    def test_missing_fields_are_named_in_chinese(self, client, org):
        response = post(client, {"kind": "complaint"})
        errors = response.json()["errors"]
        assert response.status_code == 400
        assert errors["respondent"] == ["此项为必填项。"]
        assert errors["claim"] == ["此项为必填项。"]

    def test_wrong_types_are_reported(self, client, org, filing):
        errors = post(client, filing(occurred_on="yesterday", amount="abc")).json()["errors"]
        assert errors["occurred_on"] == ["日期格式应为 YYYY-MM-DD。"]
        assert errors["amount"] == ["应为数字，例如 128.50。"]

    @pytest.mark.parametrize(
        "field,value,path,message",
        [
            ("complainant", {"name": "王小明", "phone": "12345"}, "complainant.phone", "手机号码"),
            ("complainant", {"name": "", "phone": "13812345678"}, "complainant.name", "请填写姓名"),
            (
                "complainant",
                {"name": "王", "phone": "13812345678", "id_number": "110101199003071234"},
                "complainant.id_number",
                "校验位",
            ),
            (
                "respondent",
                {"name": "店", "address": "兴县蔚汾镇", "credit_code": "91350100M000100Y44"},
                "respondent.credit_code",
                "校验位错误",
            ),
            ("occurred_on", "2999-01-01", "occurred_on", "不能晚于今天"),
            ("amount", "-5", "amount", "不小于0"),
            ("kind", "praise", "kind", "类型应为"),
            ("claim", "   ", "claim", "请填写诉求"),
        ],
    )
    def test_business_rules_answer_400_with_field_messages(
        self, client, org, filing, field, value, path, message
    ):
        response = post(client, filing(**{field: value}))
        assert response.status_code == 400
        assert message in "".join(response.json()["errors"][path])
        assert not Case.objects.exists()

    def test_oversized_text_is_refused(self, client, org, filing):
        errors = post(client, filing(facts="很" * 10001)).json()["errors"]
        assert errors["facts"] == ["事实与理由不能超过10000个字符。"]

    def test_the_public_cannot_choose_channel_or_receipt_time(self, client, org, filing):
        errors = post(
            client, filing(channel="window", received_at="2026-11-01T09:00:00+08:00")
        ).json()["errors"]
        assert "channel" in errors and "received_at" in errors


class TestIdempotency:
    def test_retry_with_the_same_key_returns_the_same_case(self, client, org, filing):
        first = post(client, filing(), HTTP_IDEMPOTENCY_KEY="abc-123")
        second = post(client, filing(), HTTP_IDEMPOTENCY_KEY="abc-123")
        assert first.status_code == second.status_code == 201
        assert first.json() == second.json()
        assert Case.objects.count() == 1

    def test_same_key_with_a_different_body_is_refused(self, client, org, filing):
        post(client, filing(), HTTP_IDEMPOTENCY_KEY="abc-123")
        response = post(client, filing(claim="别的诉求"), HTTP_IDEMPOTENCY_KEY="abc-123")
        assert response.status_code == 422
        assert Case.objects.count() == 1


class TestStaffFiling:
    def test_staff_records_a_phone_filing_with_the_real_receipt_time(
        self, client, personas, org, filing
    ):
        client.force_login(personas["handler"])
        response = post(
            client,
            filing(
                channel="phone", occurred_on="2026-09-20", received_at="2026-09-30T16:30:00+08:00"
            ),
        )
        body = response.json()
        assert response.status_code == 201
        assert body["received_at"].startswith("2026-09-30T")
        assert body["deadlines"]["acceptance_due"] == "2026-10-15"
        assert Case.objects.get(tracking_no=body["tracking_no"]).channel == "phone"

    def test_staff_cannot_date_a_filing_in_the_future(self, client, personas, org, filing):
        client.force_login(personas["handler"])
        errors = post(
            client, filing(channel="phone", received_at="2099-01-01T09:00:00+08:00")
        ).json()["errors"]
        assert errors["received_at"] == ["收到时间不能晚于现在。"]


def test_an_oversized_body_answers_413_in_the_api_shape(client, org, filing):
    body = filing(facts="很" * 1_000_000)
    response = post(client, body)
    assert response.status_code == 413
    assert "请求内容过大" in response.json()["errors"]["body"][0]
    assert not Case.objects.exists()


class TestReviewedEdges:
    def test_naive_receipt_time_is_refused_not_crashed(self, client, personas, org, filing):
        client.force_login(personas["handler"])
        errors = post(client, filing(channel="phone", received_at="2026-11-01T10:00:00")).json()[
            "errors"
        ]
        assert "时区" in errors["received_at"][0]

    def test_receipt_time_outside_the_calendar_is_refused(self, client, personas, org, filing):
        client.force_login(personas["handler"])
        for moment in ("0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-12:00"):
            response = post(client, filing(channel="phone", received_at=moment))
            assert response.status_code == 400, moment

    def test_receipt_before_the_first_rule_set_is_refused(self, client, personas, org, filing):
        client.force_login(personas["handler"])
        errors = post(
            client,
            filing(
                channel="phone", occurred_on="2015-01-01", received_at="2015-03-01T10:00:00+08:00"
            ),
        ).json()["errors"]
        assert "最早的法定时限规则" in errors["received_at"][0]

    def test_a_huge_page_number_is_a_400(self, client, personas, org):
        client.force_login(personas["leader"])
        assert client.get(URL, {"page": "10000000000000000000000"}).status_code == 400
