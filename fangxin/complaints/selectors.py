import datetime
import re

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from fangxin.accounts.models import UnitMembership
from fangxin.complaints.access import Viewer, case_scope_for_user
from fangxin.complaints.models import Case, CaseDeadline, Notification
from fangxin.complaints.search import search_filter
from fangxin.complaints.workflow import OPEN, Status
from fangxin.web.ratelimit import count, hit

DUE_SOON_DAYS = 3
TRACKING_NO = re.compile(r"[0-9]{6}-[0-9]{4}-[A-Z]{2}[0-9]{6,}")


def case_list_for_user(
    user,
    *,
    queue: str = "",
    kind: str = "",
    status: str = "",
    channel: str = "",
    sector: str = "",
    township: int | None = None,
    unit: int | None = None,
    q: str = "",
    received_from: datetime.date | None = None,
    received_to: datetime.date | None = None,
    viewer: Viewer | None = None,
) -> QuerySet[Case]:
    """`viewer` (from access.viewer_for) saves reading the caller's units again."""
    cases = case_scope_for_user(user, viewer).select_related("unit", "township", "assignee")
    today = timezone.localdate()
    running = CaseDeadline.State.RUNNING
    if queue == "mine":
        cases = cases.filter(assignee=user, status__in=OPEN)
    # Subqueries, not joins: a join would need DISTINCT, and DISTINCT over a million rows
    # sorts them all before the first page can be shown.
    elif queue == "unit":
        cases = cases.filter(
            unit_id__in=UnitMembership.objects.filter(user=user).values("unit_id"), status__in=OPEN
        )
    elif queue == "triage":
        cases = cases.filter(status=Status.TRIAGE)
    elif queue == "due_soon":
        cases = cases.filter(
            Exists(
                CaseDeadline.objects.filter(
                    case=OuterRef("pk"),
                    state=running,
                    due_on__gte=today,
                    due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
                )
            )
        )
    elif queue == "overdue":
        cases = cases.filter(
            Exists(
                CaseDeadline.objects.filter(case=OuterRef("pk"), state=running, due_on__lt=today)
            )
        )
    if kind:
        cases = cases.filter(kind=kind)
    if status:
        cases = cases.filter(status=status)
    if channel:
        cases = cases.filter(channel=channel)
    if sector:
        cases = cases.filter(sector=sector)
    if township:
        cases = cases.filter(township_id=township)
    if unit:
        cases = cases.filter(unit_id=unit)
    if received_from:
        cases = cases.filter(received_at__date__gte=received_from)
    if received_to:
        cases = cases.filter(received_at__date__lte=received_to)
    if q:
        q = q.strip()
        if TRACKING_NO.fullmatch(q.upper()):
            cases = cases.filter(tracking_no=q.upper())
        else:
            cases = search_filter(cases, q)
    return cases.order_by("-received_at", "-id")


# Failed lookups per tracking number, from any address: numbers run in sequence and only four
# digits guard each case, so guessing is limited per case as well as per address.
LOOKUP_FAILURES_PER_HOUR = 10


def case_public_get(tracking_no: str, phone_last4: str) -> Case | None:
    """The complainant's own case, found by its number and the last four digits of the phone
    it was filed with. Anything else — wrong digits, unknown number, an anonymous report, a
    number under guessing — answers None, all alike."""
    number = (tracking_no or "").strip().upper()[:32]
    if count("lookup-fail", number, window_seconds=3600) >= LOOKUP_FAILURES_PER_HOUR:
        return None
    case = _case_matching(number, phone_last4)
    if case is None:
        hit("lookup-fail", number, limit=LOOKUP_FAILURES_PER_HOUR, window_seconds=3600)
    return case


def _case_matching(number: str, phone_last4: str) -> Case | None:
    if not (phone_last4.isascii() and phone_last4.isdigit() and len(phone_last4) == 4):
        return None
    case = Case.objects.filter(tracking_no=number).first()
    if case is None or not case.complainant_phone or case.is_anonymous:
        return None
    return case if case.complainant_phone.endswith(phone_last4) else None


def notification_list_for_user(user, limit: int = 10):
    return Notification.objects.filter(user=user, read_at__isnull=True).select_related("case")[
        :limit
    ]
