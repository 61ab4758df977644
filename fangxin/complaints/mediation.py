"""Mediation and what surrounds it: session records, clock pauses for testing or appraisal,
extensions approved by the unit head, follow-up visits, and the 调解书."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.audit.services import record_event
from fangxin.complaints.models import (
    Case,
    CaseDeadline,
    CaseEvent,
    ClockPause,
    FollowUp,
    MediationSession,
)
from fangxin.complaints.workflow import OPEN, Status
from fangxin.core.calendar import add_working_days, count_working_days
from fangxin.core.models import TimeLimit
from fangxin.core.officialdocs import OfficialDocument

MAX_TEXT = 5000
PAUSABLE = frozenset({"complaint.mediation"})


def _event(case: Case, actor, action: str, note: str, public_text: str = "") -> None:
    CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor,
        actor_label=actor.get_username(),
        action=action,
        note=note,
        public_text=public_text,
    )


def _moment(value: datetime.datetime, field: str) -> datetime.datetime:
    if not 1990 <= value.year <= 2199:
        raise ValidationError({field: ["时间超出可处理的范围，请核对。"]})
    if value > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({field: ["时间不能晚于现在。"]})
    return value


def _require(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [f"请填写{label}。"]})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: [f"{label}不能超过{MAX_TEXT}个字符。"]})
    return value


def mediation_session_record(
    *,
    actor,
    case: Case,
    held_at: datetime.datetime,
    method: str,
    participants: str,
    summary: str,
    place: str = "",
) -> MediationSession:
    held_at = _moment(held_at, "held_at")
    case = Case.objects.get(pk=case.pk)  # the status as it is now, not as the caller saw it
    if case.status != Status.MEDIATING:
        raise ValidationError({"held_at": ["开始调解后才能记录调解情况。"]})
    if held_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"held_at": ["调解时间不能晚于现在。"]})
    # Forms give minutes; a session in the minute of receipt is not "before" it.
    if held_at < case.received_at.replace(second=0, microsecond=0):
        raise ValidationError({"held_at": ["调解时间不能早于收到投诉的时间。"]})
    session = MediationSession(
        case=case,
        held_at=held_at,
        method=method,
        place=place.strip(),
        participants=_require(participants, "participants", "参加人员"),
        summary=_require(summary, "summary", "调解情况"),
        recorded_by=actor,
    )
    with transaction.atomic():
        session.full_clean()
        session.save()
        _event(
            case,
            actor,
            "mediation_session",
            f"{session.get_method_display()}调解：{session.summary[:200]}",
            public_text=(
                f"{timezone.localtime(held_at):%Y-%m-%d} 进行了{session.get_method_display()}调解。"
            ),
        )
        record_event(
            actor=actor,
            action="case.mediation_session",
            obj=case,
            changes={"method": method, "held_at": held_at},
        )
    return session


def _running(case: Case, key: str) -> CaseDeadline:
    deadline = CaseDeadline.objects.select_for_update().filter(case=case, key=key).first()
    if deadline is None or deadline.state != CaseDeadline.State.RUNNING:
        raise ValidationError({"key": ["该期限不在计时中。"]})
    return deadline


def clock_pause(
    *, actor, case: Case, key: str, starts_on: datetime.date, reason: str
) -> ClockPause:
    """Stop a clock for testing, inspection or appraisal (检验、检测、鉴定)."""
    reason = _require(reason, "reason", "暂停原因")
    if key not in PAUSABLE:
        # DOMAIN.md §2: testing and appraisal time does not count towards mediation.
        raise ValidationError({"key": ["只有调解期限可以因检测、鉴定暂停。"]})
    with transaction.atomic():
        deadline = _running(case, key)
        if Case.objects.get(pk=case.pk).status not in OPEN:
            raise ValidationError({"key": ["案件已办结，期限不再暂停。"]})
        last_end = (
            deadline.pauses.exclude(ends_on__isnull=True)
            .order_by("-ends_on")
            .values_list("ends_on", flat=True)
            .first()
        )
        if (
            starts_on < deadline.starts_on
            or starts_on > timezone.localdate()
            or starts_on > deadline.due_on
            or (last_end and starts_on <= last_end)
        ):
            raise ValidationError(
                {
                    "starts_on": [
                        "暂停开始日期应在期限起算之后、截止日期和今天之前，且晚于上次暂停的结束日期。"
                    ]
                }
            )
        pause = ClockPause.objects.create(
            deadline=deadline, reason=reason, starts_on=starts_on, created_by=actor
        )
        deadline.state = CaseDeadline.State.PAUSED
        deadline.save(update_fields=["state"])
        _event(
            case,
            actor,
            "pause",
            f"{deadline.label}自{starts_on}起暂停：{reason}",
            public_text=f"因{reason}，{deadline.label}期限暂停计算。",
        )
        record_event(
            actor=actor,
            action="case.clock_pause",
            obj=case,
            changes={"key": key, "starts_on": starts_on, "reason": reason},
        )
    return pause


def clock_resume(*, actor, case: Case, key: str, ends_on: datetime.date) -> CaseDeadline:
    """Restart a paused clock; its due date moves on by the working days the pause covered."""
    with transaction.atomic():
        deadline = CaseDeadline.objects.select_for_update().filter(case=case, key=key).first()
        pause = deadline and deadline.pauses.filter(ends_on__isnull=True).last()
        if pause is None or deadline.state != CaseDeadline.State.PAUSED:
            raise ValidationError({"key": ["该期限没有暂停。"]})
        if ends_on < pause.starts_on or ends_on > timezone.localdate():
            raise ValidationError({"ends_on": ["结束日期应在暂停开始之后、今天或之前。"]})
        if Case.objects.get(pk=case.pk).status not in OPEN:
            raise ValidationError({"key": ["案件已办结。"]})
        try:
            paused, guessed = count_working_days(pause.starts_on, ends_on)
        except ValueError as exc:
            raise ValidationError({"ends_on": ["暂停期间过长，请核对日期。"]}) from exc
        moved = add_working_days(deadline.due_on, paused)
        pause.ends_on = ends_on
        pause.save(update_fields=["ends_on"])
        before = deadline.due_on
        deadline.due_on, deadline.state = moved.date, CaseDeadline.State.RUNNING
        deadline.provisional = deadline.provisional or guessed or moved.provisional
        deadline.paused_working_days += paused
        # The new date deserves its own reminders.
        deadline.due_soon_reminded_at = deadline.overdue_reminded_at = None
        deadline.save(
            update_fields=[
                "due_on",
                "state",
                "provisional",
                "paused_working_days",
                "due_soon_reminded_at",
                "overdue_reminded_at",
            ]
        )
        _event(
            case,
            actor,
            "resume",
            f"{deadline.label}恢复计算，暂停{paused}个工作日，截止日期顺延至{moved.date}",
            public_text=f"{deadline.label}期限恢复计算，截止日期顺延至{moved.date}。",
        )
        record_event(
            actor=actor,
            action="case.clock_resume",
            obj=case,
            changes={"key": key, "due_on": [before, moved.date], "paused": paused},
        )
    return deadline


def deadline_extension_approve(*, actor, case: Case, key: str, reason: str) -> CaseDeadline:
    """The unit head's approval of the extension the rule set allows (e.g. 核查 +15)."""
    reason = _require(reason, "reason", "延长理由")
    with transaction.atomic():
        deadline = _running(case, key)
        limit = TimeLimit.objects.filter(rule_set=case.rule_set, key=key).first()
        if limit is None or not limit.extension_days:
            raise ValidationError({"key": ["该期限没有可延长的法定期间。"]})
        if deadline.extended:
            raise ValidationError({"key": ["该期限已经延长过。"]})
        before = deadline.due_on
        moved = add_working_days(deadline.due_on, limit.extension_days)
        deadline.due_on, deadline.extended = moved.date, True
        deadline.provisional = deadline.provisional or moved.provisional
        deadline.due_soon_reminded_at = deadline.overdue_reminded_at = None
        deadline.save(
            update_fields=[
                "due_on",
                "extended",
                "provisional",
                "due_soon_reminded_at",
                "overdue_reminded_at",
            ]
        )
        _event(
            case,
            actor,
            "extend",
            f"经批准延长{limit.extension_days}个工作日：{reason}",
            public_text=f"{deadline.label}期限经批准延长至{moved.date}。",
        )
        record_event(
            actor=actor,
            action="case.deadline_extend",
            obj=case,
            changes={"key": key, "due_on": [before, moved.date], "reason": reason},
        )
    return deadline


