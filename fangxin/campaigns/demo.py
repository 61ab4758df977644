"""Demo data: the seed document's plan (兴市监发〔2022〕14号, fangxin/engagement/data/
campaign_2022.json) loaded as the 2022 campaign's tasks, with progress reports. The document
names no responsible unit for most tasks and no time limits; the demo assigns units by the kind
of work and takes the campaign's last day as the limit, and says so in each task. Idempotent."""

import json
from pathlib import Path

from django.db import transaction

from fangxin.accounts.models import Role, UnitMembership, User
from fangxin.campaigns import services
from fangxin.campaigns.models import Campaign
from fangxin.core.models import Unit

PLAN = Path(__file__).resolve().parents[1] / "engagement" / "data" / "campaign_2022.json"
CONSUMER_SECTION = "消费者权益保护股"
SQUAD = "综合执法大队一中队"
BY_KIND = {"enforcement": SQUAD, "destruction": SQUAD, "food_test": SQUAD}
# Tasks the 2022 demo leaves open, so that the overview shows who is late.
OPEN_CODES = {"T07", "T19", "T27"}


def _units(bureau, task: dict) -> list[Unit]:
    units = Unit.objects.filter(bureau=bureau)
    if any("各级市场监管部门" in u for u in task["units"]):
        return list(units)
    if task["activity_kind"] == "publicity_five_in":
        return list(units.filter(kind=Unit.Kind.OFFICE)) + list(units.filter(name=CONSUMER_SECTION))
    name = BY_KIND.get(task["activity_kind"], CONSUMER_SECTION)
    return list(units.filter(name=name)) or list(units.filter(name=CONSUMER_SECTION))


def demo_campaign_plan_seed(bureau) -> None:
    campaign = Campaign.objects.filter(bureau=bureau, year=2022).first()
    leader = User.objects.filter(bureau=bureau, role=Role.LEADER).first()
    if campaign is None or leader is None or campaign.tasks.exists():
        return
    plan = json.loads(PLAN.read_text(encoding="utf-8"))
    group = plan["leading_group"]
    with transaction.atomic():
        campaign.leader, campaign.deputies = group["leader"], "、".join(group["deputies"])
        campaign.group_members = group["members"]
        campaign.save(update_fields=["leader", "deputies", "group_members"])
        for item in plan["tasks"]:
            task = services.task_create(
                actor=leader,
                campaign=campaign,
                code=item["code"],
                section=item["section"],
                title=item["title"],
                description=item["description"]
                + "\n（演示数据：方案未规定责任单位和时限，按工作类别分配，时限取活动结束日。）",
                kind=item["activity_kind"],
                units=_units(bureau, item),
                due_on=campaign.ends_on,
            )
            for unit in task.units.all():
                member = UnitMembership.objects.filter(unit=unit).select_related("user").first()
                if member is None:
                    continue
                done = task.code not in OPEN_CODES
                services.task_report_submit(
                    actor=member.user,
                    task=task,
                    unit=unit,
                    progress=100 if done else 40,
                    text="已按方案完成。" if done else "正在组织，材料准备中。",
                )
            if task.code not in OPEN_CODES:
                services.task_complete(actor=leader, task=task)
