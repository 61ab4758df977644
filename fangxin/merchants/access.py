"""Who may see which merchant records: a merchant account sees its own merchant only; bureau
staff see their bureau's registry."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from fangxin.accounts.models import Role
from fangxin.merchants.models import Merchant


def merchant_of(user) -> Merchant:
    """The merchant a signed-in merchant account acts for."""
    account = getattr(user, "merchant_account", None)
    if getattr(user, "role", None) != Role.MERCHANT or account is None:
        raise PermissionDenied("仅限已开通的经营者账户。")
    return account.merchant


def merchant_for_staff(user, pk: int) -> Merchant:
    merchant = (
        Merchant.objects.select_related("township", "merged_into")
        .filter(pk=pk, bureau_id=user.bureau_id)
        .first()
    )
    if merchant is None:
        raise Http404
    return merchant
