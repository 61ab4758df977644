import datetime
from dataclasses import dataclass

from django.utils import timezone

from fangxin.campaigns.models import Campaign, CampaignTask, TaskReport
from fangxin.core.models import Unit


def campaign_current(*, bureau_id: int | None = None) -> Campaign | None:
    """The newest campaign: the bureau's own for its staff, else any bureau's."""
    campaigns = Campaign.objects.select_related("bureau")
    if bureau_id:
        campaigns = campaigns.filter(bureau_id=bureau_id)
    return campaigns.order_by("-year", "-starts_on").first()


@dataclass
class TaskRow:
    task: CampaignTask
    units: list[tuple[Unit, TaskReport | None]]
    late: bool

    @property
    def progress(self) -> int:
        """The least advanced unit's progress: a task is as far along as its slowest unit."""
        if self.task.done_at:
            return 100
        return min((r.progress if r else 0 for _, r in self.units), default=0)


def plan_overview(campaign: Campaign, *, today: datetime.date | None = None) -> dict:
    """Every task with each responsible unit's latest report, what is late (past its due date
    and not done), and per unit how many of its tasks are open and late — the leader's view."""
    today = today or timezone.localdate()
    tasks = list(campaign.tasks.prefetch_related("units").order_by("code"))
    latest: dict[tuple[int, int], TaskReport] = {}
    reports = TaskReport.objects.filter(task__campaign=campaign).order_by("reported_at", "id")
    for report in reports:
        latest[(report.task_id, report.unit_id)] = report
    rows, by_unit = [], {}
    for task in tasks:
        late = task.done_at is None and task.due_on is not None and task.due_on < today
        units = [(u, latest.get((task.pk, u.pk))) for u in task.units.all()]
        rows.append(TaskRow(task, units, late))
        for unit, _ in units:
            counts = by_unit.setdefault(unit, {"tasks": 0, "open": 0, "late": 0})
            counts["tasks"] += 1
            counts["open"] += task.done_at is None
            counts["late"] += late
    return {
        "rows": rows,
        "units": sorted(by_unit.items(), key=lambda kv: (-kv[1]["late"], kv[0].name)),
        "late": sum(r.late for r in rows),
        "done": sum(r.task.done_at is not None for r in rows),
    }
