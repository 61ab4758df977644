"""Demo data for text intelligence (`seed_demo`): complaints from several members of a gym that
closed, found as one mass complaint by the scan. Idempotent."""

import datetime
from decimal import Decimal

from django.utils import timezone

from fangxin.accounts.models import User
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
