"""The periodic work on clocks: due-soon and overdue reminders, and ODR cases whose time ran
out. Each item is claimed with a conditional UPDATE, so two runs at the same time never act
twice on the same item (STYLE.md, after healthchecks' sendalerts)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.models import UnitMembership
from fangxin.audit.services import Actor
from fangxin.complaints.models import Case, CaseDeadline, CaseEvent, Notification
from fangxin.complaints.odr import odr_escalate
from fangxin.complaints.workflow import Status

CLOCK = Actor(label="期限提醒")
DUE_SOON_DAYS = 3


@dataclass
class RunReport:
    due_soon: int = 0
    overdue: int = 0
    escalated: int = 0


def _recipients(case: Case) -> list:
    if case.assignee_id:
        return [case.assignee]
    if case.unit_id:
        members = UnitMembership.objects.filter(unit_id=case.unit_id).select_related("user")
    else:
        members = UnitMembership.objects.filter(
            unit__bureau_id=case.bureau_id, unit__is_coordinator=True
        ).select_related("user")
    return [m.user for m in members if m.user.is_active]


def _claim(deadline_id: int, field: str) -> bool:
    now = timezone.now()
    return bool(
        CaseDeadline.objects.filter(pk=deadline_id, **{f"{field}__isnull": True}).update(
            **{field: now}
        )
    )


def _remind(deadline: CaseDeadline, field: str, text: str) -> bool:
    with transaction.atomic():
        if not _claim(deadline.pk, field):
            return False
        case = deadline.case
        Notification.objects.bulk_create(
            [Notification(user=u, case=case, text=text) for u in _recipients(case)]
        )
        CaseEvent.objects.create(
            case=case, at=timezone.now(), actor_label=CLOCK.label, action="reminder", note=text
        )
    return True


def clocks_run(*, today: datetime.date | None = None) -> RunReport:
    today = today or timezone.localdate()
    report = RunReport()
    running = CaseDeadline.objects.filter(state=CaseDeadline.State.RUNNING).select_related(
        "case", "case__assignee"
    )
    expired_odr = running.filter(key="odr.negotiation", due_on__lt=today, case__status=Status.ODR)
    for deadline in expired_odr:
        try:
            odr_escalate(
                actor=CLOCK,
                case=deadline.case,
                reason=f"经营者未在{deadline.due_on}前协商解决，自动转市场监管部门处理",
            )
        except ValidationError:
            # Another run (or the merchant) moved it first: nothing left to do here.
            continue
        report.escalated += 1
    soon = running.filter(
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
        due_soon_reminded_at__isnull=True,
    ).exclude(key="odr.negotiation")
    for d in soon:
        text = f"{d.case.tracking_no}：{d.label}将于{d.due_on}到期"
        report.due_soon += _remind(d, "due_soon_reminded_at", text)
    late = running.filter(due_on__lt=today, overdue_reminded_at__isnull=True).exclude(
        key="odr.negotiation"
    )
    for d in late:
        text = f"{d.case.tracking_no}：{d.label}已于{d.due_on}到期，请尽快办理"
        report.overdue += _remind(d, "overdue_reminded_at", text)
    return report
