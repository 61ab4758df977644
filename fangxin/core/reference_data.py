"""Reference data every installation starts with: the holiday table seeded from
`chinese_calendar` (official notices up to its last year) and the legal time limits.
Administrators correct and extend both in the UI afterwards.

`seed_reference_data` takes the model classes so that the data migration can pass its
historical models; it is idempotent (get_or_create on natural keys).
"""

import datetime

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

ORDER_20 = "《市场监督管理投诉举报处理暂行办法》"
ORDER_121 = "《市场监督管理投诉举报处理办法》（国家市场监督管理总局令第121号）"
PENALTY_PROCEDURE = "《市场监督管理行政处罚程序规定》"

LIMITS = [
    # key, label, days, extension, article, note
    (
        "complaint.acceptance",
        "投诉受理决定",
        7,
        0,
        f"{ORDER_20}第十四条；《消费者权益保护法》第四十六条",
        "自收到投诉之日起，收到当日不计入",
    ),
    (
        "complaint.mediation",
        "调解（自受理之日起）",
        45,
        0,
        f"{ORDER_20}第二十一条第一款第（五）项",
        "逾期未达成调解协议的终止调解；检测、鉴定期间不计入",
    ),
    (
        "complaint.termination_notice",
        "终止调解告知",
        7,
        0,
        f"{ORDER_20}第二十一条第二款",
        "自作出终止调解决定之日起告知双方",
    ),
    (
        "report.verification",
        "举报核查",
        15,
        15,
        f"{PENALTY_PROCEDURE}第十八条",
        "经负责人批准可延长十五个工作日",
    ),
    (
        "report.reporter_notice",
        "告知实名举报人是否立案",
        5,
        0,
        f"{ORDER_20}第三十一条",
        "自作出是否立案决定之日起",
    ),
    (
        "odr.negotiation",
        "ODR企业协商处理",
        10,
        0,
        "在线消费纠纷解决（ODR）工作规范",
        "条款依据待核实；逾期未解决的转市场监管部门处理",
    ),
]


def seed_reference_data(HolidayNotice, CalendarDay, RuleSet, TimeLimit) -> None:  # noqa: N803
    import chinese_calendar  # imported here: only seeding needs it

    years = sorted(
        {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
    )
    for year in years:
        notice, _ = HolidayNotice.objects.get_or_create(
            year=year,
            defaults={
                "title": f"国务院办公厅关于{year}年部分节假日安排的通知",
                "source": f"chinese-calendar {chinese_calendar.__version__}"
                "（初始导入，请与通知原文核对）",
            },
        )
        for table, kind in (
            (chinese_calendar.holidays, "holiday"),
            (chinese_calendar.workdays, "adjusted_working_day"),
        ):
            for day, holiday in table.items():
                if day.year != year:
                    continue
                name = HOLIDAY_NAMES.get(str(holiday), str(holiday))
                CalendarDay.objects.get_or_create(
                    date=day, defaults={"notice": notice, "kind": kind, "name": name}
                )

    order20, _ = RuleSet.objects.get_or_create(
        code="samr-order-20-2022",
        defaults={
            "name": "投诉举报处理时限（2022年修正文本）",
            "citation": f"{ORDER_20}（国家市场监督管理总局令第20号，2022年修正）",
            "effective_from": datetime.date(2020, 1, 1),
            "verified": True,
            "note": "暂行办法自2020年1月1日施行，2022年两次修正未改变以下时限。",
        },
    )
    order121, _ = RuleSet.objects.get_or_create(
        code="samr-order-121",
        defaults={
            "name": "投诉举报处理时限（总局令第121号）",
            "citation": ORDER_121,
            "effective_from": datetime.date(2026, 4, 15),
            "verified": False,
            "note": "新办法自2026年4月15日施行。其时限数值待与正式文本核对，暂沿用2022年文本数值。",
        },
    )
    for rule_set, to_verify in ((order20, False), (order121, True)):
        for key, label, days, extension, article, note in LIMITS:
            if to_verify:
                article = f"{ORDER_121}相应条款"
            TimeLimit.objects.get_or_create(
                rule_set=rule_set,
                key=key,
                defaults={
                    "label": label,
                    "days": days,
                    "extension_days": extension,
                    "article": article,
                    "note": note,
                    "day_kind": "working",
                },
            )


def seed_reference_data_now() -> None:
    from fangxin.core.models import CalendarDay, HolidayNotice, RuleSet, TimeLimit

    seed_reference_data(HolidayNotice, CalendarDay, RuleSet, TimeLimit)
