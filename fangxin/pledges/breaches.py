"""A pledge not kept (DOMAIN.md §5: breaches lead to talks and exposure): the unit records the
breach, talks with the merchant (约谈) and sets a correction deadline; the case ends corrected,
or the pledge is revoked with a public notice that its certificate page then shows."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.audit.services import record_event
from fangxin.merchants.credit import credit_entry_for_revoked_pledge
from fangxin.pledges.models import Pledge, PledgeBreach
from fangxin.pledges.services import REVIEWER_ROLES

MAX_TEXT = 4000
# Which step may follow which: (from statuses) → to status.
MOVES = {
    "talk": ({PledgeBreach.Status.OPEN}, PledgeBreach.Status.CORRECTING),
    "corrected": ({PledgeBreach.Status.CORRECTING}, PledgeBreach.Status.CORRECTED),
    "revoke": ({PledgeBreach.Status.CORRECTING}, PledgeBreach.Status.REVOKED),
}


def _staff_of(actor, pledge: Pledge) -> None:
    if not (getattr(actor, "is_bureau_staff", False) and actor.bureau_id == pledge.bureau_id):
        raise ValidationError({"pledge": ["只有本局工作人员可以处理。"]})


def _required(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [f"请填写{label}。"]})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: [f"{label}不能超过{MAX_TEXT}个字。"]})
    return value


def breach_moves(breach: PledgeBreach, actor) -> list[str]:
    """The steps this user may take on this breach now (only those are offered). Revocation
    comes after the correction deadline has passed, and only from a reviewer."""
    allowed = [name for name, (sources, _) in MOVES.items() if breach.status in sources]
    deadline_passed = (
        breach.correction_due is not None and timezone.localdate() > breach.correction_due
    )
    if getattr(actor, "role", None) not in REVIEWER_ROLES or not deadline_passed:
        allowed = [name for name in allowed if name != "revoke"]
    return allowed


def breach_open(*, actor, pledge: Pledge, reason: str, case=None) -> PledgeBreach:
    _staff_of(actor, pledge)
    reason = _required(reason, "reason", "未践诺情形")
    if not pledge.is_current():
        raise ValidationError({"pledge": ["该承诺不在有效期内。"]})
    if case is not None and case.merchant_id != pledge.merchant_id:
        raise ValidationError({"case": ["所选投诉不是针对该经营者的。"]})
    with transaction.atomic():
        if PledgeBreach.objects.filter(
            pledge=pledge, status__in=[PledgeBreach.Status.OPEN, PledgeBreach.Status.CORRECTING]
        ).exists():
            raise ValidationError({"pledge": ["该承诺已有正在处理的未践诺记录。"]})
        breach = PledgeBreach.objects.create(
            pledge=pledge,
            case=case,
            status=PledgeBreach.Status.OPEN,
            reason=reason,
            opened_by=actor,
            opened_at=timezone.now(),
        )
        record_event(
            actor=actor,
            action="pledge.breach_open",
            obj=breach,
            bureau_id=pledge.bureau_id,
            changes={"pledge": pledge.number, "case": case.tracking_no if case else ""},
        )
    return breach


def _move(breach: PledgeBreach, name: str, actor) -> PledgeBreach:
    _staff_of(actor, breach.pledge)
    locked = (
        PledgeBreach.objects.select_for_update(of=("self",))
        .select_related("pledge")
        .get(pk=breach.pk)
    )
    if name not in breach_moves(locked, actor):
        raise ValidationError(
            {"status": [f"当前状态（{locked.get_status_display()}）不能执行此操作。"]}
        )
    locked.status = MOVES[name][1]
    return locked


def breach_talk(
    *, actor, breach: PledgeBreach, talk_at: datetime.datetime, note: str, due: datetime.date
) -> PledgeBreach:
    note = _required(note, "talk_note", "约谈情况")
    if talk_at is None or talk_at > timezone.now():
        raise ValidationError({"talk_at": ["约谈时间不能晚于现在。"]})
    if due is None or due <= timezone.localdate():
        raise ValidationError({"correction_due": ["整改期限应晚于今天。"]})
    with transaction.atomic():
        breach = _move(breach, "talk", actor)
        breach.talk_at, breach.talk_note, breach.correction_due = talk_at, note, due
        breach.save()
        record_event(
            actor=actor,
            action="pledge.breach_talk",
            obj=breach,
            bureau_id=breach.pledge.bureau_id,
            changes={"correction_due": str(due)},
        )
    return breach


def breach_corrected(*, actor, breach: PledgeBreach, note: str) -> PledgeBreach:
    note = _required(note, "closing_note", "整改情况")
    with transaction.atomic():
        breach = _move(breach, "corrected", actor)
        breach.closed_at, breach.closing_note = timezone.now(), note
        breach.save()
        record_event(
            actor=actor,
            action="pledge.breach_corrected",
            obj=breach,
            bureau_id=breach.pledge.bureau_id,
        )
    return breach


def breach_revoke(*, actor, breach: PledgeBreach, notice: str) -> PledgeBreach:
    """Revoke the pledge; `notice` is published on its certificate page."""
    notice = _required(notice, "notice", "撤销公告")
    with transaction.atomic():
        breach = _move(breach, "revoke", actor)
        now = timezone.now()
        breach.closed_at, breach.closing_note = now, notice
        breach.save()
        pledge = (
            Pledge.objects.select_for_update(of=("self",))
            .select_related("merchant", "bureau")
            .get(pk=breach.pledge_id)
        )
        pledge.status, pledge.revoked_at, pledge.revocation_notice = (
            Pledge.Status.REVOKED,
            now,
            notice,
        )
        pledge.save(update_fields=["status", "revoked_at", "revocation_notice"])
        # A renewal of the revoked pledge (waiting for review or starting later) falls with it.
        renewals = Pledge.objects.filter(renews=pledge).exclude(
            status__in=[Pledge.Status.REVOKED, Pledge.Status.REPLACED]
        )
        renewal_numbers = [r.number or f"#{r.pk}" for r in renewals]
        renewals.update(status=Pledge.Status.REVOKED, revoked_at=now, revocation_notice=notice)
        record_event(
            actor=actor,
            action="pledge.revoke",
            obj=pledge,
            changes={"number": pledge.number, "notice": notice, "renewals": renewal_numbers},
            public=frozenset({"number", "notice", "renewals"}),
        )
        # The revocation goes on the merchant's public credit record (信用公示).
        credit_entry_for_revoked_pledge(actor=actor, pledge=pledge, notice=notice)
    return breach
