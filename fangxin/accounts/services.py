"""Writes on accounts: creation, passwords, memberships, two-factor, API tokens, sign-in."""

import datetime
import hashlib
import secrets

import pyotp
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.models import STAFF_ROLES, ApiToken, Role, UnitMembership, User
from fangxin.accounts.signin import totp_code_valid
from fangxin.audit.services import record_event, update_with_audit
from fangxin.core.models import Bureau, Unit
from fangxin.core.validators import mobile_error, normalize_mobile

TOTP_ISSUER = "放心消费维权平台"


def user_create(
    *,
    actor,
    username: str,
    password: str,
    role: str,
    bureau: Bureau | None,
    full_name: str = "",
    phone: str = "",
    units: tuple[Unit, ...] = (),
    is_head: bool = False,
    installation_admin: bool = False,
    must_change_password: bool = False,
) -> User:
    """`installation_admin` (only with the admin role) may edit data shared by all bureaus."""
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = ["角色无效。"]
    if role in STAFF_ROLES and bureau is None:
        errors["bureau"] = ["工作人员必须属于一个市场监督管理局。"]
    if phone and (message := mobile_error(phone)):
        errors["phone"] = [message]
    if installation_admin and role != Role.ADMIN:
        errors["role"] = ["只有系统管理员可以管理全平台数据。"]
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["该用户名已被使用。"]
    user = User(
        username=username,
        role=role,
        bureau=bureau,
        full_name=full_name,
        phone=normalize_mobile(phone) if phone and "phone" not in errors else phone,
        is_staff=False,
        is_superuser=installation_admin,
        must_change_password=must_change_password,
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    for unit in units:
        if bureau is None or unit.bureau_id != bureau.pk:
            errors["units"] = ["只能加入本局的股室/所/中队。"]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user.set_password(password)
        user.password_changed_at = timezone.now()
        user.full_clean(exclude=["password"])
        user.save()
        for unit in units:
            UnitMembership.objects.create(user=user, unit=unit, is_head=is_head)
        record_event(
            actor=actor,
            action="user.create",
            obj=user,
            bureau_id=user.bureau_id,
            changes={
                "username": username,
                "role": role,
                "full_name": full_name,
                "phone": user.phone,
                "units": [u.name for u in units],
                "installation_admin": installation_admin,
            },
        )
    return user


def user_set_password(*, actor, user: User, password: str) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": list(exc.messages)}) from exc
    with transaction.atomic():
        user.set_password(password)
        user.password_changed_at = timezone.now()
        if getattr(actor, "pk", None) == user.pk:
            # The holder choosing their own password ends an administrator's reset.
            user.must_change_password = False
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        _revoke_tokens(user)
        record_event(actor=actor, action="user.set_password", obj=user)


def user_update(*, actor, user: User, **values) -> User:
    if values.get("phone"):
        if message := mobile_error(values["phone"]):
            raise ValidationError({"phone": [message]})
        values["phone"] = normalize_mobile(values["phone"])
    if getattr(actor, "pk", None) == user.pk and values.get("is_active") is False:
        raise ValidationError({"is_active": ["不能停用自己的账户。"]})
    if "role" in values and values["role"] != Role.ADMIN and user.is_superuser:
        # Installation rights go with the administrator role and do not come back with it.
        values["is_superuser"] = False
    access_changes = {"role", "is_active", "is_superuser"} & {
        k for k, v in values.items() if getattr(user, k) != v
    }
    with transaction.atomic():
        update_with_audit(
            actor=actor,
            obj=user,
            action="user.update",
            values=values,
            allowed=frozenset({"full_name", "phone", "role", "is_active", "is_superuser"}),
            exclude_from_clean=("password",),
        )
        if access_changes:
            _revoke_tokens(user)
    return user


def _revoke_tokens(user: User) -> None:
    """API tokens end when the password, the role or the account's state changes."""
    ApiToken.objects.filter(user=user).delete()


def membership_add(*, actor, user: User, unit: Unit, is_head: bool = False) -> UnitMembership:
    if user.bureau_id != unit.bureau_id:
        raise ValidationError({"unit": ["只能加入本局的股室/所/中队。"]})
    with transaction.atomic():
        membership = UnitMembership.objects.filter(user=user, unit=unit).first() or (
            UnitMembership(user=user, unit=unit)
        )
        membership.is_head = is_head
        membership.full_clean()
        membership.save()
        record_event(
            actor=actor,
            action="membership.add",
            obj=membership,
            bureau_id=unit.bureau_id,
            changes={"unit": unit.name, "is_head": is_head},
        )
    return membership


# --- Two-factor (TOTP) ---------------------------------------------------------------------


def totp_new_secret() -> str:
    return pyotp.random_base32()


def totp_provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=TOTP_ISSUER)


