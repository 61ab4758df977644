"""Renewals and revocation together, and what a deregistered merchant's pledge says."""

import pytest
from django.core.exceptions import ValidationError

from fangxin.merchants.services import merchant_update
from fangxin.pledges import breaches
from fangxin.pledges.models import Pledge
from fangxin.pledges.selectors import directory, pledge_current_for
from fangxin.pledges.services import pledge_resubmit, pledge_review, pledge_sign
from tests.conftest import SETUP
from tests.pledges.factories import approved_pledge, deadline_passed, reviewer

pytestmark = pytest.mark.django_db


def _renewal(old):
    return pledge_sign(
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


def _revoke(old, personas):
    import datetime

    from django.utils import timezone

    breach = breaches.breach_open(actor=personas["head"], pledge=old, reason="拒绝退货")
    breach = breaches.breach_talk(
        actor=personas["head"],
        breach=breach,
        talk_at=timezone.now() - datetime.timedelta(hours=1),
        note="约谈",
        due=timezone.localdate() + datetime.timedelta(days=3),
    )
    breaches.breach_revoke(actor=personas["head"], breach=deadline_passed(breach), notice="撤销")


def test_revoking_a_pledge_also_revokes_its_pending_renewal(org, personas):
    old = approved_pledge(org)
    renewal = _renewal(old)
    _revoke(old, personas)
    renewal.refresh_from_db()
    assert renewal.status == Pledge.Status.REVOKED
    with pytest.raises(ValidationError):
        pledge_review(actor=reviewer(org), pledge=renewal, approve=True)
    old.refresh_from_db()
    assert old.status == Pledge.Status.REVOKED


def test_a_merchant_stays_in_the_directory_after_renewing(org):
    old = approved_pledge(org)
    pledge_review(actor=reviewer(org), pledge=_renewal(old), approve=True)
    assert pledge_current_for(old.merchant).pk == old.pk
    assert [m.pk for m in directory()] == [old.merchant_id]


def test_a_renewal_that_has_not_started_says_so(org):
    old = approved_pledge(org)
    renewal = pledge_review(actor=reviewer(org), pledge=_renewal(old), approve=True)
    assert renewal.public_state() == "待生效"


def test_a_returned_renewal_can_be_corrected_and_resubmitted(org):
    old = approved_pledge(org)
    renewal = pledge_review(
        actor=reviewer(org), pledge=_renewal(old), approve=False, note="请补充负面清单"
    )
    again = pledge_resubmit(
        actor=SETUP,
        pledge=renewal,
        scope=old.scope,
        signer_name="李建国",
        months=12,
        conditions=old.conditions,
        refund_days=7,
        excluded_goods="定制商品",
    )
    assert again.renews_id == old.pk and again.status == Pledge.Status.SUBMITTED


def test_a_deregistered_merchants_pledge_is_no_longer_valid(org, client):
    pledge = approved_pledge(org)
    merchant_update(actor=SETUP, merchant=pledge.merchant, values={"status": "deregistered"})
    body = client.get(f"/pledges/c/{pledge.token}/").content.decode()
    assert "承诺已失效" in body
    assert list(directory()) == []


def test_an_outsider_cannot_open_or_review_this_bureaus_pledge(org, personas, login):
    pledge = approved_pledge(org)
    client = login(personas["outsider"])
    assert client.get(f"/staff/pledges/{pledge.pk}/").status_code == 404
    response = client.post(f"/staff/pledges/{pledge.pk}/review/", {"decision": "approve"})
    assert response.status_code == 404
