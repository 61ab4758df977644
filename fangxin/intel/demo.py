"""Demo data for text intelligence (`seed_demo`): complaints from several members of a gym that
closed, found as one mass complaint by the scan. Idempotent."""

import datetime
from decimal import Decimal

from django.utils import timezone

from fangxin.accounts.models import User
from fangxin.complaints import services
from fangxin.complaints.intake import Filing, Person, Respondent, case_file
from fangxin.intel.mass import mass_scan
from fangxin.intel.models import MassComplaint

GYM_TEXTS = [
    ("赵", "强身健身俱乐部突然关门，我办的年卡还有8个月没用，老板联系不上，要求退还预付款。"),
    ("钱", "健身房关门跑路了！年卡3000元刚办两个月，私教课也没上完，要求退钱"),
    ("孙", "强身健身俱乐部停业，门上贴了装修通知但一直不开门，会员卡余额无法退还。"),
    ("李", "我在强身健身办的会员卡，现在健身房关门了，老板电话打不通，希望帮忙退卡费。"),
    ("周", "健身俱乐部关门，预付的私教课费用6000元没人退，很多会员都在群里维权"),
]


RATED = [
    (
        "吴",
        "兴县好味来餐厅",
        "饭菜里吃出异物",
        5,
        "处理很及时，工作人员态度特别好，第二天就退了钱，点赞！",
    ),
    (
        "郑",
        "兴县鑫源手机店",
        "手机屏幕质量问题",
        2,
        "拖了半个多月才有结果，打电话问了好几次都说在处理。",
    ),
    ("冯", "兴县阳光教育培训学校", "退还剩余课时费", 4, "结果还行吧，退了大部分学费。"),
    ("陈", "兴县美丽人生美容院", "办卡后被多扣费", 5, "说实话很失望，商家到现在也没道歉。"),
]


def _rated_cases_seed(bureau, clerk) -> None:
    """Closed complaints with scores and comments, for the 满意度评价 page."""
    now = timezone.now()
    for i, (surname, merchant, claim, score, comment) in enumerate(RATED):
        case = case_file(
            actor=clerk,
            filing=Filing(
                kind="complaint",
                complainant=Person(name=f"{surname}女士", phone=f"1350358{i:04d}"),
                respondent=Respondent(name=merchant, address="兴县蔚汾镇", township="蔚汾镇"),
                occurred_on=timezone.localdate() - datetime.timedelta(days=30),
                amount=Decimal("500"),
                claim=claim,
                facts=f"{claim}，与商家协商未果。",
                received_at=now - datetime.timedelta(days=20 - i),
                channel="phone",
            ),
        )
        services.case_accept(actor=clerk, case=case)
        services.case_close(
            actor=clerk, case=case, outcome="agreement", note="经调解双方达成协议。"
        )
        services.case_rate(case=case, satisfaction=score, comment=comment)


def demo_intel_seed(bureau) -> None:
    clerk = User.objects.filter(username="handler").first()
    if clerk is None or MassComplaint.objects.filter(bureau=bureau).exists():
        return
    now = timezone.now()
    for i, (surname, facts) in enumerate(GYM_TEXTS):
        case_file(
            actor=clerk,
            filing=Filing(
                kind="complaint",
                complainant=Person(
                    name=f"{surname}先生", phone=f"1390351{i:04d}", address="兴县蔚汾镇"
                ),
                respondent=Respondent(
                    name="兴县强身健身俱乐部", address="兴县蔚汾镇文化街22号二层", township="蔚汾镇"
                ),
                occurred_on=timezone.localdate() - datetime.timedelta(days=10),
                amount=Decimal("3000"),
                claim="退还剩余会员费",
                facts=facts,
                received_at=now - datetime.timedelta(days=6 - i, hours=2),
                channel="phone",
            ),
        )
    mass_scan(bureau_id=bureau.pk)
    _rated_cases_seed(bureau, clerk)
