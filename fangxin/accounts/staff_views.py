"""The bureau administrator's pages for staff accounts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts import selectors, services
from fangxin.accounts.access import admin_required
from fangxin.accounts.models import UnitMembership
from fangxin.accounts.staff_forms import (
    MembershipForm,
    PasswordResetForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from fangxin.web.forms import apply_validation_error


@admin_required
def user_list(request):
    form = UserFilterForm(request.GET or None, bureau_id=request.user.bureau_id)
    filters = form.cleaned_data if form.is_valid() else {}
    users = selectors.user_list_for_admin(request.user, **{k: v for k, v in filters.items() if v})
    page = Paginator(users, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/staff/user_list.html",
        {"form": form, "page_obj": page, "query": query.urlencode()},
    )


@admin_required
def user_create(request):
    form = UserCreateForm(
        request.POST if request.method == "POST" else None, bureau_id=request.user.bureau_id
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                role=data["role"],
                bureau=request.user.bureau,
                full_name=data["full_name"],
                phone=data["phone"],
                units=tuple(data["units"]),
                is_head=data["is_head"],
                must_change_password=True,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已创建账户 {user.username}，首次登录须修改密码。")
            return redirect("accounts_staff:user_detail", user_id=user.pk)
    return render(request, "accounts/staff/user_create.html", {"form": form})


@admin_required
def user_detail(request, user_id: int):
    user = selectors.user_get_for_admin(request.user, user_id)
    edit = UserEditForm(
        request.POST if request.POST.get("form") == "edit" else None,
        initial={
            "full_name": user.full_name,
            "phone": user.phone,
            "role": user.role,
            "is_active": user.is_active,
        },
    )
    membership = MembershipForm(
        request.POST if request.POST.get("form") == "membership" else None,
        bureau_id=request.user.bureau_id,
    )
    reset = PasswordResetForm(request.POST if request.POST.get("form") == "reset" else None)
    if request.method == "POST":
        done = _handle_detail_post(request, user, edit, membership, reset)
        if done:
            return redirect("accounts_staff:user_detail", user_id=user.pk)
    return render(
        request,
        "accounts/staff/user_detail.html",
        {
            "subject": user,
            "edit_form": edit,
            "membership_form": membership,
            "reset_form": reset,
            "locked": selectors.user_is_locked(user),
            "memberships": user.memberships.select_related("unit"),
        },
    )


def _handle_detail_post(request, user, edit, membership, reset) -> bool:
    which = request.POST.get("form")
    try:
        if which == "edit" and edit.is_valid():
            services.user_update(actor=request.user, user=user, **edit.cleaned_data)
            messages.success(request, "账户信息已保存。")
            return True
        if which == "membership" and membership.is_valid():
            services.membership_add(
                actor=request.user,
                user=user,
                unit=membership.cleaned_data["unit"],
                is_head=membership.cleaned_data["is_head"],
            )
            messages.success(request, "已加入单位。")
            return True
        if which == "reset" and reset.is_valid():
            services.user_reset_password(
                actor=request.user, user=user, password=reset.cleaned_data["password"]
            )
            messages.success(request, "已重置密码，用户下次登录须修改密码。")
            return True
        if which == "unlock":
            services.user_unlock(actor=request.user, user=user)
            messages.success(request, "已解除登录锁定。")
            return True
    except ValidationError as exc:
        form = {"edit": edit, "membership": membership, "reset": reset}[which]
        apply_validation_error(form, exc)
    return False


@admin_required
@require_POST
def membership_remove(request, user_id: int, membership_id: int):
    user = selectors.user_get_for_admin(request.user, user_id)
    membership = get_object_or_404(
        UnitMembership.objects.select_related("unit", "user"), pk=membership_id, user=user
    )
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, f"已将 {user.username} 移出{membership.unit.name}。")
    return redirect("accounts_staff:user_detail", user_id=user.pk)
