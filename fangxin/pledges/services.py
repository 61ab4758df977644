"""Writes on pledges: signing (merchant), review (bureau), renewal, returns honoured. The
breach workflow is in `breaches`. Every write is audited in its own transaction."""

import calendar
import datetime
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.models import Role
from fangxin.audit.services import record_event
from fangxin.complaints.numbers import counter_advance
from fangxin.merchants.models import Merchant
from fangxin.pledges.models import Pledge, PledgeReturn

NUMBER_CODES = {Pledge.Kind.SEVEN_DAY_RETURN: "TH", Pledge.Kind.ASSURED: "FX"}
# Counter keys on the shared counter table (kept short: the column holds 12 characters).
COUNTER_KEYS = {Pledge.Kind.SEVEN_DAY_RETURN: "pledge.th", Pledge.Kind.ASSURED: "pledge.fx"}
MAX_MONTHS = 36  # the creation cycle is two years (DOMAIN.md §7½); longer is a typing error
MAX_TEXT = 4000
REVIEWER_ROLES = frozenset({Role.UNIT_HEAD, Role.LEADER, Role.ADMIN})
OPEN_STATUSES = (Pledge.Status.SUBMITTED, Pledge.Status.RETURNED, Pledge.Status.APPROVED)


def _text(errors, field, value, label, *, required=True, limit=MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        errors.setdefault(field, []).append(f"请填写{label}。")
    elif len(value) > limit:
        errors.setdefault(field, []).append(f"{label}不能超过{limit}个字。")
    return value


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it has fewer days)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def merchant_may_pledge(merchant: Merchant) -> str:
    """Why this merchant cannot sign a pledge now, or ""."""
    if merchant.merged_into_id:
        return "该经营者已合并至其他记录，请在合并后的记录上签署。"
    if merchant.status != Merchant.Status.ACTIVE:
        return f"该经营者状态为“{merchant.get_status_display()}”，不能签署承诺。"
    return ""


def _open_pledge_exists(merchant: Merchant, kind: str) -> bool:
    pending = Pledge.objects.filter(merchant=merchant, kind=kind, status__in=OPEN_STATUSES)
    return any(p.status != Pledge.Status.APPROVED or p.is_current() for p in pending)


def pledge_sign(
    *,
    actor,
    merchant: Merchant,
    kind: str,
    scope: str,
    signer_name: str,
    months: int,
    excluded_goods: str = "",
    conditions: str = "",
    refund_days: int | None = None,
    commitments: str = "",
    renews: Pledge | None = None,
) -> Pledge:
    errors: dict[str, list[str]] = {}
    if kind not in Pledge.Kind.values:
        errors["kind"] = ["请选择承诺类型。"]
    if problem := merchant_may_pledge(merchant):
        errors["merchant"] = [problem]
    scope = _text(errors, "scope", scope, "承诺范围")
    signer_name = _text(errors, "signer_name", signer_name, "签署人", limit=50)
    excluded_goods = _text(errors, "excluded_goods", excluded_goods, "负面清单", required=False)
    commitments = _text(
        errors, "commitments", commitments, "承诺内容", required=kind == Pledge.Kind.ASSURED
    )
    conditions = _text(
        errors,
        "conditions",
        conditions,
        "退货条件",
        required=kind == Pledge.Kind.SEVEN_DAY_RETURN,
    )
    if not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        errors["months"] = [f"有效期应为1至{MAX_MONTHS}个月。"]
    if kind == Pledge.Kind.SEVEN_DAY_RETURN and not (
        isinstance(refund_days, int) and 1 <= refund_days <= 30
    ):
        errors["refund_days"] = ["请填写退款时限（1至30个工作日）。"]
    if renews is not None and (
        renews.merchant_id != merchant.pk
        or renews.kind != kind
        or renews.status != Pledge.Status.APPROVED
    ):
        errors["renews"] = ["只能续期本经营者同类、仍在有效状态的承诺。"]
    if errors:
        raise ValidationError(errors)
    pledge = Pledge(
        bureau_id=merchant.bureau_id,
        merchant=merchant,
        kind=kind,
        status=Pledge.Status.SUBMITTED,
        token=secrets.token_urlsafe(24),
        scope=scope,
        excluded_goods=excluded_goods,
        conditions=conditions,
        refund_days=refund_days if kind == Pledge.Kind.SEVEN_DAY_RETURN else None,
        commitments=commitments,
        months=months,
        signer_name=signer_name,
        signed_by=actor if getattr(actor, "pk", None) else None,
        signed_at=timezone.now(),
        renews=renews,
    )
    with transaction.atomic():
        # The merchant's row is the lock: a double submit waits here and then finds the first.
        Merchant.objects.select_for_update().filter(pk=merchant.pk).first()
        if renews is None and _open_pledge_exists(merchant, kind):
            raise ValidationError(
                {"kind": ["已有同类承诺在审核中或有效期内，如需延续请办理续期。"]}
            )
        pledge.save()
        record_event(
            actor=actor,
            action="pledge.sign",
            obj=pledge,
            bureau_id=merchant.bureau_id,
            changes={
                "merchant": merchant.name,
                "kind": kind,
                "months": months,
                "signer_name": signer_name,
                "renews": renews.number if renews else "",
            },
            public=frozenset({"merchant"}),
        )
    return pledge


