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


def bench_org(division_code: str = "141123") -> tuple[Bureau, User]:
    """The bureau the intake and import benchmarks write to, or (another division code) a
    bureau of its own, so that one benchmark's rows never change another's figures."""
    bureau = Bureau.objects.filter(division_code=division_code).first()
    if bureau is None:
        name = "兴县市场监督管理局" if division_code == "141123" else f"基准{division_code}局"
        bureau = bureau_create(
            actor=BENCH, name=name, short_name="兴市监", division_code=division_code
        )
        for name, townships in TOWNSHIPS.items():
            unit = unit_create(actor=BENCH, bureau=bureau, name=name, kind=Unit.Kind.OFFICE)
            # Territories only for the intake bureau: a filing routed by address must find one
            # bureau, not two with the same township names.
            if division_code == "141123":
                unit_set_territory(actor=BENCH, unit=unit, township_names=townships)
    username = "bench_leader" if division_code == "141123" else f"bench_leader_{division_code}"
    leader = User.objects.filter(username=username).first() or user_create(
        actor=BENCH, username=username, password=PASSWORD, role=Role.LEADER, bureau=bureau
    )
    return bureau, leader


def fact_text(i: int) -> str:
    """A complaint's facts drawn from the workbench's goods and problems (so every benchmark's
    rows have the same word distribution: 健身房 in 1 of 40, and so on)."""
    from bench.bench_workbench import GOODS, PROBLEMS

    return f"{GOODS[i % len(GOODS)]} {PROBLEMS[(i // 7) % len(PROBLEMS)]}".replace(" ", "")
