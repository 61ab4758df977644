"""ODR (在线消费纠纷解决): an approved merchant gets the complaint first and has 10 working
days to settle it; what it does not settle in time goes to the bureau automatically."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.audit.services import record_event
from fangxin.complaints.deadlines import deadline_cancel, deadline_open
from fangxin.complaints.models import Case, CaseEvent
from fangxin.complaints.routing import route_for
from fangxin.complaints.services import apply_move, case_locked
from fangxin.complaints.workflow import Status

METHODS = {"phone": "电话", "on_site": "当面", "online": "网络"}


def odr_contact_record(
    *, actor, case: Case, contacted_at: datetime.datetime, method: str, note: str
) -> CaseEvent:
    """The merchant records each contact with the consumer: when, how, what came of it."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": ["请填写协商情况。"]})
    if method not in METHODS:
        raise ValidationError({"method": ["请选择联系方式。"]})
    if contacted_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"contacted_at": ["联系时间不能晚于现在。"]})
    with transaction.atomic():
        case = case_locked(case)
        if case.status != Status.ODR:
            raise ValidationError({"note": ["本件已不在经营者协商阶段。"]})
        event = CaseEvent.objects.create(
            case=case,
            at=timezone.now(),
            actor=actor,
            actor_label=actor.get_username(),
            action="odr_contact",
            note=f"{METHODS[method]}联系：{note[:2000]}",
            details={"contacted_at": contacted_at.isoformat(), "method": method},
            public_text=f"经营者已于{timezone.localtime(contacted_at):%Y-%m-%d}"
            f"通过{METHODS[method]}与您联系协商。",
        )
        record_event(actor=actor, action="case.odr_contact", obj=case, changes={"method": method})
    return event


def odr_settle(*, actor, case: Case, note: str, amount: Decimal | None = None) -> Case:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": ["请填写处理结果。"]})
    if amount is not None and amount < 0:
        raise ValidationError({"amount": ["金额不能为负数。"]})
    with transaction.atomic():
        case = case_locked(case)
        case.outcome, case.outcome_note = "odr_settled", note
        case.recovered_amount, case.closed_at = amount, timezone.now()
        case = apply_move(
            case,
            "odr_settle",
            actor,
            note=note,
            public_text=f"经营者已协商解决：{note[:200]}",
            details={"amount": str(amount or 0)},
            fields=("outcome", "outcome_note", "recovered_amount", "closed_at"),
            meets=("odr.negotiation",),
        )
    return case


def odr_escalate(*, actor, case: Case, reason: str) -> Case:
    """To the bureau: by the merchant (no agreement) or by the clock (time ran out). The
    bureau's acceptance clock starts on the day it receives the case."""
    with transaction.atomic():
        case = case_locked(case)
        if case.status != Status.ODR:
            raise ValidationError({"reason": ["本件已不在经营者协商阶段。"]})
        route = route_for(case.bureau, address=case.respondent_address, merchant=case.merchant)
        case.unit = route.unit
        action = "odr_escalate" if route.unit else "odr_escalate_triage"
        case = apply_move(
            case,
            action,
            actor,
            note=reason,
            public_text="经营者协商未解决，已转市场监管部门处理。",
            details={"reason": reason},
            fields=("unit",),
        )
        deadline_cancel(case, "odr.negotiation")
        deadline_open(case, "complaint.acceptance", timezone.localdate())
    return case
