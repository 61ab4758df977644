"""Demo publicity for `seed_demo`, after the seed plan (兴市监发〔2022〕14号): the launch
ceremony on 3月15日, 五进 events at each kind of venue, a lecture, a law column, and law-column
articles on the 消费者权益保护法 — recorded and published through the services. Made once per
campaign (skipped when the campaign has events).

Call it after the demo cases (`demo_cases_seed` skips a bureau that already has cases): the
complaints taken at the launch ceremony are filed only when the bureau has cases already."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.models import Role, User
from fangxin.complaints.intake import Filing, Person, Respondent, case_file
from fangxin.complaints.models import Case
from fangxin.core.models import Township, Unit
from fangxin.outreach import services
from fangxin.outreach.models import Article, OutreachEvent

LOCAL = ZoneInfo("Asia/Shanghai")

# (month, day, kind, venue, unit, title, place, audience, materials, consultations, materials
# handed out, summary). {year} and {theme} are the campaign's.
EVENTS = [
    (
        3, 15, "launch", "", "消费者权益保护股",
        "{year}年“{theme}”消费维权年主题宣传活动启动仪式",
        "兴县县城中心广场",
        800, 3000, 160,
        "主题宣传手册、海报、《消费者权益保护法》单行本",
        "3月15日上午，县市场监督管理局联合县消费者协会在县城中心广场举行“{theme}”消费维权"
        "年主题宣传活动启动仪式。现场设立咨询台、投诉受理台和食品快检台，评析消费维权典型案例，"
        "发布消费投诉热点，并与经营者代表签订“线下购物七日无理由退货”倡议书。\n\n"
        "活动现场受理消费投诉，解答群众咨询，发放宣传资料。",
    ),
    (
        3, 10, "five_in", "community", "蔚汾市场监管所",
        "消费维权进社区：预付式消费风险提示",
        "蔚汾镇东关社区党群服务中心",
        150, 400, 32,
        "预付式消费风险提示折页",
        "工作人员向社区居民讲解办理健身卡、美容卡、教育培训课程等预付卡时应注意的事项，"
        "提醒居民签订书面合同、保存付款凭证，不轻信“充值优惠”。",
    ),
    (
        3, 11, "five_in", "school", "蔚汾市场监管所",
        "消费维权进校园：理性消费从我做起",
        "兴县第一中学报告厅",
        600, 650, 18,
        "未成年人消费提示卡",
        "围绕网络游戏充值、直播打赏和校园周边食品安全，向学生讲解未成年人消费的法律保护，"
        "引导学生树立理性消费观念。",
    ),
    (
        3, 17, "five_in", "village", "康宁市场监管所",
        "消费维权进农村：识别假冒伪劣农资",
        "康宁镇康宁村村委会",
        90, 260, 21,
        "农资消费维权指南、识假辨假宣传画",
        "结合春耕备耕，向村民介绍识别假冒伪劣种子、化肥、农药的方法，提醒购买农资时索要"
        "发票并保存包装和样品。",
    ),
    (
        3, 18, "five_in", "enterprise", "魏家滩市场监管所",
        "消费维权进企业：落实经营者主体责任",
        "兴县鑫源汽车销售服务有限公司",
        45, 120, 6,
        "《合同行政监督管理办法》解读、格式条款自查清单",
        "组织企业负责人学习《消费者权益保护法》《合同行政监督管理办法》，指导企业自查格式条款，"
        "落实首问负责和先行赔付制度。",
    ),
    (
        3, 19, "five_in", "mall", "蔚汾市场监管所",
        "消费维权进商场：线下购物七日无理由退货",
        "兴县惠民购物广场有限公司一楼大厅",
        220, 500, 40,
        "七日无理由退货承诺宣传单",
        "在商场设立宣传咨询台，公示承诺线下七日无理由退货的商户名单，向消费者介绍退货条件"
        "和流程。",
    ),
    (
        3, 22, "lecture", "", "法规股",
        "法律讲座：老年人消费维权与保健品陷阱",
        "兴县老年活动中心",
        130, 200, 25,
        "老年消费警示案例汇编",
        "邀请法律顾问以案说法，讲解保健品虚假宣传、“免费体验”“讲座营销”等常见套路，"
        "提醒老年人理性购买。",
    ),
    (
        3, 8, "column", "", "消费者权益保护股",
        "开设“3·15”普法专栏",
        "兴县融媒体中心微信公众号",
        3200, 0, 0,
        "",
        "在县融媒体中心微信公众号开设普法专栏，每周发布消费维权法律知识和典型案例。",
    ),
]  # fmt: skip

ARTICLES = [
    (
        "column",
        3, 8,
        "网购商品七日无理由退货，这些规定要知道",
        "《消费者权益保护法》第二十五条规定，经营者采用网络、电视、电话、邮购等方式销售商品，"
        "消费者有权自收到商品之日起七日内退货，且无需说明理由。\n\n"
        "但下列商品除外：消费者定作的；鲜活易腐的；在线下载或者消费者拆封的音像制品、计算机"
        "软件等数字化商品；交付的报纸、期刊。其他根据商品性质并经消费者在购买时确认不宜退货的"
        "商品，也不适用无理由退货。\n\n"
        "消费者退货的商品应当完好。经营者应当自收到退回商品之日起七日内返还消费者支付的商品"
        "价款。退回商品的运费由消费者承担；经营者和消费者另有约定的，按照约定。\n\n"
        "遇到经营者拒不退货的，可以拨打12315或登录本平台投诉。",
    ),
    (
        "column",
        3, 12,
        "遭遇消费欺诈，可以要求“退一赔三”",
        "《消费者权益保护法》第五十五条规定，经营者提供商品或者服务有欺诈行为的，应当按照"
        "消费者的要求增加赔偿其受到的损失，增加赔偿的金额为消费者购买商品的价款或者接受服务的"
        "费用的三倍；增加赔偿的金额不足五百元的，为五百元。\n\n"
        "常见的欺诈行为包括：以次充好、以假充真；虚构原价、虚假打折；作虚假或者引人误解的"
        "宣传等。\n\n"
        "食品领域另有规定：《食品安全法》第一百四十八条规定，生产不符合食品安全标准的食品或者"
        "经营明知是不符合食品安全标准的食品，消费者除要求赔偿损失外，还可以向生产者或者经营者"
        "要求支付价款十倍或者损失三倍的赔偿金；增加赔偿的金额不足一千元的，为一千元。\n\n"
        "维权时请保存好购物凭证、宣传页面截图等证据。",
    ),
    (
        "column",
        3, 20,
        "“最终解释权归本店所有”？这类格式条款无效",
        "不少商家在促销海报、会员卡背面写上“本活动最终解释权归本店所有”“商品售出概不退换”。"
        "《消费者权益保护法》第二十六条规定，经营者不得以格式条款、通知、声明、店堂告示等方式，"
        "作出排除或者限制消费者权利、减轻或者免除经营者责任、加重消费者责任等对消费者不公平、"
        "不合理的规定；含有上述内容的，其内容无效。\n\n"
        "《合同行政监督管理办法》第八条进一步明确，经营者不得在格式条款中约定“经营者单方享有"
        "解释权或者最终解释权”。违反规定的，由市场监督管理部门责令限期改正，给予警告，并可以"
        "处十万元以下的罚款。\n\n"
        "消费者发现不公平格式条款，可以向市场监督管理部门举报。",
    ),
]  # fmt: skip

LAUNCH_NEWS = (
    "我局举行{year}年“{theme}”消费维权年主题宣传活动启动仪式",
    "3月15日上午，{year}年“{theme}”消费维权年主题宣传活动启动仪式在县城中心广场举行。\n\n"
    "活动现场设立法律咨询、投诉受理、食品快检和宣传展板等区域，工作人员向过往群众发放宣传"
    "资料{materials}份，接受群众咨询{consultations}人次。县消费者协会发布了上一年度消费投诉"
    "热点，评析了预付式消费、网络购物等领域的典型案例。\n\n"
    "启动仪式后，全县各市场监管所将陆续开展“五进”宣传活动，把消费维权知识送进社区、学校、"
    "农村、企业和商场。",
)

# Fictional people who brought complaints to the launch ceremony's desk.
ONSITE = [
    ("刘桂兰", "13700001111", "兴县惠民购物广场有限公司", "电饭煲使用一周即损坏，商家拒绝更换。"),
    ("张海军", "13700002222", "兴县强身健身俱乐部", "健身房停业，年卡余额无法退还。"),
]  # fmt: skip


def _unit(bureau, name: str) -> Unit | None:
    units = Unit.objects.filter(bureau=bureau, is_active=True)
    return units.filter(name=name).first() or units.first()


def _day(campaign, month: int, day: int) -> datetime.date | None:
    """The date in the campaign's year, moved into its period; None when not yet past."""
    wanted = datetime.date(campaign.year, month, day)
    wanted = min(max(wanted, campaign.starts_on), campaign.ends_on)
    return wanted if wanted <= timezone.localdate() else None


