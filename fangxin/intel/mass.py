"""Repeated filings and mass complaints found among a bureau's recent complaints, and handling
a mass complaint as one matter: a reply to every complainant at once, a referral mark for a
collective or public-interest suit, closing it.

`mass_scan` runs from `manage.py textintel_scan` (cron, every few minutes or nightly). It is
idempotent: a case already in a mass complaint stays there, a cluster that overlaps an open
mass complaint grows it, and a unit is alerted once, when a mass complaint first reaches the
threshold."""

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.models import Role, User
from fangxin.audit.services import record_event
from fangxin.complaints.models import Case, CaseEvent, Channel, Kind, Notification
from fangxin.complaints.services import actor_label
from fangxin.intel.models import MassComplaint, MassComplaintCase, RepeatFiling
from fangxin.messaging.services import sms_queue
from fangxin.textintel.cluster import Doc, block_key, clusters, near_duplicates

WINDOW_DAYS = 30
MAX_TEXT = 2000


def alert_threshold() -> int:
    """Cases in one mass complaint before its units are alerted (FANGXIN_MASS_ALERT)."""
    return int(getattr(settings, "FANGXIN_MASS_ALERT", 5))


def _person(phone: str) -> str:
    # The clusterer never sees a phone number, only a salted digest of it.
    if not phone:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{phone}".encode()).hexdigest()[:16]


def _docs(bureau_id: int, since: datetime.datetime) -> tuple[list[Doc], dict[int, tuple]]:
    rows = Case.objects.filter(
        bureau_id=bureau_id, kind=Kind.COMPLAINT, received_at__gte=since
    ).values_list(
        "id", "facts", "claim", "merchant_id", "respondent_name", "received_at", "complainant_phone"
    )
    docs, info = [], {}
    for pk, facts, claim, merchant_id, name, received_at, phone in rows.iterator(chunk_size=2000):
        key = block_key(merchant_id, name)
        docs.append(
            Doc(
                id=pk,
                text=f"{facts}\n{claim}",
                key=key,
                day=timezone.localtime(received_at).date(),
                person=_person(phone),
            )
        )
        info[pk] = (merchant_id, name)
    return docs, info