def totp_enable(*, actor, user: User, secret: str, code: str) -> None:
    if user.totp_enabled:
        raise ValidationError({"code": ["两步验证已启用；如需更换设备，请先关闭后重新绑定。"]})
    if not totp_code_valid(secret, code):
        raise ValidationError({"code": ["验证码不正确或已过期，请重新输入。"]})
    with transaction.atomic():
        user.totp_secret, user.totp_enabled = secret, True
        user.save(update_fields=["totp_secret", "totp_enabled"])
        record_event(actor=actor, action="user.totp_enable", obj=user)


def totp_disable(*, actor, user: User, password: str) -> None:
    """Removing a factor asks for the password again: a session left open is not enough."""
    if not user.check_password(password or ""):
        raise ValidationError({"password": ["密码不正确。"]})
    if second_factor_required(user):
        raise ValidationError({"password": ["管理员账户必须启用两步验证，不能关闭。"]})
    with transaction.atomic():
        user.totp_secret, user.totp_enabled = "", False
        user.save(update_fields=["totp_secret", "totp_enabled"])
        record_event(actor=actor, action="user.totp_disable", obj=user)


def user_reset_password(*, actor, user: User, password: str) -> None:
    """An administrator sets a temporary password; the holder must change it at next sign-in."""
    with transaction.atomic():
        user_set_password(actor=actor, user=user, password=password)
        user.must_change_password = True
        user.save(update_fields=["must_change_password"])
        record_event(actor=actor, action="user.reset_password", obj=user)


def user_unlock(*, actor, user: User) -> None:
    with transaction.atomic():
        user.lockout_cleared_at = timezone.now()
        user.save(update_fields=["lockout_cleared_at"])
        record_event(actor=actor, action="user.unlock", obj=user)


def membership_remove(*, actor, membership: UnitMembership) -> None:
    with transaction.atomic():
        record_event(
            actor=actor,
            action="membership.remove",
            obj=membership,
            bureau_id=membership.unit.bureau_id,
            changes={"unit": membership.unit.name, "user": membership.user.username},
        )
        membership.delete()


def password_expired(user: User) -> bool:
    if user.must_change_password:
        return True
    max_age = settings.FANGXIN_PASSWORD_MAX_AGE_DAYS
    if not max_age or user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > datetime.timedelta(days=max_age)


def second_factor_required(user: User) -> bool:
    return user.role == Role.ADMIN and settings.FANGXIN_REQUIRE_ADMIN_2FA


def account_policy_problem(user: User) -> str:
    """Why this account may not work yet (on the web it is sent to fix it; an API token is
    refused), or "" when it may."""
    if second_factor_required(user) and not user.totp_enabled:
        return "管理员账户须先在网页端启用两步验证。"
    if password_expired(user):
        return "密码已过期或须修改，请先在网页端修改密码。"
    return ""


# --- API tokens ----------------------------------------------------------------------------


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_issue(*, user: User) -> str:
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            key_hash=token_hash(key),
            created_at=now,
            expires_at=now + datetime.timedelta(hours=settings.FANGXIN_API_TOKEN_HOURS),
        )
        record_event(
            actor=user, action="auth.token_issue", obj=token, object_repr=f"API令牌 #{token.pk}"
        )
    return key
