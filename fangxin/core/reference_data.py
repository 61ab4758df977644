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
    CLAUSE_RECTIFICATION := (
        "clause.rectification",
        "格式条款整改期限",
        15,
        0,
        "《合同行政监督管理办法》（国家市场监督管理总局令第77号）第二十条（责令限期改正）",
        "期限为本平台默认值，待核实；下达整改通知时承办人可以调整",
    ),
]


# Refusal grounds: 暂行办法 art. 15; termination grounds: art. 21 (DOMAIN.md §2).
REFUSAL_GROUNDS = [
    ("15-1", "投诉事项不属于市场监督管理部门职责，或者本行政机关不具有处理权限"),
    (
        "15-2",
        "法院、仲裁机构、市场监督管理部门或者其他行政机关、消费者协会或者依法成立的其他调解组织已经受理或者处理过同一消费者权益争议",
    ),
    (
        "15-3",
        "不是为生活消费需要购买、使用商品或者接受服务，或者不能证明与被投诉人之间存在消费者权益争议",
    ),
    ("15-4", "除法律另有规定外，投诉人知道或者应当知道自己的权益受到被投诉人侵害之日起超过三年"),
    (
        "15-5",
        "未提供投诉人姓名、电话号码、通讯地址，被投诉人名称（姓名）、地址，具体的投诉请求以及消费者权益争议事实等材料",
    ),
    ("15-6", "法律、法规、规章规定不予受理的其他情形"),
]
ORDER_121_EXTRA_REFUSAL = [
    ("121-a", "提供虚假材料或者冒用他人名义投诉"),
    ("121-b", "拒绝配合身份核验"),
    ("121-c", "以投诉为手段谋取不正当利益"),
]
TERMINATION_GROUNDS = [
    ("21-1", "投诉人撤回投诉或者双方自行和解"),
    (
        "21-2",
        "投诉人与被投诉人对委托承担检定、检验、检测、鉴定工作的技术机构或者费用承担无法协商一致",
    ),
    ("21-3", "投诉人或者被投诉人无正当理由不参加调解，或者被投诉人明确拒绝调解"),
    ("21-4", "经组织调解，投诉人或者被投诉人明确表示无法达成调解协议"),
    ("21-5", "自投诉受理之日起四十五个工作日内投诉人和被投诉人未能达成调解协议"),
    ("21-6", "市场监督管理部门受理投诉后，发现存在本办法第十五条规定情形"),
    ("21-7", "法律、法规、规章规定的应当终止调解的其他情形"),
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
            if to_verify and not key.startswith("clause."):  # complaint-procedure limits only
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
    from fangxin.core.models import CalendarDay, HolidayNotice, LegalGround, RuleSet, TimeLimit

    seed_reference_data(HolidayNotice, CalendarDay, RuleSet, TimeLimit)
    seed_legal_grounds(RuleSet, LegalGround)


def seed_legal_grounds(RuleSet, LegalGround) -> None:  # noqa: N803
    for code, to_verify in (("samr-order-20-2022", False), ("samr-order-121", True)):
        rule_set = RuleSet.objects.filter(code=code).first()
        if rule_set is None:
            continue
        refusal = REFUSAL_GROUNDS + (ORDER_121_EXTRA_REFUSAL if to_verify else [])
        for purpose, grounds, article_no in (
            ("refusal", refusal, "第十五条"),
            ("termination", TERMINATION_GROUNDS, "第二十一条"),
        ):
            for ground_code, text in grounds:
                if to_verify:
                    article = f"{ORDER_121}相应条款"
                else:
                    item = ground_code.split("-")[1]
                    article = f"{ORDER_20}{article_no}第（{_CN_NUMBERS[int(item)]}）项"
                LegalGround.objects.get_or_create(
                    rule_set=rule_set,
                    purpose=purpose,
                    code=ground_code,
                    defaults={"text": text, "article": article},
                )


_CN_NUMBERS = ["〇", "一", "二", "三", "四", "五", "六", "七"]
