"""Reads on pledges: the certificate by token, a merchant's current pledges and its record of
keeping them, the public directory of pledge holders."""

import re

from django.db.models import Count, Q, Sum
from django.utils import timezone

from fangxin.merchants.models import Merchant
from fangxin.pledges.models import Pledge, PledgeBreach

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,43}$")
UPHELD_OUTCOMES = ("agreement", "settled", "odr_settled")


def pledge_by_token(token: str) -> Pledge | None:
    """The pledge a certificate address names; None for anything not issued by us."""
    if not TOKEN.match(token or ""):
        return None
    return (
        Pledge.objects.select_related("merchant", "merchant__township", "bureau")
        .filter(token=token)
        .exclude(
            status__in=[Pledge.Status.SUBMITTED, Pledge.Status.RETURNED, Pledge.Status.REPLACED]
        )
        .first()
    )


def current_pledges(*, today=None):
    """Pledges in force today: approved (or renewed, until their own end) and dated to cover
    today, of merchants still in business."""
    today = today or timezone.localdate()
    return Pledge.objects.filter(
        status__in=[Pledge.Status.APPROVED, Pledge.Status.RENEWED],
        valid_from__lte=today,
        valid_until__gte=today,
        merchant__status=Merchant.Status.ACTIVE,
    )


def pledge_current_for(merchant: Merchant) -> Pledge | None:
    """The pledge a complaint against this merchant is linked to: the return pledge first."""
    pledges = list(current_pledges().filter(merchant=merchant))
    pledges.sort(key=lambda p: p.kind != Pledge.Kind.SEVEN_DAY_RETURN)
    return pledges[0] if pledges else None


def fulfilment_for(merchant: Merchant) -> dict:
    """The merchant's record of keeping its pledges: returns honoured, complaints linked to a
    pledge and how many were upheld, breaches and revocations."""
    from fangxin.complaints.models import Case

    returns = Pledge.objects.filter(merchant=merchant).aggregate(
        n=Count("returns"), total=Sum("returns__amount")
    )
    linked = Case.objects.filter(pledge__merchant=merchant)
    return {
        "returns": returns["n"] or 0,
        "returned_amount": returns["total"] or 0,
        "complaints": linked.count(),
        "upheld": linked.filter(outcome__in=UPHELD_OUTCOMES).count(),
        "breaches": PledgeBreach.objects.filter(pledge__merchant=merchant).count(),
        "revoked": Pledge.objects.filter(merchant=merchant, status=Pledge.Status.REVOKED).count(),
    }


def directory(*, township_id=None, sector: str = "", kind: str = "", q: str = ""):
    """Merchants holding a current pledge, for the public directory."""
    pledges = current_pledges()
    if kind:
        pledges = pledges.filter(kind=kind)
    merchants = Merchant.objects.filter(
        pk__in=pledges.values("merchant_id"), merged_into__isnull=True
    ).select_related("township")
    if township_id:
        merchants = merchants.filter(township_id=township_id)
    if sector:
        merchants = merchants.filter(sectors__sector=sector)
    if q:
        merchants = merchants.filter(Q(name__icontains=q) | Q(address__icontains=q))
    return merchants.order_by("name")