def mass_scan(*, bureau_id: int, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    start = datetime.datetime.combine(
        today - datetime.timedelta(days=WINDOW_DAYS), datetime.time.min
    )
    docs, info = _docs(bureau_id, timezone.make_aware(start))
    repeats = near_duplicates(docs, window_days=WINDOW_DAYS)
    found = clusters(docs, window_days=WINDOW_DAYS, min_size=3)
    summary = {"cases": len(docs), "repeats": 0, "clusters": len(found), "alerts": 0}
    with transaction.atomic():
        for earlier, later, similarity in repeats:
            _, created = RepeatFiling.objects.get_or_create(
                case_id=later, earlier_id=earlier, defaults={"similarity": similarity}
            )
            summary["repeats"] += created
        for cluster in found:
            summary["alerts"] += _absorb(bureau_id, cluster, info)
    return summary


def _absorb(bureau_id: int, cluster, info) -> int:
    """Record one cluster: grow the open mass complaint it overlaps, or start one."""
    member_of = dict(
        MassComplaintCase.objects.filter(case_id__in=cluster.ids).values_list("case_id", "mass_id")
    )
    mass = (
        MassComplaint.objects.select_for_update()
        .filter(pk__in=set(member_of.values()), status__in=["open", "handling"])
        .order_by("pk")
        .first()
    )
    merchant_id, name = info[cluster.ids[0]]
    if mass is None:
        if len(set(cluster.ids) - set(member_of)) < 3:
            return 0
        mass = MassComplaint.objects.create(
            bureau_id=bureau_id,
            key=cluster.key[:210],
            merchant_id=merchant_id,
            respondent_name=name[:200],
            keywords="、".join(cluster.keywords)[:200],
            size=0,
            first_day=cluster.first_day,
            last_day=cluster.last_day,
        )
    new = [pk for pk in cluster.ids if pk not in member_of]
    MassComplaintCase.objects.bulk_create(
        [MassComplaintCase(mass=mass, case_id=pk) for pk in new], ignore_conflicts=True
    )
    mass.size = mass.members.count()
    mass.first_day = min(mass.first_day, cluster.first_day)
    mass.last_day = max(mass.last_day, cluster.last_day)
    mass.keywords = mass.keywords or "、".join(cluster.keywords)[:200]
    alerted = 0
    if mass.alerted_at is None and mass.size >= alert_threshold():
        mass.alerted_at = timezone.now()
        _alert(mass)
        alerted = 1
    mass.save()
    return alerted


def _alert(mass: MassComplaint) -> None:
    """Tell the heads of the units holding the cases, and the coordinating unit's heads."""
    unit_ids = set(
        Case.objects.filter(mass_membership__mass=mass)
        .exclude(unit_id=None)
        .values_list("unit_id", flat=True)
    )
    heads = User.objects.filter(is_active=True, bureau_id=mass.bureau_id).filter(
        memberships__is_head=True, memberships__unit_id__in=unit_ids
    ) | User.objects.filter(
        is_active=True,
        bureau_id=mass.bureau_id,
        memberships__is_head=True,
        memberships__unit__is_coordinator=True,
    )
    text = (
        f"疑似群体性投诉：{mass.respondent_name}，近期 {mass.size} 件"
        f"（{mass.keywords}），请统筹处理。"
    )
    Notification.objects.bulk_create(
        [Notification(user=user, text=text[:300]) for user in heads.distinct()]
    )


def _staff_check(actor, mass: MassComplaint) -> None:
    if not (getattr(actor, "is_bureau_staff", False) and actor.bureau_id == mass.bureau_id):
        raise ValidationError({"mass": ["只有本局工作人员可以处理。"]})


def mass_reply(*, actor, mass: MassComplaint, text: str) -> int:
    """One reply to every complainant of the mass complaint: on each case's timeline and status
    page, and by text message where the case is told by us."""
    _staff_check(actor, mass)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": ["请填写答复内容。"]})
    if len(text) > 300:
        raise ValidationError({"text": ["统一答复不能超过300个字（将以短信发送）。"]})
    now = timezone.now()
    with transaction.atomic():
        cases = list(Case.objects.filter(mass_membership__mass=mass).select_related("bureau"))
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    case=case,
                    at=now,
                    actor=actor,
                    actor_label=actor_label(actor),
                    action="mass_reply",
                    note=text,
                    public_text=text,
                    details={"mass": mass.pk},
                )
                for case in cases
            ]
        )
        for case in cases:
            if case.is_anonymous or case.channel == Channel.NATIONAL_12315:
                continue
            if case.complainant_phone:
                sms_queue(
                    bureau_id=case.bureau_id,
                    phone=case.complainant_phone,
                    text=f"【{case.bureau.name}】您的投诉（编号 {case.tracking_no}）：{text}",
                    reference=f"case:{case.tracking_no}",
                )
        MassComplaint.objects.filter(pk=mass.pk, status="open").update(status="handling")
        record_event(
            actor=actor,
            action="mass.reply",
            obj=mass,
            changes={"cases": len(cases), "text": text},
            public=frozenset({"cases"}),
        )
    return len(cases)


def mass_update(
    *, actor, mass: MassComplaint, status: str, referral: str, note: str
) -> MassComplaint:
    _staff_check(actor, mass)
    errors = {}
    if status not in MassComplaint.Status.values:
        errors["status"] = ["请选择状态。"]
    if referral not in MassComplaint.Referral.values:
        errors["referral"] = ["请选择诉讼建议。"]
    note = (note or "").strip()
    if len(note) > MAX_TEXT:
        errors["note"] = [f"处理情况不能超过{MAX_TEXT}个字。"]
    if referral and not note:
        errors["note"] = ["提出诉讼建议时请写明理由和依据。"]
    if referral and getattr(actor, "role", None) not in (Role.UNIT_HEAD, Role.LEADER, Role.ADMIN):
        errors["referral"] = ["诉讼建议须由负责人提出。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = MassComplaint.objects.select_for_update().get(pk=mass.pk)
        before = {"status": locked.status, "referral": locked.referral}
        locked.status, locked.referral, locked.note = status, referral, note
        locked.save()
        record_event(
            actor=actor,
            action="mass.update",
            obj=locked,
            changes={"from": before, "status": status, "referral": referral},
            public=frozenset({"from", "status", "referral"}),
        )
    return locked


def mass_add_case(*, actor, mass: MassComplaint, case: Case) -> None:
    """Link a case staff recognise as part of the matter (the scan may have missed it)."""
    _staff_check(actor, mass)
    if case.bureau_id != mass.bureau_id:
        raise ValidationError({"tracking_no": ["只能关联本局的案件。"]})
    with transaction.atomic():
        if MassComplaintCase.objects.filter(case=case).exists():
            raise ValidationError({"tracking_no": ["该案件已在一个群体性投诉中。"]})
        MassComplaintCase.objects.create(mass=mass, case=case, added_by=actor)
        MassComplaint.objects.filter(pk=mass.pk).update(size=mass.members.count())
        record_event(
            actor=actor,
            action="mass.add_case",
            obj=mass,
            changes={"case": case.tracking_no},
            public=frozenset({"case"}),
        )