def _at(day: datetime.date, hour: int = 17) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LOCAL)


def _photo() -> SimpleUploadedFile:
    """A plain banner-coloured picture standing in for a photo of the ceremony."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 360), (196, 30, 36))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 120, 600, 240), fill=(250, 240, 220))
    draw.text((280, 170), "3.15", fill=(196, 30, 36))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("启动仪式.png", buffer.getvalue(), content_type="image/png")


def _onsite_cases(bureau, leader, event: OutreachEvent) -> None:
    # Only next to the demo cases: a bureau with no cases yet is left to demo_cases_seed.
    if not Case.objects.filter(bureau=bureau).exists():
        return
    if not Township.objects.filter(bureau=bureau, name="蔚汾镇").exists():
        return
    for name, phone, respondent, facts in ONSITE:
        case = case_file(
            actor=leader,
            filing=Filing(
                kind="complaint",
                complainant=Person(name=name, phone=phone, address="兴县蔚汾镇"),
                respondent=Respondent(
                    name=respondent, address="兴县蔚汾镇东关街18号", township="蔚汾镇"
                ),
                occurred_on=event.held_on - datetime.timedelta(days=7),
                amount=Decimal("399.00"),
                claim="退货退款",
                facts=facts,
                channel="window",
                received_at=_at(event.held_on, 10),
            ),
        )
        services.event_case_link(actor=leader, event=event, tracking_no=case.tracking_no)


def load(bureau, campaign) -> int:
    """Record and publish the demo publicity of `campaign`; the number of events made."""
    if OutreachEvent.objects.filter(campaign=campaign).exists():
        return 0
    leader = (
        User.objects.filter(bureau=bureau, role=Role.LEADER, is_active=True).first()
        or User.objects.filter(bureau=bureau, role=Role.ADMIN, is_active=True).first()
    )
    if leader is None:
        return 0
    made = 0
    names = {"year": campaign.year, "theme": campaign.theme}
    with transaction.atomic():
        launch = None
        for row in EVENTS:
            month, day, kind, venue, unit_name, title, place, *counts, materials, summary = row
            held_on, unit = _day(campaign, month, day), _unit(bureau, unit_name)
            if held_on is None or unit is None:
                continue
            audience, handed_out, consultations = counts
            event = services.event_create(
                actor=leader,
                campaign=campaign,
                kind=kind,
                venue=venue,
                title=title.format(**names),
                held_on=held_on,
                place=place,
                unit=unit,
                audience_size=audience,
                materials_count=handed_out,
                materials=materials,
                consultations_count=consultations,
                summary=summary.format(**names),
            )
            made += 1
            if kind == "launch":
                launch = event
                services.event_photo_add(
                    actor=leader, event=event, upload=_photo(), caption="启动仪式现场"
                )
                _onsite_cases(bureau, leader, event)
            services.event_publish(actor=leader, event=event, at=_at(held_on))
        for kind, month, day, title, body in ARTICLES:
            day_on = _day(campaign, month, day)
            if day_on is None:
                continue
            article = services.article_create(
                actor=leader, campaign=campaign, kind=kind, title=title, body=body
            )
            services.article_publish(actor=leader, article=article, at=_at(day_on, 9))
        if launch is not None:
            title, body = LAUNCH_NEWS
            article = services.article_create(
                actor=leader,
                campaign=campaign,
                kind=Article.Kind.NEWS,
                title=title.format(**names),
                body=body.format(
                    **names,
                    materials=launch.materials_count,
                    consultations=launch.consultations_count,
                ),
                event=launch,
            )
            services.article_publish(actor=leader, article=article, at=_at(launch.held_on, 18))
    return made
