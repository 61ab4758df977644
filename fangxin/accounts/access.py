"""Access checks for views. Each model's own access helper lives beside its selectors and
returns (object, what the caller may do) or raises Http404; these decorators guard whole views.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from fangxin.accounts.models import Role


def _guard(predicate):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise PermissionDenied("您没有访问此页面的权限。")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def is_staff_member(user) -> bool:
    return user.is_bureau_staff


def is_admin(user) -> bool:
    return user.is_bureau_staff and user.role == Role.ADMIN


def is_installation_admin(user) -> bool:
    """Administrators of the whole installation edit data shared by every bureau (the holiday
    table, legal rule sets)."""
    return is_admin(user) and user.is_superuser


login_required = _guard(lambda user: user.is_active)
staff_required = _guard(is_staff_member)
admin_required = _guard(is_admin)
installation_admin_required = _guard(is_installation_admin)
