"""The moves of a case after intake. Each service locks the case row, checks the state machine,
writes the change, its timeline entry and its audit event in one transaction."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.models import UnitMembership
from fangxin.audit.services import Actor, record_event
from fangxin.complaints.deadlines import deadline_meet, deadline_open, deadlines_close
from fangxin.complaints.models import Case, CaseDeadline, CaseEvent, Kind, Notification
from fangxin.complaints.tell import complainant_tell
from fangxin.complaints.workflow import TERMINAL, IllegalMove, move_for
from fangxin.core.models import LegalGround, Unit

MAX_NOTE = 5000


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str


OUTCOMES = {
    "agreement": Outcome("agreement", "调解达成协议"),
    "settled": Outcome("settled", "双方和解并已履行"),
    "terminated": Outcome("terminated", "终止调解"),
    "odr_settled": Outcome("odr_settled", "经营者协商解决"),
    "case_opened": Outcome("case_opened", "已立案调查"),
    "case_not_opened": Outcome("case_not_opened", "不予立案"),
    "refused": Outcome("refused", "不予受理"),
}


def case_locked(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("unit", "rule_set")
        .get(pk=case.pk)
    )


def _text(value: str, field: str, label: str, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: [f"请填写{label}。"]})
    if len(value) > MAX_NOTE:
        raise ValidationError({field: [f"{label}不能超过{MAX_NOTE}个字符。"]})
    return value


def apply_move(
    case: Case,
    action: str,
    actor,
    *,
    note: str = "",
    public_text: str = "",
    details: dict | None = None,
    fields: tuple[str, ...] = (),
    meets: tuple[str, ...] = (),
) -> Case:
    """Move `case` (already locked) by `action`, saving `fields` too, with timeline and audit.
    The clocks in `meets` are met; a move that ends the case stops every other clock."""
    try:
        move = move_for(case.kind, case.status, action)
    except IllegalMove as exc:
        raise ValidationError(
            {"status": [f"当前状态（{case.get_status_display()}）不能执行此操作。"]}
        ) from exc
    before = case.status
    case.status = move.target
    case.save(update_fields=["status", "updated_at", *fields])
    for key in meets:
        deadline_meet(case, key)
    if case.status in TERMINAL:
        deadlines_close(case)
    CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=_user(actor),
        actor_label=actor_label(actor),
        action=action,
        from_status=before,
        to_status=case.status,
        note=note,
        public_text=public_text,
        details=details or {},
    )
    complainant_tell(case, action, public_text)
    record_event(
        actor=actor,
        action=f"case.{action}",
        obj=case,
        changes={"status": [before, case.status], **(details or {})},
    )
    return case


def actor_label(actor) -> str:
    """A user's username, a merchant's name, or the system's label for the timeline."""
    if actor is None:
        return "公众"
    if isinstance(actor, Actor):
        return actor.label
    return actor.get_username()


def _user(actor):
    return None if actor is None or isinstance(actor, Actor) else actor


def _today():
    return timezone.localdate()


def case_route(*, actor, case: Case, unit: Unit) -> Case:
    with transaction.atomic():
        case = case_locked(case)
        if unit.bureau_id != case.bureau_id or not unit.is_active:
            raise ValidationError({"unit": ["只能分派给本局启用的单位。"]})
        case.unit = unit
        return apply_move(
            case,
            "route",
            actor,
            note=f"分派至{unit.name}",
            public_text=f"已分派至{unit.name}办理。",
            details={"unit": unit.name},
            fields=("unit",),
        )


def case_transfer(*, actor, case: Case, unit: Unit, reason: str) -> Case:
    """A unit may pass a case on once, saying why; the receiving unit sees the history."""
    reason = _text(reason, "reason", "移送理由")
    with transaction.atomic():
        case = case_locked(case)
        if case.transferred:
            raise ValidationError(
                {"unit": ["本件已移送过一次，不能再次移送；如有争议请报局领导协调。"]}
            )
        if unit.bureau_id != case.bureau_id or unit.pk == case.unit_id or not unit.is_active:
            raise ValidationError({"unit": ["请选择本局其他启用的单位。"]})
        source = case.unit.name if case.unit_id else "—"
        case.unit, case.transferred, case.assignee = unit, True, None
        return apply_move(
            case,
            "transfer",
            actor,
            note=reason,
            public_text=f"已转至{unit.name}办理。",
            details={"from_unit": source, "to_unit": unit.name},
            fields=("unit", "transferred", "assignee"),
        )


