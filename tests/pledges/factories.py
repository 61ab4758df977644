"""Merchants and pledges made through the services, as a merchant and the bureau would."""

from fangxin.accounts.models import Role, User
from fangxin.accounts.services import user_create
from fangxin.merchants.models import Merchant
from fangxin.merchants.services import merchant_create
from fangxin.pledges.models import Pledge
from fangxin.pledges.services import pledge_review, pledge_sign
from tests.conftest import PASSWORD, SETUP

CREDIT_CODE = "91110108551385082Q"


def shop(org, *, name="兴县百货商店", credit_code="", township="蔚汾镇") -> Merchant:
    return merchant_create(
        actor=SETUP,
        bureau=org["bureau"],
        name=name,
        address=f"兴县{township}文化街8号",
        kind=Merchant.Kind.ENTERPRISE,
        credit_code=credit_code,
        township=org["bureau"].townships.filter(name=township).first(),
        legal_representative="李建国",
        contact_phone="13912345678",
        sectors=["家用电器"],
    )


def reviewer(org) -> User:
    existing = User.objects.filter(username="pledge_reviewer").first()
    return existing or user_create(
        actor=SETUP,
        username="pledge_reviewer",
        password=PASSWORD,
        role=Role.UNIT_HEAD,
        bureau=org["bureau"],
        units=(org["unit"],),
        is_head=True,
    )


def signed_pledge(org, merchant=None, *, kind=Pledge.Kind.SEVEN_DAY_RETURN, actor=SETUP):
    merchant = merchant or shop(org)
    return pledge_sign(
        actor=actor,
        merchant=merchant,
        kind=kind,
        scope="本店销售的家用电器、日用品",
        excluded_goods="定制商品\n鲜活易腐商品",
        conditions="商品完好，赠品一并退回",
        refund_days=7,
        commitments="首问负责，先行赔付" if kind == Pledge.Kind.ASSURED else "",
        months=24,
        signer_name="李建国",
    )


def approved_pledge(org, merchant=None, **kwargs) -> Pledge:
    pledge = signed_pledge(org, merchant, **kwargs)
    return pledge_review(actor=reviewer(org), pledge=pledge, approve=True)


def deadline_passed(breach):
    """The correction deadline has gone by (time passes; the breach is read again)."""
    import datetime

    from django.utils import timezone

    from fangxin.pledges.models import PledgeBreach

    PledgeBreach.objects.filter(pk=breach.pk).update(
        correction_due=timezone.localdate() - datetime.timedelta(days=1)
    )
    return PledgeBreach.objects.get(pk=breach.pk)
