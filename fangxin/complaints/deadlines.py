"""A case's statutory clocks, all computed on the calendar of `fangxin.core.calendar` from the
rule set in force on the case's receipt date."""

import datetime

from django.utils import timezone

from fangxin.complaints.models import Case, CaseDeadline
from fangxin.core.calendar import deadline_for

RUNNING = CaseDeadline.State.RUNNING


def deadline_open(case: Case, key: str, starts_on: datetime.date) -> CaseDeadline:
    """Start (or restart) the clock `key` from `starts_on`."""
    d = deadline_for(key, starts_on, rule_set=case.rule_set)
    deadline, _ = CaseDeadline.objects.update_or_create(
        case=case,
        key=key,
        defaults={
            "label": d.label,
            "starts_on": starts_on,
            "due_on": d.due,
            "provisional": d.provisional,
            "citation": d.citation,
            "rule_set_name": d.rule_set,
            "verified": d.verified,
            "state": RUNNING,
            "extended": False,
            "paused_working_days": 0,
            "met_at": None,
            "due_soon_reminded_at": None,
            "overdue_reminded_at": None,
        },
    )
    return deadline


# Clocks that run after a case ends: telling the parties is still owed.
NOTICE_KEYS = frozenset({"complaint.termination_notice", "report.reporter_notice"})


def deadlines_close(case: Case) -> None:
    """A case that ended keeps no running or paused clock but its notices."""
    CaseDeadline.objects.filter(case=case, state__in=[RUNNING, CaseDeadline.State.PAUSED]).exclude(
        key__in=NOTICE_KEYS
    ).update(state=CaseDeadline.State.CANCELLED)


def deadline_meet(case: Case, key: str) -> None:
    CaseDeadline.objects.filter(
        case=case, key=key, state__in=[RUNNING, CaseDeadline.State.PAUSED]
    ).update(state=CaseDeadline.State.MET, met_at=timezone.now())


def deadline_cancel(case: Case, key: str) -> None:
    CaseDeadline.objects.filter(case=case, key=key).exclude(state=CaseDeadline.State.MET).update(
        state=CaseDeadline.State.CANCELLED
    )


def local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()