def pledge_resubmit(*, actor, pledge: Pledge, **fields) -> Pledge:
    """The merchant corrects a pledge the bureau sent back: a new signature replaces it."""
    if pledge.status != Pledge.Status.RETURNED:
        raise ValidationError({"status": ["只有被退回的承诺可以修改后重新提交。"]})
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if locked.status != Pledge.Status.RETURNED:
            raise ValidationError({"status": ["只有被退回的承诺可以修改后重新提交。"]})
        locked.status = Pledge.Status.REPLACED
        locked.save(update_fields=["status"])
        record_event(actor=actor, action="pledge.replace", obj=locked, changes={})
        fields.setdefault("renews", locked.renews)
        return pledge_sign(actor=actor, merchant=pledge.merchant, kind=pledge.kind, **fields)


def _reviewer_check(actor, pledge: Pledge) -> None:
    if not (
        getattr(actor, "is_bureau_staff", False)
        and actor.bureau_id == pledge.bureau_id
        and actor.role in REVIEWER_ROLES
    ):
        raise ValidationError({"status": ["只有本局负责人可以审核承诺。"]})


def pledge_review(*, actor, pledge: Pledge, approve: bool, note: str = "") -> Pledge:
    _reviewer_check(actor, pledge)
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": ["退回时请写明需要修改的内容。"]})
    if len(note) > MAX_TEXT:
        raise ValidationError({"note": [f"审核意见不能超过{MAX_TEXT}个字。"]})
    with transaction.atomic():
        pledge = (
            Pledge.objects.select_for_update(of=("self",))
            .select_related("renews")
            .get(pk=pledge.pk)
        )
        if pledge.status != Pledge.Status.SUBMITTED:
            raise ValidationError(
                {"status": [f"该承诺当前为“{pledge.get_status_display()}”，不能审核。"]}
            )
        if approve and (problem := merchant_may_pledge(pledge.merchant)):
            raise ValidationError({"merchant": [problem]})
        pledge.reviewed_by, pledge.reviewed_at, pledge.review_note = actor, timezone.now(), note
        if approve:
            today = timezone.localdate()
            start = today
            old = pledge.renews
            if old is not None and old.valid_until and old.valid_until >= today:
                start = old.valid_until + datetime.timedelta(days=1)
            pledge.valid_from = start
            pledge.valid_until = add_months(start, pledge.months) - datetime.timedelta(days=1)
            serial = counter_advance(
                bureau=pledge.bureau, key=COUNTER_KEYS[pledge.kind], year=today.year, count=1
            )
            code = NUMBER_CODES[pledge.kind]
            pledge.number = f"{pledge.bureau.division_code}-{today.year}-{code}{serial:06d}"
            pledge.status = Pledge.Status.APPROVED
            if old is not None:
                old = Pledge.objects.select_for_update().get(pk=old.pk)
                if old.status != Pledge.Status.APPROVED:
                    raise ValidationError(
                        {"status": [f"被续期的承诺已{old.get_status_display()}，不能批准续期。"]}
                    )
                Pledge.objects.filter(pk=old.pk).update(status=Pledge.Status.RENEWED)
                record_event(
                    actor=actor,
                    action="pledge.renewed",
                    obj=old,
                    changes={"renewed_by": pledge.number},
                    public=frozenset({"renewed_by"}),
                )
        else:
            pledge.status = Pledge.Status.RETURNED
        pledge.save()
        record_event(
            actor=actor,
            action="pledge.approve" if approve else "pledge.return",
            obj=pledge,
            changes={
                "number": pledge.number,
                "valid_from": str(pledge.valid_from or ""),
                "valid_until": str(pledge.valid_until or ""),
                "note": note,
            },
        )
    return pledge


def pledge_return_log(
    *, actor, pledge: Pledge, returned_on: datetime.date, goods: str, amount, note: str = ""
) -> PledgeReturn:
    errors: dict[str, list[str]] = {}
    if pledge.kind != Pledge.Kind.SEVEN_DAY_RETURN:
        errors["pledge"] = ["只有七日无理由退货承诺可以登记退货。"]
    elif pledge.status not in (Pledge.Status.APPROVED, Pledge.Status.RENEWED):
        errors["pledge"] = ["该承诺未生效，不能登记退货。"]
    elif pledge.merchant.status != Merchant.Status.ACTIVE:
        errors["pledge"] = ["经营者已注销或被吊销，不能登记退货。"]
    today = timezone.localdate()
    if not isinstance(returned_on, datetime.date):
        errors["returned_on"] = ["请填写退货日期。"]
    elif returned_on > today:
        errors["returned_on"] = ["退货日期不能晚于今天。"]
    elif pledge.valid_from and returned_on < pledge.valid_from:
        errors["returned_on"] = ["退货日期早于承诺生效日期。"]
    elif pledge.valid_until and returned_on > pledge.valid_until:
        errors["returned_on"] = ["退货日期晚于承诺有效期。"]
    goods = _text(errors, "goods", goods, "商品", limit=200)
    note = _text(errors, "note", note, "备注", required=False, limit=500)
    try:
        amount = Decimal(str(amount)).quantize(Decimal("0.01"))
        if not Decimal("0") < amount < Decimal("10000000"):
            raise ValueError
    except (ValueError, ArithmeticError):
        errors["amount"] = ["退款金额应为大于0的数字（元）。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = PledgeReturn.objects.create(
            pledge=pledge,
            returned_on=returned_on,
            goods=goods,
            amount=amount,
            note=note,
            logged_by=actor,
        )
        record_event(
            actor=actor,
            action="pledge.return_log",
            obj=item,
            bureau_id=pledge.bureau_id,
            changes={"pledge": pledge.number, "goods": goods, "amount": str(amount)},
            public=frozenset({"pledge", "goods", "amount"}),
        )
    return item
