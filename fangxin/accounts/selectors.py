from django.db.models import Q, QuerySet
from django.http import Http404

from fangxin.accounts.access import is_admin
from fangxin.accounts.lockout import lock_state
from fangxin.accounts.models import STAFF_ROLES, User


def user_list_for_admin(admin, *, q: str = "", role: str = "", unit=None) -> QuerySet[User]:
    users = (
        User.objects.filter(bureau_id=admin.bureau_id, role__in=STAFF_ROLES)
        .prefetch_related("memberships__unit")
        .order_by("username")
    )
    if not admin.is_superuser:
        users = users.filter(is_superuser=False)
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    if role:
        users = users.filter(role=role)
    if unit is not None:
        users = users.filter(memberships__unit=unit)
    return users


def user_get_for_admin(admin, user_id: int) -> User:
    """A staff account of the administrator's own bureau, or 404."""
    if not is_admin(admin):
        raise Http404
    users = User.objects.filter(pk=user_id, bureau_id=admin.bureau_id, role__in=STAFF_ROLES)
    if not admin.is_superuser:
        # A bureau administrator never manages an installation administrator's account.
        users = users.filter(is_superuser=False)
    user = users.first()
    if user is None:
        raise Http404
    return user


def user_is_locked(user: User) -> bool:
    return lock_state(username=user.username, address=None).locked


def membership_list_for_user(user):
    return user.memberships.select_related("unit").order_by("unit__name")
