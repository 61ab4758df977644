import secrets

from django.core.exceptions import ValidationError
from django.db import transaction

from fangxin.audit.services import field_changes, record_event
from fangxin.core.categories import SECTORS
from fangxin.core.models import Bureau, Township
from fangxin.core.validators import normalize_credit_code
from fangxin.merchants.dedupe import dedupe_key_for
from fangxin.merchants.models import Merchant, MerchantAccount, MerchantSector

MERCHANT_PUBLIC_FIELDS = frozenset({"name", "address", "sectors", "status", "kind"})
EDITABLE = (
    "name",
    "credit_code",
    "kind",
    "status",
    "legal_representative",
    "address",
    "township",
    "contact_phone",
    "contact_person",
)


def _duplicate_code_check(merchant: Merchant) -> None:
    if merchant.credit_code and (
        Merchant.objects.filter(bureau_id=merchant.bureau_id, credit_code=merchant.credit_code)
        .exclude(pk=merchant.pk)
        .exists()
    ):
        raise ValidationError({"credit_code": ["该统一社会信用代码已登记。"]})


def _sectors_set(merchant: Merchant, sectors) -> None:
    sectors = sorted(set(sectors or ()))
    unknown = [s for s in sectors if s not in SECTORS]
    if unknown:
        raise ValidationError({"sectors": [f"行业“{unknown[0]}”不在分类中。"]})
    MerchantSector.objects.filter(merchant=merchant).exclude(sector__in=sectors).delete()
    have = set(MerchantSector.objects.filter(merchant=merchant).values_list("sector", flat=True))
    MerchantSector.objects.bulk_create(
        [MerchantSector(merchant=merchant, sector=s) for s in sectors if s not in have]
    )


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
    contact_person: str = "",
    sectors=(),
) -> Merchant:
    if township is not None and township.bureau_id != bureau.pk:
        raise ValidationError({"township": ["乡镇/街道不属于本局辖区。"]})
    merchant = Merchant(
        bureau=bureau,
        name=name.strip(),
        address=address.strip(),
        kind=kind,
        credit_code=normalize_credit_code(credit_code) if credit_code else "",
        township=township,
        legal_representative=legal_representative.strip(),
        contact_phone=contact_phone.strip(),
        contact_person=contact_person.strip(),
    )
    merchant.dedupe_key = dedupe_key_for(merchant.name, merchant.address)
    with transaction.atomic():
        merchant.full_clean(validate_unique=False, validate_constraints=False)
        _duplicate_code_check(merchant)
        merchant.save()
        _sectors_set(merchant, sectors)
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
                "sectors": sorted(set(sectors or ())),
            },
            # A merchant's name and premises are public registry data; its people are not.
            public=MERCHANT_PUBLIC_FIELDS,
        )
    return merchant


def merchant_update(*, actor, merchant: Merchant, values: dict, sectors=None) -> Merchant:
    """Edit the registry entry; a merged record is read-only."""
    if merchant.merged_into_id:
        raise ValidationError({"name": ["该记录已合并，请编辑合并后的记录。"]})
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise ValueError(f"cannot update {sorted(unknown)}")
    township = values.get("township", merchant.township)
    if township is not None and township.bureau_id != merchant.bureau_id:
        raise ValidationError({"township": ["乡镇/街道不属于本局辖区。"]})
    before = {name: getattr(merchant, name) for name in values}
    before_sectors = sorted(merchant.sectors.values_list("sector", flat=True))
    for name, value in values.items():
        if name == "credit_code":
            value = normalize_credit_code(value) if value else ""
        elif isinstance(value, str):
            value = value.strip()
        setattr(merchant, name, value)
    merchant.dedupe_key = dedupe_key_for(merchant.name, merchant.address)
    with transaction.atomic():
        merchant.full_clean(validate_unique=False, validate_constraints=False)
        _duplicate_code_check(merchant)
        merchant.save()
        changes = field_changes(merchant, before, list(values))
        if sectors is not None:
            _sectors_set(merchant, sectors)
            after = sorted(set(sectors))
            if after != before_sectors:
                changes["sectors"] = [before_sectors, after]
        if "township" in changes:
            changes["township"] = [str(t or "") for t in changes["township"]]
        record_event(
            actor=actor,
            action="merchant.update",
            obj=merchant,
            changes=changes,
            public=MERCHANT_PUBLIC_FIELDS,
        )
    return merchant


def _temporary_password() -> str:
    # Letters, digits and a sign: meets the password policy; changed at first sign-in.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    body = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{body}-{secrets.randbelow(90) + 10}Fx"


def merchant_account_invite(*, actor, merchant: Merchant, username: str, full_name: str = ""):
    """Open a merchant-portal account for this merchant. Returns (user, temporary password):
    the password is shown once to the staff member, who hands it over; the merchant must
    change it at first sign-in."""
    from fangxin.accounts.models import Role
    from fangxin.accounts.services import user_create

    if merchant.merged_into_id or merchant.status != Merchant.Status.ACTIVE:
        raise ValidationError({"username": ["该经营者不是存续状态，不能开通账户。"]})
    password = _temporary_password()
    with transaction.atomic():
        user = user_create(
            actor=actor,
            username=username,
            password=password,
            role=Role.MERCHANT,
            bureau=None,
            full_name=full_name,
            must_change_password=True,
        )
        MerchantAccount.objects.create(user=user, merchant=merchant)
        record_event(
            actor=actor,
            action="merchant.account_invite",
            obj=merchant,
            changes={"username": username, "full_name": full_name},
            public=frozenset({"username"}),
        )
    return user, password
