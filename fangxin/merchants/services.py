from django.db import transaction

from fangxin.audit.services import record_event
from fangxin.core.models import Bureau, Township
from fangxin.core.validators import normalize_credit_code
from fangxin.merchants.models import Merchant

MERCHANT_PUBLIC_FIELDS = frozenset({"name", "address"})


def merchant_create(
    *,
    actor,
    bureau: Bureau,
    name: str,
    address: str,
    kind: str,
    credit_code: str = "",
    township: Township | None = None,
    legal_representative: str = "",
    contact_phone: str = "",
) -> Merchant:
    merchant = Merchant(
        bureau=bureau,
        name=name.strip(),
        address=address.strip(),
        kind=kind,
        credit_code=normalize_credit_code(credit_code) if credit_code else "",
        township=township,
        legal_representative=legal_representative,
        contact_phone=contact_phone,
    )
    with transaction.atomic():
        merchant.full_clean()
        merchant.save()
        record_event(
            actor=actor,
            action="merchant.create",
            obj=merchant,
            changes={
                "name": merchant.name,
                "credit_code": merchant.credit_code,
                "legal_representative": legal_representative,
                "address": merchant.address,
                "contact_phone": contact_phone,
            },
            # A merchant's name and premises are public registry data; its people are not.
            public=MERCHANT_PUBLIC_FIELDS,
        )
    return merchant
