"""Writes on 放心消费 creation: enter the candidate pool, evaluate, recommend, certify (or not),
withdraw, revoke. Moves are explicit (`MOVES`); each write is one transaction with its audit
event. The evaluation standard and the cycle are data (`standard.json`, with citations)."""

import datetime
import functools
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.models import Role
from fangxin.audit.services import record_event
from fangxin.core.validators import text_field
from fangxin.merchants.models import CreditEntry, Merchant
from fangxin.pledges.services import add_months, merchant_may_pledge
from fangxin.trusted.models import TrustedEvaluation, TrustedUnit

S = TrustedUnit.Status
DECIDER_ROLES = frozenset({Role.UNIT_HEAD, Role.LEADER, Role.ADMIN})
OPEN = (S.CANDIDATE, S.RECOMMENDED)
# name → (statuses it may start from, status it leads to, needs a decider role)
MOVES = {
    "evaluate": ((S.CANDIDATE,), S.CANDIDATE, False),
    "recommend": ((S.CANDIDATE,), S.RECOMMENDED, True),
    "certify": ((S.RECOMMENDED,), S.CERTIFIED, True),
    "not_passed": ((S.RECOMMENDED,), S.NOT_PASSED, True),
    "withdraw": ((S.CANDIDATE, S.RECOMMENDED), S.WITHDRAWN, True),
    "revoke": ((S.CERTIFIED,), S.REVOKED, True),
}
MAX_TEXT = 2000


@functools.cache
def standard() -> dict:
    return json.loads((Path(__file__).with_name("standard.json")).read_text(encoding="utf-8"))


def moves_for(record: TrustedUnit, actor) -> list[str]:
    decider = getattr(actor, "role", None) in DECIDER_ROLES
    return [
        name
        for name, (sources, _, needs_decider) in MOVES.items()
        if record.status in sources and (decider or not needs_decider)
    ]


def _check(actor, record: TrustedUnit, name: str) -> TrustedUnit:
    if not (getattr(actor, "is_bureau_staff", False) and actor.bureau_id == record.bureau_id):
        raise ValidationError({"status": ["只有本局工作人员可以办理。"]})
    locked = TrustedUnit.objects.select_for_update().get(pk=record.pk)
    if name not in moves_for(locked, actor):
        raise ValidationError(
            {"status": [f"当前状态（{locked.get_status_display()}）下您不能执行此操作。"]}
        )
    return locked


def candidate_add(*, actor, merchant: Merchant, unit=None, note: str = "") -> TrustedUnit:
    """Enter a merchant into the candidate pool. A certified unit may re-enter for the next
    cycle; its new certification then supersedes the old one."""
    if not (getattr(actor, "is_bureau_staff", False) and actor.bureau_id == merchant.bureau_id):
        raise ValidationError({"merchant": ["只能将本局名录中的经营者纳入培育库。"]})
    if problem := merchant_may_pledge(merchant):
        raise ValidationError({"merchant": [problem.replace("签署承诺", "纳入培育库")]})
    note = text_field(note, "note", "入库说明", MAX_TEXT, required=False)
    unit = unit or (merchant.township.unit if merchant.township_id else None)
    if unit is None or unit.bureau_id != merchant.bureau_id:
        raise ValidationError({"unit": ["请选择本局的培育单位。"]})
    with transaction.atomic():
        Merchant.objects.select_for_update().filter(pk=merchant.pk).first()
        records = TrustedUnit.objects.filter(merchant=merchant)
        if records.filter(status__in=OPEN).exists():
            raise ValidationError({"merchant": ["该经营者已在培育库中。"]})
        previous = records.filter(status=S.CERTIFIED).first()
        record = TrustedUnit.objects.create(
            bureau_id=merchant.bureau_id,
            merchant=merchant,
            unit=unit,
            status=S.CANDIDATE,
            entered_on=timezone.localdate(),
            entry_note=note,
            previous=previous,
            created_by=actor,
        )
        record_event(
            actor=actor,
            action="trusted.candidate_add",
            obj=record,
            changes={"merchant": merchant.name, "unit": unit.name, "renews": bool(previous)},
            public=frozenset({"merchant", "unit", "renews"}),
        )
    return record