def follow_up_record(
    *, actor, case: Case, held_at: datetime.datetime, method: str, note: str
) -> FollowUp:
    held_at = _moment(held_at, "held_at")
    case = Case.objects.get(pk=case.pk)
    if case.status not in (Status.CLOSED, Status.REFUSED, Status.ANSWERED):
        raise ValidationError({"held_at": ["办结后才能回访。"]})
    if held_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"held_at": ["回访时间不能晚于现在。"]})
    follow_up = FollowUp(
        case=case,
        held_at=held_at,
        method=method,
        note=_require(note, "note", "回访情况"),
        recorded_by=actor,
    )
    with transaction.atomic():
        follow_up.full_clean()
        follow_up.save()
        _event(case, actor, "follow_up", follow_up.note[:300])
        record_event(actor=actor, action="case.follow_up", obj=case, changes={"method": method})
    return follow_up


def mediation_agreement_docx(case: Case) -> bytes:
    """The 调解书 of a case closed by agreement, as .docx (A4, 仿宋 body)."""
    if case.outcome != "agreement":
        raise ValidationError({"outcome": ["只有达成调解协议的案件可以制作调解书。"]})
    doc = OfficialDocument()
    line = doc.line
    line(case.bureau.name, center=True, size=22, bold=True)
    line("消费者权益争议调解书", center=True, size=22, bold=True)
    line(f"编号：{case.tracking_no}", center=True)
    line(f"投诉人：{case.complainant_name}，联系地址：{case.complainant_address or '—'}")
    line(f"被投诉人：{case.respondent_name}，地址：{case.respondent_address}")
    line(f"投诉请求：{case.claim}")
    line(f"争议事实：{case.facts}")
    sessions = list(case.mediation_sessions.all())
    if sessions:
        held = "、".join(f"{timezone.localtime(s.held_at):%Y年%m月%d日}" for s in sessions)
        line(f"本局于{held}组织双方进行调解。")
    line(f"经本局主持调解，双方自愿达成如下协议：{case.outcome_note}")
    if case.recovered_amount:
        line(f"被投诉人向投诉人支付（退还）人民币{case.recovered_amount}元。")
    line("本调解书经双方签字（盖章）后生效，双方应当自觉履行。")
    line("")
    line("投诉人（签字）：                被投诉人（签字、盖章）：")
    line("")
    line(f"调解单位：{case.unit.name if case.unit_id else case.bureau.name}（盖章）")
    line(f"{timezone.localtime(case.closed_at or timezone.now()):%Y年%m月%d日}")
    return doc.to_bytes()


NOTICES = {
    "report.reporter_notice": "已告知举报人是否立案",
    "complaint.termination_notice": "已告知双方终止调解",
}


def notice_given(*, actor, case: Case, key: str, method: str, note: str) -> CaseDeadline:
    """Record that a statutory notice was given (to the real-name reporter, or to both parties
    of a terminated mediation), which meets its clock."""
    if key not in NOTICES:
        raise ValidationError({"key": ["请选择告知事项。"]})
    note = _require(note, "note", "告知情况")
    with transaction.atomic():
        deadline = CaseDeadline.objects.select_for_update().filter(case=case, key=key).first()
        if deadline is None or deadline.state != CaseDeadline.State.RUNNING:
            raise ValidationError({"key": ["没有待完成的该项告知。"]})
        deadline.state, deadline.met_at = CaseDeadline.State.MET, timezone.now()
        deadline.save(update_fields=["state", "met_at"])
        _event(case, actor, "notice", f"{NOTICES[key]}（{method}）：{note[:300]}")
        record_event(
            actor=actor, action="case.notice", obj=case, changes={"key": key, "method": method}
        )
    return deadline
