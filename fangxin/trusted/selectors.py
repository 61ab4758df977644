"""Reads on 放心消费 creation: the bureau's pool, a merchant's current certifications and the
public directory of certified units (current ones only)."""

from django.db.models import Count, Q
from django.utils import timezone

from fangxin.trusted.models import TrustedUnit


def pool(*, bureau_id: int, status: str = "", q: str = "", township_id=None, unit_id=None):
    records = TrustedUnit.objects.filter(bureau_id=bureau_id).select_related(
        "merchant", "merchant__township", "unit"
    )
    if status:
        records = records.filter(status=status)
    if township_id:
        records = records.filter(merchant__township_id=township_id)
    if unit_id:
        records = records.filter(unit_id=unit_id)
    q = (q or "").strip()[:60]
    if q:
        records = records.filter(Q(merchant__name__icontains=q) | Q(merchant__credit_code=q))
    return records.order_by("-updated_at", "-id")


def pool_counts(bureau_id: int) -> dict[str, int]:
    rows = TrustedUnit.objects.filter(bureau_id=bureau_id).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def _current(today):
    return TrustedUnit.objects.filter(
        status=TrustedUnit.Status.CERTIFIED,
        certified_on__lte=today,
        valid_until__gte=today,
        merchant__merged_into__isnull=True,
    )


def certifications_current(merchant, today=None) -> list[TrustedUnit]:
    return list(_current(today or timezone.localdate()).filter(merchant=merchant))


def directory(*, township_id=None, sector: str = "", level: str = "", q: str = "", today=None):
    """Certified units whose certificate is current, for the public (no personal data)."""
    records = _current(today or timezone.localdate()).select_related(
        "merchant", "merchant__township"
    )
    if township_id:
        records = records.filter(merchant__township_id=township_id)
    if sector:
        records = records.filter(merchant__sectors__sector=sector)
    if level:
        records = records.filter(level=level)
    q = (q or "").strip()[:60]
    if q:
        records = records.filter(merchant__name__icontains=q)
    return records.order_by("merchant__township__name", "merchant__name", "pk").distinct()
