"""Writes on accounts: creation, passwords, memberships, two-factor, API tokens, sign-in."""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.lockout import lock_state, login_attempt_record
from fangxin.accounts.models import STAFF_ROLES, ApiToken, Role, UnitMembership, User
from fangxin.audit.services import Actor, record_event, update_with_audit
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
        record_event(actor=actor, action="user.set_password", obj=user)


def user_update(*, actor, user: User, **values) -> User:
    if values.get("phone"):
        if message := mobile_error(values["phone"]):
            raise ValidationError({"phone": [message]})
        values["phone"] = normalize_mobile(values["phone"])
    return update_with_audit(
        actor=actor,
        obj=user,
        action="user.update",
        values=values,
        allowed=frozenset({"full_name", "phone", "role", "is_active"}),
        exclude_from_clean=("password",),
    )


def membership_add(*, actor, user: User, unit: Unit, is_head: bool = False) -> UnitMembership:
    if user.bureau_id != unit.bureau_id:
        raise ValidationError({"unit": ["只能加入本局的股室/所/中队。"]})
    with transaction.atomic():
        membership, _ = UnitMembership.objects.update_or_create(
            user=user, unit=unit, defaults={"is_head": is_head}
        )
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


def totp_code_valid(secret: str, code: str) -> bool:
    code = (code or "").strip().replace(" ", "")
    # One step of drift either way: phone clocks are rarely exact.
    return bool(secret) and code.isdigit() and pyotp.TOTP(secret).verify(code, valid_window=1)


def totp_enable(*, actor, user: User, secret: str, code: str) -> None:
    if not totp_code_valid(secret, code):
        raise ValidationError({"code": ["验证码不正确或已过期，请重新输入。"]})
    with transaction.atomic():
        user.totp_secret, user.totp_enabled = secret, True
        user.save(update_fields=["totp_secret", "totp_enabled"])
        record_event(actor=actor, action="user.totp_enable", obj=user)


def totp_disable(*, actor, user: User) -> None:
    with transaction.atomic():
        user.totp_secret, user.totp_enabled = "", False
        user.save(update_fields=["totp_secret", "totp_enabled"])
        record_event(actor=actor, action="user.totp_disable", obj=user)


# --- Sign-in -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignIn:
    user: User | None
    error: str = ""


def _lock_message(until: datetime.datetime) -> str:
    local = timezone.localtime(until)
    return f"登录失败次数过多，已暂时锁定，请于 {local:%H:%M} 后再试。"


def sign_in_check(*, username: str, password: str, address: str | None) -> SignIn:
    """Check a password under the lockout policy and record the attempt (and an audit event).
    Does not create a session: the caller does, after the second factor if any."""
    username = (username or "").strip()
    state = lock_state(username=username, address=address)
    if state.locked:
        with transaction.atomic():
            record_event(
                actor=Actor(label=username[:150] or "匿名"),
                action="auth.locked_out",
                object_type="accounts.user",
            )
        return SignIn(None, _lock_message(state.until))
    user = authenticate(username=username, password=password)
    with transaction.atomic():
        login_attempt_record(username=username, address=address, succeeded=user is not None)
        if user is None:
            record_event(
                actor=Actor(label=username[:150] or "匿名"),
                action="auth.login_failed",
                object_type="accounts.user",
            )
        else:
            record_event(actor=user, action="auth.login", obj=user)
    if user is None:
        after = lock_state(username=username, address=address)
        if after.locked:
            return SignIn(None, _lock_message(after.until))
        return SignIn(None, "用户名或密码错误。")
    return SignIn(user)


def user_reset_password(*, actor, user: User, password: str) -> None:
    """An administrator sets a temporary password; the holder must change it at next sign-in."""
    user_set_password(actor=actor, user=user, password=password)
    with transaction.atomic():
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
