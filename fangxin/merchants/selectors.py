"""Reads on the registry: staff search, the public lookup, complaint counts by year."""

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear

from fangxin.core.validators import normalize_credit_code
from fangxin.merchants.models import Merchant

MAX_QUERY = 60


def merchant_search(*, bureau_id: int | None, q: str = "", township_id=None, sector: str = ""):
    merchants = Merchant.objects.filter(merged_into__isnull=True).select_related("township")
    if bureau_id is not None:
        merchants = merchants.filter(bureau_id=bureau_id)
    q = (q or "").strip()[:MAX_QUERY]
    if q:
        code = normalize_credit_code(q)
        if len(code) == 18:
            merchants = merchants.filter(credit_code=code)
        else:
            merchants = merchants.filter(Q(name__icontains=q) | Q(credit_code__startswith=code))
    if township_id:
        merchants = merchants.filter(township_id=township_id)
    if sector:
        merchants = merchants.filter(sectors__sector=sector)
    return merchants.order_by("name", "pk")


PUBLIC_LIMIT = 50
CODE_CHARS = set("0123456789ABCDEFGHJKLMNPQRTUWXY")


def merchant_lookup_public(q: str) -> tuple[list[Merchant], bool]:
    """The public lookup: at most PUBLIC_LIMIT live merchants of any bureau matching a name
    fragment or a credit code (or its beginning), and whether there were more. Short fragments
    match many names: those come in registration order, so the scan stops at the limit."""
    q = (q or "").strip()[:MAX_QUERY]
    if not q:
        return [], False
    merchants = Merchant.objects.filter(merged_into__isnull=True).select_related("township")
    code = normalize_credit_code(q)
    if len(code) == 18:
        merchants = merchants.filter(credit_code=code)
    elif len(code) >= 4 and set(code) <= CODE_CHARS:
        merchants = merchants.filter(Q(credit_code__startswith=code) | Q(name__icontains=q))
    else:
        merchants = merchants.filter(name__icontains=q)
    ordered = merchants.order_by("name", "pk") if len(q) >= 3 else merchants.order_by("pk")
    rows = list(ordered[: PUBLIC_LIMIT + 1])
    return rows[:PUBLIC_LIMIT], len(rows) > PUBLIC_LIMIT


def complaint_counts_by_year(merchant: Merchant) -> list[dict]:
    """Complaints (投诉 only, not reports) against the merchant per year of receipt."""
    from fangxin.complaints.models import Case

    return list(
        Case.objects.filter(merchant=merchant, kind="complaint")
        .annotate(year=ExtractYear("received_at"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("-year")
    )


def merchant_by_name_or_code(bureau_id: int, value: str) -> Merchant | None:
    """The bureau's merchant named exactly `value`, or with that credit code (as staff type it
    into a form: spaces and lower case allowed)."""
    value = value.strip()
    code = normalize_credit_code(value)
    return (
        Merchant.objects.filter(bureau_id=bureau_id, merged_into__isnull=True)
        .filter(Q(credit_code=code) if len(code) == 18 else Q(name=value))
        .order_by("pk")
        .first()
    )