def case_assign(*, actor, case: Case, assignee) -> Case:
    with transaction.atomic():
        case = case_locked(case)
        if not UnitMembership.objects.filter(user=assignee, unit_id=case.unit_id).exists():
            raise ValidationError({"assignee": ["承办人必须是承办单位的工作人员。"]})
        before = case.assignee.username if case.assignee_id else None
        case.assignee = assignee
        case.save(update_fields=["assignee", "updated_at"])
        CaseEvent.objects.create(
            case=case,
            at=timezone.now(),
            actor=actor,
            actor_label=actor.get_username(),
            action="assign",
            note=f"承办人：{assignee.full_name or assignee.username}",
        )
        record_event(
            actor=actor,
            action="case.assign",
            obj=case,
            changes={"assignee": [before, assignee.username]},
        )
    return case


def case_accept(*, actor, case: Case) -> Case:
    with transaction.atomic():
        case = case_locked(case)
        case = apply_move(
            case,
            "accept",
            actor,
            public_text="您的投诉已受理，将组织调解。",
            meets=("complaint.acceptance",),
        )
        # After a transfer the receiving unit accepts again: the 45 days keep running from
        # the first acceptance, they do not start afresh.
        if not CaseDeadline.objects.filter(case=case, key="complaint.mediation").exists():
            deadline_open(case, "complaint.mediation", _today())
    return case


def legal_ground_get(case: Case, purpose: str, code: str) -> LegalGround:
    ground = LegalGround.objects.filter(rule_set=case.rule_set, purpose=purpose, code=code).first()
    if ground is None:
        raise ValidationError({"ground": ["请选择适用的法定情形。"]})
    return ground


def case_refuse(*, actor, case: Case, ground_code: str, reason: str) -> Case:
    reason = _text(reason, "reason", "不予受理的具体理由")
    with transaction.atomic():
        case = case_locked(case)
        ground = legal_ground_get(case, LegalGround.Purpose.REFUSAL, ground_code)
        case.outcome, case.outcome_note, case.closed_at = "refused", reason, timezone.now()
        case = apply_move(
            case,
            "refuse",
            actor,
            note=reason,
            public_text=f"决定不予受理。依据：{ground.article}（{ground.text}）。",
            details={"ground": ground.code},
            fields=("outcome", "outcome_note", "closed_at"),
            meets=("complaint.acceptance",),
        )
    return case


def case_mediation_start(*, actor, case: Case) -> Case:
    with transaction.atomic():
        return apply_move(case_locked(case), "mediate", actor, public_text="调解已开始。")


def case_close(
    *,
    actor,
    case: Case,
    outcome: str,
    note: str,
    recovered_amount: Decimal | None = None,
    ground_code: str = "",
) -> Case:
    """End a complaint with its outcome. A complaint is never closed without one."""
    if outcome not in ("agreement", "settled", "terminated"):
        raise ValidationError({"outcome": ["请选择办理结果：达成协议、和解并履行或终止调解。"]})
    note = _text(note, "note", "结果说明")
    if recovered_amount is not None and recovered_amount < 0:
        raise ValidationError({"recovered_amount": ["挽回经济损失不能为负数。"]})
    with transaction.atomic():
        case = case_locked(case)
        details = {"outcome": outcome, "recovered_amount": str(recovered_amount or 0)}
        public = f"已办结：{OUTCOMES[outcome].label}。"
        if outcome == "terminated":
            ground = legal_ground_get(case, LegalGround.Purpose.TERMINATION, ground_code)
            details["ground"] = ground.code
            public = f"已终止调解。依据：{ground.article}（{ground.text}）。"
        case.outcome, case.outcome_note = outcome, note
        case.recovered_amount, case.closed_at = recovered_amount, timezone.now()
        case = apply_move(
            case,
            "close",
            actor,
            note=note,
            public_text=public,
            details=details,
            fields=("outcome", "outcome_note", "recovered_amount", "closed_at"),
            meets=("complaint.mediation",),
        )
        if outcome == "terminated":
            deadline_open(case, "complaint.termination_notice", _today())
    return case


