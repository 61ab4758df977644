"""Credit publicity (信用公示): entries on a merchant's credit record, their publication period
from the rule in force (`PublicityRule`, data with its legal basis), and corrections by an
administrator, each with a reason kept beside the entry and in the audit log."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.models import Role
from fangxin.audit.services import record_event
from fangxin.merchants.models import (
    CreditCorrection,
    CreditEntry,
    CreditKind,
    Merchant,
    PublicityRule,
)
from fangxin.pledges.services import add_months

MAX_TEXT = 4000
# Entries staff record by hand; the others come from the platform's own workflows.
MANUAL_KINDS = (CreditKind.PENALTY, CreditKind.PENALTY_MINOR, CreditKind.WARNING)
CORRECTABLE = ("title", "content", "document_number", "authority", "public_until")


def rule_for(kind: str, day: datetime.date) -> PublicityRule | None:
    return (
        PublicityRule.objects.filter(kind=kind, effective_from__lte=day)
        .order_by("-effective_from")
        .first()
    )


def _text(errors, field, value, label, limit, *, required=True) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(field, []).append(f"请填写{label}。")
    elif len(value) > limit:
        errors.setdefault(field, []).append(f"{label}不能超过{limit}个字。")
    return value


def _public_until(rule: PublicityRule, published_on: datetime.date) -> datetime.date | None:
    return add_months(published_on, rule.months) if rule.months else None


def credit_entry_create(
    *,
    actor,
    merchant: Merchant,
    kind: str,
    title: str,
    content: str,
    decided_on: datetime.date | None,
    authority: str,
    document_number: str = "",
    published_on: datetime.date | None = None,
    pledge=None,
    source_ref: str = "",
) -> CreditEntry:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if kind not in CreditKind.values:
        errors["kind"] = ["请选择信息类型。"]
    if merchant.merged_into_id:
        errors["merchant"] = ["该经营者已合并至其他记录，请在合并后的记录上登记。"]
    title = _text(errors, "title", title, "违法行为/事由", 200)
    content = _text(errors, "content", content, "处理内容", MAX_TEXT)
    authority = _text(errors, "authority", authority, "作出机关", 100)
    document_number = _text(
        errors, "document_number", document_number, "决定书文号", 60, required=False
    )
    if kind in (CreditKind.PENALTY, CreditKind.PENALTY_MINOR) and not document_number:
        errors.setdefault("document_number", []).append("行政处罚信息请填写决定书文号。")
    if not isinstance(decided_on, datetime.date):
        errors["decided_on"] = ["请填写决定日期。"]
    elif decided_on > today:
        errors["decided_on"] = ["决定日期不能晚于今天。"]
    published_on = published_on or today
    if isinstance(decided_on, datetime.date) and published_on < decided_on:
        errors["published_on"] = ["公示日期不能早于决定日期。"]
    rule = rule_for(kind, published_on) if kind in CreditKind.values else None
    if kind in CreditKind.values and rule is None:
        errors["kind"] = ["该类型尚未配置公示期限规则，请联系管理员。"]
    if errors:
        raise ValidationError(errors)
    entry = CreditEntry(
        bureau_id=merchant.bureau_id,
        merchant=merchant,
        kind=kind,
        title=title,
        content=content,
        document_number=document_number,
        authority=authority,
        decided_on=decided_on,
        published_on=published_on,
        public_until=_public_until(rule, published_on),
        rule=rule,
        pledge=pledge,
        source_ref=source_ref[:60],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    with transaction.atomic():
        entry.save()
        record_event(
            actor=actor,
            action="credit.create",
            obj=entry,
            bureau_id=merchant.bureau_id,
            changes={
                "merchant": merchant.name,
                "kind": kind,
                "title": title,
                "document_number": document_number,
                "public_until": str(entry.public_until or "不予公示"),
            },
            public=frozenset({"merchant", "kind", "document_number", "public_until"}),
        )
    return entry


def credit_entry_for_revoked_pledge(*, actor, pledge, notice: str) -> CreditEntry:
    """The public exposure that follows a pledge revoked after a breach (DOMAIN.md §5)."""
    return credit_entry_create(
        actor=actor,
        merchant=pledge.merchant,
        kind=CreditKind.PLEDGE_REVOKED,
        title=f"未履行{pledge.get_kind_display()}，承诺被撤销",
        content=notice,
        decided_on=timezone.localdate(),
        authority=pledge.bureau.name,
        document_number=pledge.number,
        pledge=pledge,
        source_ref=pledge.number,
    )


def may_correct(user) -> bool:
    return getattr(user, "is_bureau_staff", False) and user.role == Role.ADMIN


def credit_entry_correct(*, actor, entry: CreditEntry, reason: str, **values) -> CreditEntry:
    """Change the given fields (or withdraw the entry with `withdraw=True`). The old and new
    values and the reason are kept; nothing is deleted."""
    if not (may_correct(actor) and actor.bureau_id == entry.bureau_id):
        raise ValidationError({"reason": ["只有本局系统管理员可以更正信用信息。"]})
    errors: dict[str, list[str]] = {}
    reason = _text(errors, "reason", reason, "更正理由", 1000)
    withdraw = bool(values.pop("withdraw", False))
    unknown = set(values) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    limits = {"title": 200, "content": MAX_TEXT, "document_number": 60, "authority": 100}
    labels = {"title": "违法行为/事由", "content": "处理内容", "document_number": "决定书文号"}
    labels["authority"] = "作出机关"
    for field, limit in limits.items():
        if field in values:
            values[field] = _text(
                errors,
                field,
                values[field],
                labels[field],
                limit,
                required=field != "document_number",
            )
    if "public_until" in values:
        until = values["public_until"]
        if until is not None and (
            not isinstance(until, datetime.date) or until <= entry.published_on
        ):
            errors["public_until"] = ["公示截止日期应晚于公示日期。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = CreditEntry.objects.select_for_update().get(pk=entry.pk)
        changes = {}
        for field, new in values.items():
            old = getattr(locked, field)
            if old != new:
                changes[field] = {"from": str(old or ""), "to": str(new or "")}
                setattr(locked, field, new)
        if withdraw and locked.withdrawn_at is None:
            locked.withdrawn_at = timezone.now()
            changes["withdrawn"] = {"from": "", "to": "撤下"}
        if not changes:
            raise ValidationError({"reason": ["没有需要更正的内容。"]})
        locked.save()
        CreditCorrection.objects.create(
            entry=locked, reason=reason, changes=changes, corrected_by=actor
        )
        record_event(
            actor=actor,
            action="credit.correct",
            obj=locked,
            changes={"reason": reason, "changes": changes},
        )
    return locked
