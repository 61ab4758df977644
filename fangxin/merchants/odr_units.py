"""ODR units (在线消费纠纷解决单位): application by the merchant, decision by the county bureau,
suspension and reinstatement, and each unit's record on the complaints it took first."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from fangxin.audit.services import record_event
from fangxin.core.validators import mobile_error
from fangxin.merchants.models import Merchant, OdrMembership

DECIDER_ROLES = frozenset({"unit_head", "leader", "admin"})
UNDERTAKING = (
    "本单位自愿加入在线消费纠纷解决（ODR）机制，承诺：收到消费者投诉后在规定期限内主动与消费者"
    "协商解决；如实记录协商过程和结果；协商不成的，配合市场监督管理部门调解；接受社会监督。"
)
# Which decision may follow which status.
DECISIONS = {
    "approve": ({OdrMembership.Status.APPLIED}, OdrMembership.Status.APPROVED),
    "reject": ({OdrMembership.Status.APPLIED}, OdrMembership.Status.REJECTED),
    "suspend": ({OdrMembership.Status.APPROVED}, OdrMembership.Status.SUSPENDED),
    "reinstate": ({OdrMembership.Status.SUSPENDED}, OdrMembership.Status.APPROVED),
}
DECISION_LABELS = {"approve": "批准", "reject": "不予批准", "suspend": "暂停", "reinstate": "恢复"}


def odr_apply(
    *,
    actor,
    merchant: Merchant,
    premises: str,
    contact_person: str,
    contact_phone: str,
    agree: bool,
) -> OdrMembership:
    errors: dict[str, list[str]] = {}
    if not agree:
        errors["agree"] = ["请阅读并同意承诺书。"]
    premises, contact_person = (premises or "").strip(), (contact_person or "").strip()
    contact_phone = (contact_phone or "").strip()
    if not premises:
        errors["premises"] = ["请填写经营场所。"]
    if not contact_person:
        errors["contact_person"] = ["请填写处理人。"]
    if not contact_phone:
        errors["contact_phone"] = ["请填写处理电话。"]
    elif contact_phone.startswith("1") and (message := mobile_error(contact_phone)):
        errors["contact_phone"] = [message]
    if merchant.merged_into_id or merchant.status != Merchant.Status.ACTIVE:
        errors["merchant"] = ["该经营者不是存续状态，不能申请。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        membership = OdrMembership.objects.select_for_update().filter(
            merchant=merchant
        ).first() or OdrMembership(merchant=merchant)
        if membership.pk and membership.status in (
            OdrMembership.Status.APPLIED,
            OdrMembership.Status.APPROVED,
        ):
            raise ValidationError({"merchant": ["已提交申请或已是ODR单位。"]})
        if membership.status == OdrMembership.Status.SUSPENDED:
            raise ValidationError({"merchant": ["已被暂停，请联系市场监管部门恢复。"]})
        membership.status = OdrMembership.Status.APPLIED
        membership.undertaking = UNDERTAKING
        membership.premises, membership.contact_person = premises[:300], contact_person[:50]
        membership.contact_phone, membership.applied_at = contact_phone[:30], timezone.now()
        membership.review_note = ""
        membership.save()
        record_event(
            actor=actor,
            action="odr.apply",
            obj=membership,
            bureau_id=merchant.bureau_id,
            changes={"contact_person": contact_person, "contact_phone": contact_phone},
        )
    return membership


def odr_decide(*, actor, membership: OdrMembership, decision: str, note: str = "") -> OdrMembership:
    if not (
        getattr(actor, "is_bureau_staff", False)
        and actor.bureau_id == membership.merchant.bureau_id
        and actor.role in DECIDER_ROLES
    ):
        raise ValidationError({"decision": ["只有本局负责人可以审批ODR单位。"]})
    if decision not in DECISIONS:
        raise ValidationError({"decision": ["请选择操作。"]})
    note = (note or "").strip()
    if decision in ("reject", "suspend") and not note:
        raise ValidationError({"note": ["请写明理由。"]})
    sources, target = DECISIONS[decision]
    with transaction.atomic():
        membership = OdrMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.status not in sources:
            raise ValidationError(
                {
                    "decision": [
                        f"当前状态（{membership.get_status_display()}）不能{DECISION_LABELS[decision]}。"
                    ]
                }
            )
        membership.status, membership.reviewed_by, membership.review_note = target, actor, note
        if decision == "approve":
            membership.approved_on = timezone.localdate()
        membership.save()
        escalated = _escalate_open_cases(actor, membership) if decision == "suspend" else []
        record_event(
            actor=actor,
            action=f"odr.{decision}",
            obj=membership,
            bureau_id=membership.merchant.bureau_id,
            changes={"status": target, "note": note, "escalated": escalated},
        )
    return membership


def _escalate_open_cases(actor, membership: OdrMembership) -> list[str]:
    """A suspended unit no longer negotiates: its cases still in that stage go to the bureau."""
    from fangxin.complaints.models import Case
    from fangxin.complaints.odr import odr_escalate
    from fangxin.complaints.workflow import Status

    numbers = []
    for case in Case.objects.filter(merchant=membership.merchant, status=Status.ODR):
        odr_escalate(
            actor=actor,
            case=case,
            reason="该经营者的在线纠纷解决资格已暂停，转由市场监管部门处理。",
        )
        numbers.append(case.tracking_no)
    return numbers


def odr_unit_stats(bureau_id: int):
    """Per ODR unit: complaints sent to it first, settled by it, settled within its 10 working
    days, and escalated to the bureau (its clock cancelled by the escalation)."""
    clock = "merchant__cases__deadlines"
    odr = Q(**{f"{clock}__key": "odr.negotiation"})
    met = odr & Q(**{f"{clock}__state": "met"})
    on_time = met & Q(**{f"{clock}__met_at__date__lte": F(f"{clock}__due_on")})
    escalated = odr & Q(**{f"{clock}__state": "cancelled"})
    return (
        OdrMembership.objects.filter(merchant__bureau_id=bureau_id)
        .select_related("merchant")
        .annotate(
            odr_cases=Count(clock, filter=odr),
            settled=Count(clock, filter=met),
            settled_on_time=Count(clock, filter=on_time),
            escalated=Count(clock, filter=escalated),
        )
        .order_by("status", "merchant__name")
    )
