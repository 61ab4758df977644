"""Reads on credit publicity: the public list (entries inside their publication period, with
personal data redacted from the free text) and the bureau's full list."""

from django.db.models import Q
from django.utils import timezone

from fangxin.merchants.models import CreditEntry


def public_entries(*, bureau_id: int | None = None, q: str = "", kind: str = "", today=None):
    """Entries the public may see today: published, not withdrawn, period not over."""
    today = today or timezone.localdate()
    entries = CreditEntry.objects.filter(
        withdrawn_at__isnull=True,
        public_until__isnull=False,
        published_on__lte=today,
        public_until__gt=today,
        merchant__merged_into__isnull=True,
    ).select_related("merchant", "bureau")
    if bureau_id:
        entries = entries.filter(bureau_id=bureau_id)
    if kind:
        entries = entries.filter(kind=kind)
    q = (q or "").strip()[:60]
    if q:
        entries = entries.filter(
            Q(merchant__name__icontains=q) | Q(merchant__credit_code=q.upper())
        )
    return entries.order_by("-published_on", "-id")


def staff_entries(*, bureau_id: int, q: str = "", kind: str = "", state: str = "", today=None):
    today = today or timezone.localdate()
    entries = CreditEntry.objects.filter(bureau_id=bureau_id).select_related("merchant")
    if kind:
        entries = entries.filter(kind=kind)
    if state == "public":
        entries = entries.filter(
            withdrawn_at__isnull=True, published_on__lte=today, public_until__gt=today
        )
    elif state == "ended":
        entries = entries.filter(withdrawn_at__isnull=True, public_until__lte=today)
    elif state == "withdrawn":
        entries = entries.filter(withdrawn_at__isnull=False)
    elif state == "unpublished":
        entries = entries.filter(public_until__isnull=True)
    q = (q or "").strip()[:60]
    if q:
        entries = entries.filter(
            Q(merchant__name__icontains=q)
            | Q(merchant__credit_code=q.upper())
            | Q(document_number__icontains=q)
        )
    return entries.order_by("-published_on", "-id")


def public_text(entry: CreditEntry, text: str | None = None) -> str:
    """The entry's content (or `text` of it) as the public sees it: personal data replaced, the
    merchant's own (public) name kept."""
    from fangxin.textintel.redact import redact_text

    return redact_text(entry.content if text is None else text, keep=[entry.merchant.name])
