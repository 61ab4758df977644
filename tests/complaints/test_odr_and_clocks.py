import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from fangxin.accounts.models import Role
from fangxin.audit.services import Actor
from fangxin.complaints.clocks import clocks_run
from fangxin.complaints.models import CaseDeadline, Notification
from fangxin.merchants.models import MerchantAccount, OdrMembership
from fangxin.merchants.services import merchant_create
from tests.complaints.factories import make_case
from tests.conftest import PASSWORD

SETUP = Actor(label="测试准备")
CODE = "91141123MA0K4G8H9"


@pytest.fixture
def odr_merchant(org, make_user):
    from fangxin.core.validators import credit_code_check_char

    merchant = merchant_create(
        actor=SETUP,
        bureau=org["bureau"],
        name="兴县强身健身俱乐部",
        address="兴县蔚汾镇文化街22号",
        kind="enterprise",
        credit_code=CODE + credit_code_check_char(CODE),
        township=org["unit"].townships.first(),
    )
    OdrMembership.objects.create(
        merchant=merchant, status="approved", approved_on=datetime.date(2026, 1, 5)
    )
    user = make_user("gym", Role.MERCHANT, bureau=None)
    MerchantAccount.objects.create(user=user, merchant=merchant)
    return merchant


def odr_case(merchant, **extra):
    return make_case(odr_consent=True, credit_code=merchant.credit_code, **extra)


def test_consenting_complaint_against_an_odr_merchant_goes_to_the_merchant(odr_merchant):
    case = odr_case(odr_merchant)
    assert case.status == "odr"
    assert case.deadlines.get().key == "odr.negotiation"
    assert Notification.objects.filter(user__username="gym", case=case).exists()


def test_without_consent_the_bureau_handles_it(odr_merchant):
    case = make_case(credit_code=odr_merchant.credit_code)
    assert case.status == "received"


def test_merchant_sees_name_and_phone_but_never_the_id_number(client, odr_merchant):
    case = odr_case(odr_merchant)
    client.login(username="gym", password=PASSWORD)
    body = client.get(f"/merchant/cases/{case.tracking_no}/").content.decode()
    assert "王小明" in body and "13812345678" in body
    assert "11010519491231002X" not in body and "东关街" not in body


def test_other_merchants_and_staff_cannot_open_the_merchant_view(client, odr_merchant, personas):
    case = odr_case(odr_merchant)
    client.force_login(personas["merchant"])  # a merchant user without this merchant
    assert client.get(f"/merchant/cases/{case.tracking_no}/").status_code == 403
    client.force_login(personas["handler"])
    assert client.get("/merchant/cases/").status_code == 403
    client.logout()
    assert client.get("/merchant/cases/").status_code == 302


def test_merchant_records_contact_and_settles(client, odr_merchant):
    case = odr_case(odr_merchant)
    client.login(username="gym", password=PASSWORD)
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    client.post(
        f"/merchant/cases/{case.tracking_no}/contact/",
        {"contacted_at": now, "method": "phone", "note": "已电话联系，同意退款"},
    )
    client.post(
        f"/merchant/cases/{case.tracking_no}/settle/",
        {"note": "退还年卡余额2000元", "amount": "2000"},
    )
    case.refresh_from_db()
    assert (case.status, case.outcome, str(case.recovered_amount)) == (
        "closed",
        "odr_settled",
        "2000.00",
    )
    assert case.deadlines.get(key="odr.negotiation").state == "met"


def test_merchant_escalates_and_the_bureau_acceptance_clock_starts(client, odr_merchant, org):
    case = odr_case(odr_merchant)
    client.login(username="gym", password=PASSWORD)
    client.post(f"/merchant/cases/{case.tracking_no}/escalate/", {"reason": "消费者要求全额退款"})
    case.refresh_from_db()
    assert case.status == "received" and case.unit == org["unit"]
    assert case.deadlines.get(key="complaint.acceptance").state == "running"
    assert case.deadlines.get(key="odr.negotiation").state == "cancelled"


def test_expired_odr_case_escalates_automatically_once(odr_merchant):
    case = odr_case(odr_merchant)
    later = case.deadlines.get().due_on + datetime.timedelta(days=1)
    assert clocks_run(today=later).escalated == 1
    assert clocks_run(today=later).escalated == 0
    case.refresh_from_db()
    assert case.status == "received"
    assert case.events.filter(action="odr_escalate", actor_label="期限提醒").exists()


def test_due_soon_and_overdue_reminders_are_sent_once_each(personas):
    case = make_case()
    due = case.deadlines.get().due_on
    report = clocks_run(today=due - datetime.timedelta(days=1))
    assert report.due_soon == 1
    assert clocks_run(today=due - datetime.timedelta(days=1)).due_soon == 0
    assert clocks_run(today=due + datetime.timedelta(days=1)).overdue == 1
    assert clocks_run(today=due + datetime.timedelta(days=2)).overdue == 0
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert {"handler", "head"} <= notified


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_remind_once(personas):
    case = make_case()
    day = case.deadlines.get().due_on - datetime.timedelta(days=1)
    results, barrier = [], threading.Barrier(2)

    def run():
        try:
            barrier.wait()
            results.append(clocks_run(today=day).due_soon)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == [0, 1]
    assert CaseDeadline.objects.get(case=case).due_soon_reminded_at is not None


def test_merchant_no_longer_sees_a_case_once_it_went_to_the_bureau(client, odr_merchant):
    from fangxin.complaints.odr import odr_escalate

    case = odr_case(odr_merchant)
    odr_escalate(actor=Actor(label="t"), case=case, reason="未协商一致")
    client.login(username="gym", password=PASSWORD)
    assert client.get(f"/merchant/cases/{case.tracking_no}/").status_code == 404


def test_staff_cannot_pause_the_merchants_clock(client, odr_merchant, personas):
    case = odr_case(odr_merchant)
    client.force_login(personas["handler"])
    body = client.get(f"/staff/cases/{case.tracking_no}/").content.decode()
    assert 'id="step-pause"' not in body and 'id="step-extend"' not in body
