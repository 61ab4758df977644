"""Demo 放心消费 creation and credit entries for `seed_demo`: a certified unit, a candidate
being evaluated, a penalty and a warning on the record. Idempotent."""

import datetime

from django.utils import timezone

from fangxin.accounts.models import User
from fangxin.audit.services import Actor
from fangxin.merchants.credit import credit_entry_create
from fangxin.merchants.models import CreditKind, Merchant
from fangxin.trusted import services
from fangxin.trusted.models import TrustedUnit

DEMO = Actor(label="演示数据")
SCORES = {"safety": 18, "quality": 18, "price": 17, "service": 17, "redress": 18}
EVIDENCE = {
    "safety": "进货查验记录、索证索票台账齐全，消防设施检查合格。",
    "quality": "抽检商品合格，质量承诺在收银台明示。",
    "price": "全部商品明码标价，无价格投诉。",
    "service": "设有服务台，七日无理由退货承诺在有效期内并践诺。",
    "redress": "已加入在线消费纠纷解决（ODR），设先行赔付专柜，投诉当日响应。",
}


def demo_trusted_seed(bureau) -> None:
    head = User.objects.filter(username="head").first()
    handler = User.objects.filter(username="handler").first()
    if head is None or handler is None or TrustedUnit.objects.filter(bureau=bureau).exists():
        return
    mall = Merchant.objects.filter(bureau=bureau, name="兴县惠民购物广场有限公司").first()
    if mall is not None:
        record = services.candidate_add(actor=head, merchant=mall, note="县城主要商场，首批培育")
        services.evaluation_record(actor=head, record=record, scores=SCORES, evidence=EVIDENCE)
        services.recommend(actor=head, record=record, level="county")
        services.certify(
            actor=head,
            record=record,
            level="county",
            certified_on=timezone.localdate() - datetime.timedelta(days=200),
            certificate_number="兴市监发〔2026〕8号",
        )
    restaurant = Merchant.objects.filter(bureau=bureau, name="兴县黄河人家餐饮有限公司").first()
    if restaurant is not None:
        services.candidate_add(actor=head, merchant=restaurant, note="餐饮行业示范培育")
    car_dealer = Merchant.objects.filter(bureau=bureau, name__startswith="兴县鑫源汽车").first()
    if car_dealer is not None:
        credit_entry_create(
            actor=DEMO,
            merchant=car_dealer,
            kind=CreditKind.PENALTY,
            title="对新能源汽车续航里程作虚假宣传",
            content="责令停止违法行为，罚款人民币三万元。",
            decided_on=timezone.localdate() - datetime.timedelta(days=40),
            authority=bureau.name,
            document_number="兴市监处罚〔2026〕21号",
        )
    gym = Merchant.objects.filter(bureau=bureau, name="兴县强身健身俱乐部").first()
    if gym is not None:
        credit_entry_create(
            actor=DEMO,
            merchant=gym,
            kind=CreditKind.WARNING,
            title="会员卡价目未明码标价",
            content="警告，责令改正。",
            decided_on=timezone.localdate() - datetime.timedelta(days=20),
            authority=bureau.name,
        )
