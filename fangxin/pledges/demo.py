"""Demo pledges for `seed_demo`: current pledges of both kinds, one waiting for review and one
under a breach procedure, so that every page has something to show. Idempotent."""

import datetime

from django.utils import timezone

from fangxin.accounts.models import User
from fangxin.audit.services import Actor
from fangxin.merchants.models import Merchant
from fangxin.pledges import breaches
from fangxin.pledges.models import Pledge
from fangxin.pledges.services import pledge_review, pledge_sign

DEMO = Actor(label="演示数据")
SEVEN_DAY = {
    "kind": Pledge.Kind.SEVEN_DAY_RETURN,
    "excluded_goods": "定制商品\n鲜活易腐商品\n已拆封的音像制品、计算机软件\n贴身衣物",
    "conditions": "商品及包装完好，不影响二次销售；赠品一并退回；凭购物凭证办理。",
    "refund_days": 7,
}
PLEDGES = [
    (
        "兴县惠民购物广场有限公司",
        {**SEVEN_DAY, "scope": "本商场自营的服装鞋帽、日用百货"},
        "approve",
    ),
    ("兴县蔚汾家电城", {**SEVEN_DAY, "scope": "本店销售的小家电、厨房电器"}, "breach"),
    (
        "兴县黄河人家餐饮有限公司",
        {
            "kind": Pledge.Kind.ASSURED,
            "scope": "本店餐饮服务",
            "commitments": "明码标价、不设最低消费；首问负责；消费纠纷先行赔付。",
        },
        "approve",
    ),
    (
        "兴县美丽人生美容院",
        {
            "kind": Pledge.Kind.ASSURED,
            "scope": "美容服务",
            "commitments": "预付卡余额随时可退，不强制办卡。",
        },
        "submit",
    ),
]


def demo_pledges_seed(bureau) -> None:
    head = User.objects.filter(username="head").first()
    if head is None:
        return
    for name, terms, outcome in PLEDGES:
        merchant = Merchant.objects.filter(bureau=bureau, name=name).first()
        if merchant is None or merchant.pledges.exists():
            continue
        pledge = pledge_sign(actor=DEMO, merchant=merchant, signer_name="店长", months=24, **terms)
        if outcome == "submit":
            continue
        pledge = pledge_review(actor=head, pledge=pledge, approve=True, note="材料齐全，同意。")
        if outcome == "breach":
            breach = breaches.breach_open(
                actor=head, pledge=pledge, reason="消费者反映购买电水壶次日要求退货被拒。"
            )
            breaches.breach_talk(
                actor=head,
                breach=breach,
                talk_at=timezone.now() - datetime.timedelta(hours=3),
                note="约谈店长，指出其未履行无理由退货承诺，要求限期整改。",
                due=timezone.localdate() + datetime.timedelta(days=10),
            )
