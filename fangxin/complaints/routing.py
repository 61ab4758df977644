"""Which bureau and unit handle a filing: the territory that holds the respondent."""

from dataclasses import dataclass

from fangxin.core.models import Bureau, Township, Unit
from fangxin.core.refcache import snapshot
from fangxin.merchants.models import Merchant


@dataclass(frozen=True)
class Route:
    unit: Unit | None
    township: Township | None


def _township_in_text(townships: list[Township], text: str) -> Township | None:
    # Longest name first, so 蔡家会镇 is not taken for a shorter name it contains.
    for township in sorted(townships, key=lambda t: len(t.name), reverse=True):
        if township.name in text:
            return township
    return None


def township_find(bureau: Bureau, *, township: str = "", address: str = "") -> Township | None:
    townships = snapshot().townships(bureau.pk)
    if township:
        exact = [t for t in townships if t.name == township.strip()]
        if exact:
            return exact[0]
    return _township_in_text(townships, f"{township} {address}")


def bureau_for_filing(
    *, credit_code: str = "", township: str = "", address: str = ""
) -> Bureau | None:
    """The bureau of the respondent's place of business, when it can be told from the filing."""
    if credit_code:
        merchant = Merchant.objects.filter(credit_code=credit_code).select_related("bureau")
        merchant = merchant.first()
        if merchant:
            return merchant.bureau
    text = f"{township} {address}"
    reference = snapshot()
    candidates = [t for t in reference.all_townships() if t.name in text]
    bureaus = {t.bureau_id: t.bureau for t in candidates}
    if len(bureaus) == 1:
        return next(iter(bureaus.values()))
    return reference.sole_bureau()


def route_for(
    bureau: Bureau, *, township: str = "", address: str = "", merchant: Merchant | None = None
) -> Route:
    found = merchant.township if merchant and merchant.township_id else None
    found = found or township_find(bureau, township=township, address=address)
    if found is None:
        return Route(unit=None, township=None)
    unit = found.unit if found.unit_id and found.unit.is_active else None
    return Route(unit=unit, township=found)
