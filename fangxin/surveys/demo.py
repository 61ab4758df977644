"""Demo data for the surveys (`seed_demo`): an open "2026年消费环境满意度测评" with eight
questions (one shown only to those who had a dispute) and forty answers, written through the
same services a builder and the public use. Idempotent: a second run finds the survey."""

import datetime

from django.utils import timezone

from fangxin.accounts.models import Role, User
from fangxin.surveys import answering, services
from fangxin.surveys.models import Survey

TITLE = "2026年消费环境满意度测评"
INTRO = (
    "为了解群众对本地消费环境和市场监管工作的评价，特开展本次满意度测评。"
    "问卷匿名填写，约需2分钟，感谢您的支持！"
)
RESPONSES = 40

AGES = ["18岁以下", "18—30岁", "31—45岁", "46—60岁", "60岁以上"]
DISPUTE = ["是", "否"]
CHANNELS = ["与经营者协商", "拨打12315热线", "通过本平台投诉", "向消费者协会求助", "没有解决"]
SECTORS = ["食品安全", "预付式消费", "网络购物", "房屋装修", "医疗美容", "旅游服务"]
RETURNS = ["非常了解", "了解一些", "不了解"]
COMMENTS = [
    "工作人员态度很好，投诉第二天就有人联系我，处理得很及时，非常满意。",
    "希望加强对健身房、美容院预付卡的监管，老板跑路了钱就要不回来。",
    "超市里过期食品还是时有发现，建议多抽查。",
    "总体不错，商场里明码标价做得比以前好多了。",
    "网上买的东西退货太难了，商家一直推脱，希望监管部门管一管。",
    "",
    "12315热线有时候打不通，等了很久。",
    "放心消费示范店挺好的，买东西更放心。",
    "一般吧，没什么特别的感受。",
    "装修公司乱收费，合同里全是霸王条款，投诉了三个月还没结果，很失望。",
    "建议在乡镇多开展消费维权宣传活动，老年人容易上当受骗。",
    "",
    "上次在蔚汾镇买的手机有质量问题，商家很快给换了，感谢市场监管所的调解。",
    "农村集市上的三无产品还是比较多。",
    "服务热情，效率高，点赞！",
]


def _answers(survey: Survey, n: int) -> dict[int, list[str]]:
    """A plausible spread of answers for respondent n, without a random generator: the same
    demo on every run."""
    q = {question.position: question.pk for question in survey.questions.all()}
    rating = [5, 4, 5, 3, 4, 2, 5, 4, 1, 4][n % 10]
    had_dispute = n % 3 == 0
    answers = {
        q[1]: [str((n * 7 + 1) % len(AGES))],
        q[2]: [str(rating)],
        q[3]: [str(0 if had_dispute else 1)],
        q[6]: [str(n % len(SECTORS)), str((n * 5 + 2) % len(SECTORS))],
        q[7]: [str(n % len(RETURNS))],
        q[8]: [COMMENTS[n % len(COMMENTS)]],
    }
    if had_dispute:
        answers[q[4]] = [str(n % len(CHANNELS))] + ([str(2)] if n % 2 else [])
        answers[q[5]] = [str(min(10, rating * 2 + (n % 2)))]
    return answers


def load(bureau, campaign=None) -> Survey | None:
    """The demo survey of `bureau` (in `campaign` when given), built and answered once."""
    existing = Survey.objects.filter(bureau=bureau, title=TITLE).first()
    if existing is not None:
        return existing
    leader = User.objects.filter(bureau=bureau, role=Role.LEADER, is_active=True).first()
    if leader is None:
        return None
    now = timezone.now()
    survey = services.survey_create(
        actor=leader,
        bureau=bureau,
        campaign=campaign,
        title=TITLE,
        intro=INTRO,
        mode=Survey.Mode.ANONYMOUS,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=60),
    )
    questions = [
        ("single", "您的年龄段", AGES, True, None, None),
        ("rating", "您对本地消费环境的总体满意度", [], True, 5, None),
        ("single", "近一年您是否遇到过消费纠纷？", DISPUTE, True, None, None),
        ("multiple", "您是通过什么途径解决的？", CHANNELS, True, None, (3, "是")),
        ("rating", "您对市场监管部门处理消费纠纷的效率打几分？", [], False, 10, (3, "是")),
        ("multiple", "您最关注哪些消费领域？", SECTORS, True, None, None),
        ("single", "您是否了解“七日无理由退货”规定？", RETURNS, True, None, None),
        ("text", "您对改善本地消费环境有什么意见和建议？", [], False, None, None),
    ]
    added = {}
    for position, (kind, text, options, required, scale, condition) in enumerate(questions, 1):
        depends_on = added[condition[0]] if condition else None
        added[position] = services.question_add(
            actor=leader,
            survey=survey,
            kind=kind,
            text=text,
            options=options,
            required=required,
            scale_max=scale,
            depends_on=depends_on,
            depends_value=condition[1] if condition else "",
        )
    survey = services.survey_transition(actor=leader, survey=survey, action="open", note="演示数据")
    for n in range(RESPONSES):
        answering.response_submit(
            survey=survey, answers=_answers(survey, n), token=f"demo-{n}", address=None
        )
    return survey


def demo_surveys_seed(bureau) -> Survey | None:
    """For seed_demo: the survey in the bureau's 2026 campaign (or none when it has none)."""
    campaign = bureau.campaigns.filter(year=2026).first()
    return load(bureau, campaign)
