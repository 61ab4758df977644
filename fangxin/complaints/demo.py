"""Demo cases for `seed_demo`: one of each kind and stage, filed through the same services a
user's filing goes through. Made once (skipped when the bureau has cases)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from fangxin.accounts.models import User
from fangxin.complaints import mediation, services
from fangxin.complaints.intake import Filing, Person, Respondent, case_file
from fangxin.complaints.models import Case
from fangxin.merchants.models import Merchant, MerchantAccount, OdrMembership

GYM = "兴县强身健身俱乐部"


def _filing(
    kind="complaint",
    *,
    name="王小明",
    phone="13812345678",
    respondent=GYM,
    address="兴县蔚汾镇文化街22号",
    claim="退还年卡余额2000元",
    facts="2026年3月办理年卡，11月健身房停业，拒绝退款。",
    received_at=None,
    channel="web",
    **extra,
) -> Filing:
    person = Person(name=name, phone=phone, address="兴县蔚汾镇东关街1号") if name else None
    return Filing(
        kind=kind,
        complainant=person,
        respondent=Respondent(name=respondent, address=address, **extra),
        occurred_on=datetime.date(2026, 11, 2),
        amount=Decimal("2680.00"),
        claim=claim,
        facts=facts,
        received_at=received_at,
        channel=channel,
    )


def demo_cases_seed(bureau) -> int:
    if Case.objects.filter(bureau=bureau).exists():
        return 0
    handler = User.objects.get(username="handler")
    gym = Merchant.objects.filter(bureau=bureau, name=GYM).first()
    if gym is not None:
        OdrMembership.objects.get_or_create(
            merchant=gym,
            defaults={
                "status": "approved",
                "approved_on": datetime.date(2026, 1, 5),
                "contact_person": "周店长",
                "contact_phone": "0358-6012345",
            },
        )
        merchant_user = User.objects.filter(username="merchant").first()
        if merchant_user is not None:
            MerchantAccount.objects.get_or_create(user=merchant_user, defaults={"merchant": gym})
    now = timezone.now()

    def public(filing: Filing) -> Filing:
        # The installation hosts two bureaus: a public filing names its bureau.
        filing.bureau_code = bureau.division_code
        return filing

    def public_filing(*args, **kwargs) -> Filing:
        return public(_filing(*args, **kwargs))

    case_file(actor=None, filing=public(_filing()))
    ongoing = case_file(
        actor=handler,
        filing=_filing(
            name="李四",
            phone="13900001111",
            respondent="兴县蔚汾家电城",
            address="兴县蔚汾镇南关路6号",
            claim="更换冰箱",
            facts="冰箱购买一周后不制冷，商家推诿。",
            channel="phone",
            received_at=now - datetime.timedelta(days=6),
        ),
    )
    services.case_accept(actor=handler, case=ongoing)
    services.case_mediation_start(actor=handler, case=ongoing)
    mediation.mediation_session_record(
        actor=handler,
        case=ongoing,
        held_at=now - datetime.timedelta(hours=2),
        method="phone",
        participants="李四、家电城店长",
        summary="经营者同意上门检测。",
    )
    closed = case_file(
        actor=handler,
        filing=_filing(
            name="赵六",
            phone="13700002222",
            channel="window",
            received_at=now - datetime.timedelta(days=12),
        ),
    )
    services.case_accept(actor=handler, case=closed)
    services.case_close(
        actor=handler,
        case=closed,
        outcome="agreement",
        note="经调解，经营者退还年卡余额1800元",
        recovered_amount=Decimal("1800"),
    )
    report = case_file(
        actor=None,
        filing=public_filing(
            "report",
            name="",
            phone="",
            respondent="兴县老年健康养生馆",
            address="兴县康宁镇新街15号",
            claim="查处虚假宣传",
            facts="该店向老人宣传保健品能治疗高血压，并以免费体检为名推销。",
        ),
    )
    services.report_verify_start(
        actor=User.objects.filter(memberships__unit=report.unit).first() or handler, case=report
    )
    question = case_file(
        actor=None,
        filing=public_filing(
            "consultation", claim="预付卡商家停业怎么办", facts="想了解预付卡余额如何追回。"
        ),
    )
    services.case_answer(
        actor=handler,
        case=question,
        reply_text="经营者停业的，可要求退还预付款余额；可向市场监管部门投诉。",
    )
    case_file(
        actor=None,
        filing=public_filing(
            respondent="某网店",
            address="兴县某处",
            claim="退货退款",
            facts="网购衣服质量差，卖家拒绝退货。",
        ),
    )
    if gym is not None:
        case_file(
            actor=None,
            filing=Filing(
                kind="complaint",
                complainant=Person(name="钱七", phone="13600003333"),
                respondent=Respondent(
                    name=GYM, address="兴县蔚汾镇文化街22号", credit_code=gym.credit_code
                ),
                occurred_on=datetime.date(2026, 11, 10),
                amount=Decimal("999.00"),
                claim="退还私教课费用",
                facts="私教课程教练离职，剩余课时无法上课。",
                odr_consent=True,
            ),
        )
    return Case.objects.filter(bureau=bureau).count()
