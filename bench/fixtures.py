"""The bench database's organisation: one bureau like the demo's, made once, reused."""

from fangxin.accounts.models import Role, User
from fangxin.accounts.services import user_create
from fangxin.audit.services import Actor
from fangxin.core.models import Bureau, Unit
from fangxin.core.services import bureau_create, unit_create, unit_set_territory

BENCH = Actor(label="bench")
PASSWORD = "Bench-Passw0rd-1"
TOWNSHIPS = {
    "蔚汾市场监管所": ["蔚汾镇", "奥家湾乡"],
    "魏家滩市场监管所": ["魏家滩镇", "瓦塘镇"],
    "康宁市场监管所": ["康宁镇", "高家村镇"],
}


def bench_org() -> tuple[Bureau, User]:
    bureau = Bureau.objects.filter(division_code="141123").first()
    if bureau is None:
        bureau = bureau_create(
            actor=BENCH, name="兴县市场监督管理局", short_name="兴市监", division_code="141123"
        )
        for name, townships in TOWNSHIPS.items():
            unit = unit_create(actor=BENCH, bureau=bureau, name=name, kind=Unit.Kind.OFFICE)
            unit_set_territory(actor=BENCH, unit=unit, township_names=townships)
    leader = User.objects.filter(username="bench_leader").first() or user_create(
        actor=BENCH, username="bench_leader", password=PASSWORD, role=Role.LEADER, bureau=bureau
    )
    return bureau, leader
