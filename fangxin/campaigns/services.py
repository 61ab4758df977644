import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.models import Role, UnitMembership
from fangxin.audit.services import record_event
from fangxin.campaigns.models import Campaign, CampaignTask, TaskReport
from fangxin.complaints.evidence import evidence_check
from fangxin.core.models import Bureau, Unit
from fangxin.core.validators import text_field


def campaign_create(
    *,
    actor,
    bureau: Bureau,
    year: int,
    title: str,
    theme: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    document_number: str = "",
) -> Campaign:
    campaign = Campaign(
        bureau=bureau,
        year=year,
        title=title,
        theme=theme,
        starts_on=starts_on,
        ends_on=ends_on,
        document_number=document_number,
    )
    with transaction.atomic():
        campaign.full_clean()
        campaign.save()
        record_event(
            actor=actor,
            action="campaign.create",
            obj=campaign,
            changes={"year": year, "theme": theme, "starts_on": starts_on, "ends_on": ends_on},
        )
    return campaign


# --- the campaign plan: tasks per unit and their progress ---------------------------------

PLANNER_ROLES = frozenset({Role.UNIT_HEAD, Role.LEADER, Role.ADMIN})


def _planner(actor, campaign: Campaign) -> None:
    if not (
        getattr(actor, "is_bureau_staff", False)
        and actor.bureau_id == campaign.bureau_id
        and actor.role in PLANNER_ROLES
    ):
        raise ValidationError({"task": ["只有本局单位负责人或局领导可以安排任务。"]})


def task_create(
    *,
    actor,
    campaign: Campaign,
    code: str,
    title: str,
    units,
    description: str = "",
    kind: str = CampaignTask.Kind.OTHER,
    due_on: datetime.date | None = None,
    section: str = "",
) -> CampaignTask:
    _planner(actor, campaign)
    units = list(units)
    if not units:
        raise ValidationError({"units": ["请至少选择一个责任单位。"]})
    if any(u.bureau_id != campaign.bureau_id for u in units):
        raise ValidationError({"units": ["责任单位应为本局的单位。"]})
    if due_on is not None and due_on < campaign.starts_on:
        raise ValidationError({"due_on": ["完成时限不能早于活动开始日期。"]})
    task = CampaignTask(
        campaign=campaign,
        code=text_field(code, "code", "编号", 10),
        section=text_field(section, "section", "方案条目", 20, required=False),
        title=text_field(title, "title", "任务", 60),
        description=text_field(description, "description", "内容", 2000, required=False),
        kind=kind,
        due_on=due_on,
    )
    with transaction.atomic():
        if CampaignTask.objects.filter(campaign=campaign, code=task.code).exists():
            raise ValidationError({"code": ["该编号已被使用。"]})
        task.full_clean(exclude=["units"])
        task.save()
        task.units.set(units)
        record_event(
            actor=actor,
            action="campaign.task_create",
            obj=task,
            changes={"code": task.code, "units": [u.name for u in units]},
        )
    return task


def task_report_submit(
    *, actor, task: CampaignTask, unit: Unit, progress: int, text: str, upload=None
) -> TaskReport:
    """A responsible unit reports its progress; a member of that unit does it."""
    if not task.units.filter(pk=unit.pk).exists():
        raise ValidationError({"unit": ["该单位不是这项任务的责任单位。"]})
    if not UnitMembership.objects.filter(user=actor, unit=unit).exists():
        raise ValidationError({"unit": ["只能以本人所在单位报送进展。"]})
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": ["完成进度应在0至100之间。"]})
    text = text_field(text, "text", "进展情况", 2000)
    report = TaskReport(task=task, unit=unit, progress=progress, text=text, reported_by=actor)
    kind = None
    if upload is not None:
        # The same rule as a complaint's evidence: a photo or a PDF, by content, at most 10 MB.
        try:
            [(_, *kind)] = evidence_check([upload])
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.message_dict["evidence"]}) from exc
    with transaction.atomic():
        # Read under a lock: a task closed a moment ago takes no more reports.
        if CampaignTask.objects.select_for_update().get(pk=task.pk).done_at is not None:
            raise ValidationError({"task": ["任务已办结，不再报送进展。"]})
        if kind is not None:
            report.attachment_name = (upload.name or "附件")[:200]
            report.attachment.save(secrets.token_hex(16) + kind[1], upload, save=False)
        report.save()
        record_event(
            actor=actor,
            action="campaign.task_report",
            obj=task,
            changes={"unit": unit.name, "progress": progress},
        )
    return report


def task_complete(*, actor, task: CampaignTask) -> CampaignTask:
    _planner(actor, task.campaign)
    with transaction.atomic():
        task = CampaignTask.objects.select_for_update().get(pk=task.pk)
        if task.done_at is not None:
            raise ValidationError({"task": ["任务已办结。"]})
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        record_event(actor=actor, action="campaign.task_complete", obj=task)
    return task