def evaluation_record(
    *, actor, record: TrustedUnit, scores: dict, evidence: dict, note: str = ""
) -> TrustedEvaluation:
    std = standard()
    errors: dict[str, list[str]] = {}
    clean_scores, clean_evidence = {}, {}
    for dim in std["dimensions"]:
        key, label, top = dim["key"], dim["label"], dim["max"]
        value = scores.get(key)
        if not isinstance(value, int) or not 0 <= value <= top:
            errors[f"score_{key}"] = [f"{label}得分应为0至{top}的整数。"]
        else:
            clean_scores[key] = value
        text = (evidence.get(key) or "").strip()
        if not text:
            errors[f"evidence_{key}"] = [f"请填写{label}的佐证材料或检查情况。"]
        elif len(text) > MAX_TEXT:
            errors[f"evidence_{key}"] = [f"{label}佐证不能超过{MAX_TEXT}个字。"]
        clean_evidence[key] = text
    note = (note or "").strip()
    if len(note) > MAX_TEXT:
        errors["note"] = [f"评价意见不能超过{MAX_TEXT}个字。"]
    if errors:
        raise ValidationError(errors)
    total = sum(clean_scores.values())
    passed = total >= std["pass_total"] and min(clean_scores.values()) >= std["pass_each"]
    with transaction.atomic():
        _check(actor, record, "evaluate")
        evaluation = TrustedEvaluation.objects.create(
            trusted_unit=record,
            evaluated_on=timezone.localdate(),
            standard_code=std["code"],
            scores=clean_scores,
            evidence=clean_evidence,
            total=total,
            passed=passed,
            note=note,
            evaluated_by=actor,
        )
        TrustedUnit.objects.filter(pk=record.pk).update(updated_at=timezone.now())
        record_event(
            actor=actor,
            action="trusted.evaluate",
            obj=record,
            changes={"scores": clean_scores, "total": total, "passed": passed},
            public=frozenset({"scores", "total", "passed"}),
        )
    return evaluation


def veto_reason(merchant: Merchant, day: datetime.date) -> str:
    """Why certification is barred (一票否决), or "": a public penalty or a revoked pledge
    within the veto window of the standard."""
    veto = standard()["veto"]
    since = add_months(day, -veto["months"])
    hit = (
        CreditEntry.objects.filter(
            merchant=merchant,
            kind__in=veto["credit_kinds"],
            decided_on__gte=since,
            withdrawn_at__isnull=True,
        )
        .order_by("-decided_on")
        .first()
    )
    if hit is None:
        return ""
    return f"{veto['text']}（{hit.decided_on:%Y-%m-%d} {hit.get_kind_display()}：{hit.title}）。"


def _move(actor, record, name, *, changes=None, **fields) -> TrustedUnit:
    locked = _check(actor, record, name)
    locked.status = MOVES[name][1]
    for field, value in fields.items():
        setattr(locked, field, value)
    locked.save()
    record_event(actor=actor, action=f"trusted.{name}", obj=locked, changes=changes or fields)
    return locked


def recommend(*, actor, record: TrustedUnit, level: str) -> TrustedUnit:
    if level not in TrustedUnit.Level.values:
        raise ValidationError({"level": ["请选择推荐级别。"]})
    latest = record.evaluations.first()
    if latest is None or not latest.passed:
        raise ValidationError({"level": ["最近一次评价未达标（或尚未评价），不能推荐。"]})
    with transaction.atomic():
        return _move(actor, record, "recommend", recommended_level=level)


def certify(
    *, actor, record: TrustedUnit, level: str, certified_on, certificate_number: str
) -> TrustedUnit:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if level not in TrustedUnit.Level.values:
        errors["level"] = ["请选择认定级别。"]
    if not isinstance(certified_on, datetime.date) or certified_on > today:
        errors["certified_on"] = ["认定日期应为今天或以前的日期。"]
    number = (certificate_number or "").strip()
    if not number or len(number) > 60:
        errors["certificate_number"] = ["请填写认定文号（不超过60字）。"]
    if errors:
        raise ValidationError(errors)
    if reason := veto_reason(record.merchant, certified_on):
        raise ValidationError({"level": [reason]})
    until = add_months(certified_on, standard()["cycle_months"]) - datetime.timedelta(days=1)
    with transaction.atomic():
        locked = _move(
            actor,
            record,
            "certify",
            changes={"level": level, "certificate_number": number, "valid_until": str(until)},
            level=level,
            certified_on=certified_on,
            valid_until=until,
            certificate_number=number,
        )
        if locked.previous_id:
            TrustedUnit.objects.filter(pk=locked.previous_id, status=S.CERTIFIED).update(
                status=S.SUPERSEDED, updated_at=timezone.now()
            )
    return locked


def close(*, actor, record: TrustedUnit, name: str, reason: str) -> TrustedUnit:
    """not_passed / withdraw / revoke, each with its reason."""
    if name not in ("not_passed", "withdraw", "revoke"):
        raise ValueError(name)
    reason = text_field(reason, "reason", "原因", MAX_TEXT)
    with transaction.atomic():
        return _move(actor, record, name, closing_reason=reason)
