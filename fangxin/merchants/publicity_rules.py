"""Publication periods of credit-publicity entries (信用公示), as data with their legal basis.
Seeded by migration; `seed_publicity_rules_now` puts them back in a flushed test database."""

import datetime

ORDER_45 = "《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）"
RULES = [
    # kind, months, citation, verified, note
    (
        "penalty",
        36,
        ORDER_45 + "第十三条：其他行政处罚信息自公示之日起届满三年的，停止公示",
        True,
        "适用普通程序作出的行政处罚（第二条）；被限制从业超过三年的，按实际限制期限公示。",
    ),
    (
        "penalty_minor",
        3,
        ORDER_45 + "第十三条：仅受到通报批评或者较低数额罚款的，届满三个月停止公示",
        True,
        "“较低数额罚款”由省级以上市场监管部门规定（待核实本省标准）。",
    ),
    (
        "warning",
        0,
        ORDER_45 + "第二条：仅受到警告行政处罚的不予公示",
        True,
        "记入内部信用档案，不在公示名单中显示。",
    ),
    (
        "pledge_revoked",
        12,
        "山西省线下实体店无理由退货承诺活动：未践诺的约谈并曝光（公示期为本局规则）",
        False,
        "公示期限待核实：按本局规定填写。",
    ),
    (
        "clause_finding",
        12,
        "《合同行政监督管理办法》（国家市场监督管理总局令第77号）第六条至第九条；点评公示期为本局规则",
        False,
        "公示期限待核实：按本局规定填写。",
    ),
]


def seed_publicity_rules(PublicityRule) -> None:  # noqa: N803
    start = datetime.date(2021, 9, 1)
    for kind, months, citation, verified, note in RULES:
        PublicityRule.objects.get_or_create(
            kind=kind,
            effective_from=start,
            defaults={"months": months, "citation": citation, "verified": verified, "note": note},
        )


def seed_publicity_rules_now() -> None:
    from fangxin.merchants.models import PublicityRule

    seed_publicity_rules(PublicityRule)
