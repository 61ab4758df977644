"""Pledges from signature to certificate, renewal, returns, and revocation after a breach."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fangxin.audit.models import AuditEvent
from fangxin.merchants.models import Merchant, MerchantAccount
from fangxin.merchants.services import merchant_update
from fangxin.pledges import breaches
from fangxin.pledges.models import Pledge, PledgeBreach, PledgeReturn
from fangxin.pledges.selectors import fulfilment_for
from fangxin.pledges.services import add_months, pledge_return_log, pledge_review, pledge_sign
from tests.conftest import SETUP
from tests.pledges.factories import (
    CREDIT_CODE,
    approved_pledge,
    deadline_passed,
    reviewer,
    shop,
    signed_pledge,
)

pytestmark = pytest.mark.django_db

SIGN_FORM = {
    "kind": "seven_day_return",
    "scope": "本店销售的服装鞋帽",
    "excluded_goods": "定制商品",
    "conditions": "商品完好，赠品一并退回",
    "refund_days": "7",
    "months": "24",
    "signer_name": "王店长",
    "agree": "on",
}


@pytest.fixture
def shop_login(org, personas, login):
    """The merchant persona signed in for its own shop."""
    merchant = shop(org)
    MerchantAccount.objects.create(user=personas["merchant"], merchant=merchant)
    client = login(personas["merchant"])
    client.merchant = merchant
    return client


def test_a_merchant_signs_a_pledge_that_waits_for_review(shop_login):
    response = shop_login.post("/merchant/pledges/new/", SIGN_FORM)
    assert response.status_code == 302
    pledge = Pledge.objects.get(merchant=shop_login.merchant)
    assert pledge.status == Pledge.Status.SUBMITTED and pledge.number == ""
    assert AuditEvent.objects.filter(action="pledge.sign", object_id=str(pledge.pk)).exists()


def test_a_pledge_without_scope_is_refused_in_chinese_and_nothing_is_written(shop_login):
    response = shop_login.post("/merchant/pledges/new/", {**SIGN_FORM, "scope": ""})
    assert response.status_code == 400
    assert "请填写承诺范围" in response.content.decode()
    assert not Pledge.objects.exists()


def test_a_merchant_whose_licence_is_revoked_cannot_pledge(org):
    merchant = shop(org)
    merchant_update(actor=SETUP, merchant=merchant, values={"status": Merchant.Status.REVOKED})
    with pytest.raises(ValidationError, match="吊销"):
        signed_pledge(org, merchant)
    assert not Pledge.objects.exists()


def test_a_second_pledge_of_the_same_kind_waits_for_the_first(org):
    merchant = shop(org)
    signed_pledge(org, merchant)
    with pytest.raises(ValidationError, match="审核中或有效期内"):
        signed_pledge(org, merchant)


def test_approval_numbers_the_pledge_and_sets_two_years(org):
    pledge = approved_pledge(org)
    today = timezone.localdate()
    assert pledge.number.startswith(f"141123-{today.year}-TH")
    assert pledge.valid_from == today
    assert pledge.valid_until == add_months(today, 24) - datetime.timedelta(days=1)


def test_a_month_later_than_the_31st_is_the_months_last_day():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 30), 24) == datetime.date(2028, 11, 30)


def test_a_handler_cannot_approve_a_pledge(org, personas):
    pledge = signed_pledge(org)
    with pytest.raises(ValidationError, match="负责人"):
        pledge_review(actor=personas["handler"], pledge=pledge, approve=True)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SUBMITTED


def test_returning_a_pledge_needs_a_reason(org):
    pledge = signed_pledge(org)
    with pytest.raises(ValidationError, match="退回时请写明"):
        pledge_review(actor=reviewer(org), pledge=pledge, approve=False)


def test_the_certificate_page_says_a_current_pledge_is_valid(org, client):
    pledge = approved_pledge(org)
    body = client.get(f"/pledges/c/{pledge.token}/").content.decode()
    assert "承诺有效" in body and pledge.merchant.name in body and pledge.number in body


def test_a_forged_certificate_address_is_not_found(org, client):
    approved_pledge(org)
    response = client.get("/pledges/c/forged-token-that-we-never-issued/")
    assert response.status_code == 404
    assert "未找到该承诺证书" in response.content.decode()


def test_a_pledge_under_review_has_no_public_certificate(org, client):
    pledge = signed_pledge(org)
    assert client.get(f"/pledges/c/{pledge.token}/").status_code == 404


def test_the_qr_code_is_an_svg_of_the_certificate(org, client):
    pledge = approved_pledge(org)
    response = client.get(f"/pledges/c/{pledge.token}/qr.svg")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert client.get("/pledges/c/forged-token-that-we-never-issued/qr.svg").status_code == 404


def _breach_to_correcting(org, pledge, actor):
    breach = breaches.breach_open(actor=actor, pledge=pledge, reason="拒绝为消费者办理无理由退货")
    return breaches.breach_talk(
        actor=actor,
        breach=breach,
        talk_at=timezone.now() - datetime.timedelta(hours=1),
        note="约谈店长，要求整改",
        due=timezone.localdate() + datetime.timedelta(days=10),
    )


def test_a_revoked_pledge_says_so_on_its_certificate(org, personas, client):
    pledge = approved_pledge(org)
    breach = deadline_passed(_breach_to_correcting(org, pledge, personas["handler"]))
    breaches.breach_revoke(actor=personas["head"], breach=breach, notice="拒不整改，撤销其承诺。")
    body = client.get(f"/pledges/c/{pledge.token}/").content.decode()
    assert "承诺已撤销" in body and "拒不整改，撤销其承诺。" in body


def test_revocation_comes_only_after_the_talk_and_deadline(org, personas):
    pledge = approved_pledge(org)
    breach = breaches.breach_open(actor=personas["head"], pledge=pledge, reason="拒绝退货")
    with pytest.raises(ValidationError, match="不能执行此操作"):
        breaches.breach_revoke(actor=personas["head"], breach=breach, notice="撤销")
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.APPROVED


def test_revocation_waits_for_the_correction_deadline(org, personas):
    pledge = approved_pledge(org)
    breach = _breach_to_correcting(org, pledge, personas["handler"])
    assert "revoke" not in breaches.breach_moves(breach, personas["head"])
    with pytest.raises(ValidationError, match="不能执行此操作"):
        breaches.breach_revoke(actor=personas["head"], breach=breach, notice="撤销")


def test_a_handler_is_not_offered_revocation(org, personas):
    pledge = approved_pledge(org)
    breach = deadline_passed(_breach_to_correcting(org, pledge, personas["handler"]))
    assert breaches.breach_moves(breach, personas["handler"]) == ["corrected"]
    assert "revoke" in breaches.breach_moves(breach, personas["head"])


def test_a_corrected_breach_leaves_the_pledge_valid(org, personas):
    pledge = approved_pledge(org)
    breach = _breach_to_correcting(org, pledge, personas["handler"])
    breaches.breach_corrected(actor=personas["handler"], breach=breach, note="已为消费者退货")
    pledge.refresh_from_db()
    assert pledge.is_current()
    assert PledgeBreach.objects.get().status == PledgeBreach.Status.CORRECTED


def test_renewal_starts_the_day_after_the_old_pledge_ends(org):
    old = approved_pledge(org)
    renewal = pledge_sign(
        actor=SETUP,
        merchant=old.merchant,
        kind=old.kind,
        scope=old.scope,
        signer_name="李建国",
        months=12,
        conditions=old.conditions,
        refund_days=7,
        renews=old,
    )
    renewal = pledge_review(actor=reviewer(org), pledge=renewal, approve=True)
    old.refresh_from_db()
    assert old.status == Pledge.Status.RENEWED
    assert renewal.valid_from == old.valid_until + datetime.timedelta(days=1)


def test_a_return_dated_tomorrow_is_refused(org, personas):
    pledge = approved_pledge(org)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        pledge_return_log(
            actor=personas["merchant"],
            pledge=pledge,
            returned_on=timezone.localdate() + datetime.timedelta(days=1),
            goods="电水壶",
            amount="89.00",
        )
    assert not PledgeReturn.objects.exists()


def test_logged_returns_count_in_the_fulfilment_record(org, shop_login):
    pledge = approved_pledge(org, shop_login.merchant)
    response = shop_login.post(
        f"/merchant/pledges/{pledge.pk}/returns/",
        {"returned_on": timezone.localdate().isoformat(), "goods": "电水壶", "amount": "89.00"},
    )
    assert response.status_code == 302
    record = fulfilment_for(shop_login.merchant)
    assert record["returns"] == 1 and record["returned_amount"] == Decimal("89.00")


def test_a_complaint_against_a_pledge_holder_is_linked_to_the_pledge(org):
    from tests.complaints.factories import make_case

    merchant = shop(org, credit_code=CREDIT_CODE)
    pledge = approved_pledge(org, merchant)
    case = make_case(credit_code=CREDIT_CODE)
    assert case.pledge_id == pledge.pk
    assert fulfilment_for(merchant)["complaints"] == 1


def test_a_merchant_cannot_open_another_merchants_pledge(org, shop_login):
    other = approved_pledge(org, shop(org, name="兴县另一家商店"))
    assert shop_login.get(f"/merchant/pledges/{other.pk}/").status_code == 404
    assert shop_login.post(f"/merchant/pledges/{other.pk}/returns/", {}).status_code == 404


def test_a_consumer_cannot_use_the_merchant_portal(personas, login):
    assert login(personas["consumer"]).get("/merchant/pledges/").status_code == 403


@pytest.mark.parametrize(
    "url",
    ["/pledges/c/{token}/", "/merchants/{merchant}/", "/pledges/", "/merchants/?q=百货"],
)
def test_public_pages_show_nothing_personal(org, client, url):
    pledge = approved_pledge(org)
    body = client.get(url.format(token=pledge.token, merchant=pledge.merchant_id)).content.decode()
    assert pledge.merchant.name in body
    for personal in ("李建国", "13912345678"):
        assert personal not in body, personal
