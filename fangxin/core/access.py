"""Access helpers: the object and what the caller may do with it, or 404. A unit of another
bureau does not exist for the caller, so the answer is 404 rather than 403."""

from dataclasses import dataclass

from django.http import Http404

from fangxin.accounts.access import is_admin, is_staff_member
from fangxin.core.models import Unit


@dataclass(frozen=True)
class UnitAccess:
    can_manage: bool


def unit_get_for_user(user, unit_id: int) -> tuple[Unit, UnitAccess]:
    if not is_staff_member(user):
        raise Http404
    unit = Unit.objects.filter(pk=unit_id, bureau_id=user.bureau_id).first()
    if unit is None:
        raise Http404
    return unit, UnitAccess(can_manage=is_admin(user))
