"""ODR units: the merchant applies, the bureau decides, intake follows the decision, and each
unit's record is counted."""

import pytest
from django.core.exceptions import ValidationError

from fangxin.complaints import odr
from fangxin.merchants.models import MerchantAccount, OdrMembership
from fangxin.merchants.odr_units import odr_apply, odr_decide, odr_unit_stats
from tests.complaints.factories import make_case
from tests.pledges.factories import CREDIT_CODE, shop

pytestmark = pytest.mark.django_db
APPLY = {
    "premises": "兴县蔚汾镇文化街8号",
    "contact_person": "周店长",
    "contact_phone": "13812349876",
    "agree": "on",
}


@pytest.fixture
def merchant_client(org, personas, login):
    merchant = shop(org, credit_code=CREDIT_CODE)
    MerchantAccount.objects.create(user=personas["merchant"], merchant=merchant)
    client = login(personas["merchant"])
    client.merchant = merchant
    return client


def test_a_merchant_applies_with_the_undertaking(merchant_client):
    response = merchant_client.post("/merchant/odr/", APPLY)
    assert response.status_code == 302
    membership = OdrMembership.objects.get(merchant=merchant_client.merchant)
    assert membership.status == "applied" and "承诺" in membership.undertaking


def test_an_application_without_agreeing_is_refused(merchant_client):
    response = merchant_client.post("/merchant/odr/", {**APPLY, "agree": ""})
    assert response.status_code == 400 and "请阅读并同意承诺书" in response.content.decode()
    assert not OdrMembership.objects.exists()


def test_an_applied_merchant_does_not_get_complaints_first_until_approved(org, personas):
    merchant = shop(org, credit_code=CREDIT_CODE)
    membership = odr_apply(
        actor=personas["merchant"],
        merchant=merchant,
        agree=True,
        **{k: v for k, v in APPLY.items() if k != "agree"},
    )
    assert make_case(credit_code=CREDIT_CODE, odr_consent=True).status == "received"
    odr_decide(actor=personas["head"], membership=membership, decision="approve")
    assert make_case(credit_code=CREDIT_CODE, odr_consent=True).status == "odr"


def test_a_handler_cannot_approve_and_suspension_needs_a_reason(org, personas):
    merchant = shop(org)
    membership = OdrMembership.objects.create(merchant=merchant, status="applied")
    with pytest.raises(ValidationError, match="负责人"):
        odr_decide(actor=personas["handler"], membership=membership, decision="approve")
    odr_decide(actor=personas["head"], membership=membership, decision="approve")
    with pytest.raises(ValidationError, match="理由"):
        odr_decide(actor=personas["head"], membership=membership, decision="suspend")


def test_unit_statistics_count_settled_on_time_and_escalated(org, personas):
    merchant = shop(org, credit_code=CREDIT_CODE)
    OdrMembership.objects.create(merchant=merchant, status="approved")
    settled = make_case(credit_code=CREDIT_CODE, odr_consent=True)
    escalated = make_case(credit_code=CREDIT_CODE, odr_consent=True)
    odr.odr_settle(actor=personas["merchant"], case=settled, note="已退款")
    odr.odr_escalate(actor=personas["merchant"], case=escalated, reason="协商不成")
    unit = odr_unit_stats(org["bureau"].pk).get(merchant=merchant)
    assert (unit.odr_cases, unit.settled, unit.settled_on_time, unit.escalated) == (2, 1, 1, 1)


def test_staff_decide_on_the_odr_page(org, personas, login):
    membership = OdrMembership.objects.create(merchant=shop(org), status="applied")
    client = login(personas["head"])
    response = client.post(f"/staff/merchants/odr/{membership.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == "approved"
    bad = client.post(f"/staff/merchants/odr/{membership.pk}/", {"decision": "approve"})
    assert bad.status_code == 400 and "不能批准" in bad.content.decode()


def test_suspending_a_unit_sends_its_open_cases_to_the_bureau(org, personas):
    merchant = shop(org, credit_code=CREDIT_CODE)
    membership = OdrMembership.objects.create(merchant=merchant, status="approved")
    case = make_case(credit_code=CREDIT_CODE, odr_consent=True)
    assert case.status == "odr"
    odr_decide(
        actor=personas["head"], membership=membership, decision="suspend", note="多次超期未处理"
    )
    case.refresh_from_db()
    assert case.status != "odr"
    assert case.deadlines.get(key="odr.negotiation").state == "cancelled"


def test_an_outsider_cannot_decide_this_bureaus_odr_units(org, personas, login):
    membership = OdrMembership.objects.create(merchant=shop(org), status="applied")
    response = login(personas["outsider"]).post(
        f"/staff/merchants/odr/{membership.pk}/", {"decision": "approve", "note": ""}
    )
    assert response.status_code in (403, 404)
    membership.refresh_from_db()
    assert membership.status == "applied"