def case_answer(*, actor, case: Case, reply_text: str) -> Case:
    reply = _text(reply_text, "reply_text", "答复内容")
    with transaction.atomic():
        case = case_locked(case)
        case.reply_text, case.closed_at, case.outcome = reply, timezone.now(), "answered"
        return apply_move(
            case,
            "answer",
            actor,
            note=reply,
            public_text=f"答复：{reply}",
            fields=("reply_text", "closed_at", "outcome"),
        )


def report_verify_start(*, actor, case: Case) -> Case:
    with transaction.atomic():
        return apply_move(case_locked(case), "verify", actor, public_text="正在核查举报内容。")


def report_decide(*, actor, case: Case, open_case: bool, note: str) -> Case:
    note = _text(note, "note", "决定说明")
    with transaction.atomic():
        case = case_locked(case)
        outcome = "case_opened" if open_case else "case_not_opened"
        case.outcome, case.outcome_note, case.closed_at = outcome, note, timezone.now()
        case = apply_move(
            case,
            "decide",
            actor,
            note=note,
            public_text=f"核查结束：{OUTCOMES[outcome].label}。",
            details={"outcome": outcome},
            fields=("outcome", "outcome_note", "closed_at"),
            meets=("report.verification",),
        )
        if not case.is_anonymous:
            # A real-name reporter is told of the decision within the statutory time.
            deadline_open(case, "report.reporter_notice", _today())
    return case


def case_split(*, actor, case: Case) -> Case:
    """A filing that is both complaint and report becomes two linked cases: this one, and a
    new report carrying the same facts and its own number and clocks."""
    from fangxin.complaints.intake import Filing, Person, Respondent, case_file

    if case.kind != Kind.COMPLAINT or case.linked_case_id:
        raise ValidationError({"kind": ["只有尚未拆分的投诉可以拆分出举报。"]})
    with transaction.atomic():
        case = case_locked(case)
        report = case_file(
            actor=actor,
            filing=Filing(
                kind=Kind.REPORT,
                channel=case.channel,
                received_at=case.received_at,
                complainant=Person(
                    name=case.complainant_name,
                    phone=case.complainant_phone,
                    id_number=case.complainant_id_number,
                    address=case.complainant_address,
                ),
                respondent=Respondent(
                    name=case.respondent_name,
                    credit_code=case.respondent_credit_code,
                    address=case.respondent_address,
                    township=case.township.name if case.township_id else "",
                ),
                occurred_on=case.occurred_on,
                amount=case.amount,
                claim=case.claim,
                facts=case.facts,
            ),
        )
        case.linked_case, report.linked_case = report, case
        case.save(update_fields=["linked_case"])
        report.save(update_fields=["linked_case"])
        CaseEvent.objects.create(
            case=case,
            at=timezone.now(),
            actor=actor,
            actor_label=actor.get_username(),
            action="split",
            note=f"拆分出举报 {report.tracking_no}",
        )
        record_event(
            actor=actor, action="case.split", obj=case, changes={"report": report.tracking_no}
        )
    return report


RATEABLE = frozenset({"closed", "refused", "answered"})


def case_rate(*, case: Case, satisfaction: int, comment: str = "") -> Case:
    """The complainant's rating, once, after the case has ended (through the status page)."""
    if not 1 <= satisfaction <= 5:
        raise ValidationError({"satisfaction": ["请选择1至5分。"]})
    comment = _text(comment, "comment", "意见建议", required=False)[:500]
    with transaction.atomic():
        case = case_locked(case)
        if case.status not in RATEABLE:
            raise ValidationError({"satisfaction": ["办结后才能评价。"]})
        if case.satisfaction is not None:
            raise ValidationError({"satisfaction": ["您已评价过，感谢您的反馈。"]})
        case.satisfaction, case.satisfaction_comment = satisfaction, comment
        case.save(update_fields=["satisfaction", "satisfaction_comment", "updated_at"])
        CaseEvent.objects.create(
            case=case,
            at=timezone.now(),
            actor=None,
            actor_label="投诉人",
            action="rate",
            note=f"满意度 {satisfaction} 分。{comment}",
            public_text=f"您已评价：{satisfaction} 分。",
        )
        record_event(
            actor=None, action="case.rate", obj=case, changes={"satisfaction": satisfaction}
        )
    return case


def notifications_mark_read(*, user) -> int:
    """The reader's own reminders leave the list; nobody else's change."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
