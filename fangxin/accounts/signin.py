"""Sign-in: password, then the second factor where the account has one, under the lockout
policy. Every step leaves an audit event; a session or token is created by the caller only
when `SignIn.complete` is true."""

import datetime
from dataclasses import dataclass

import pyotp
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.lockout import attempt_begin, attempt_succeed, lock_state
from fangxin.accounts.models import User
from fangxin.audit.services import Actor, record_event

GENERIC_FAILURE = "用户名或密码错误。"


@dataclass(frozen=True)
class SignIn:
    user: User | None
    error: str = ""
    needs_second_factor: bool = False

    @property
    def complete(self) -> bool:
        return self.user is not None and not self.needs_second_factor


def _lock_message(until: datetime.datetime) -> str:
    return f"登录失败次数过多，已暂时锁定，请于 {timezone.localtime(until):%H:%M} 后再试。"


def _audit(action: str, *, user: User | None = None, username: str = "") -> None:
    with transaction.atomic():
        if user is not None:
            record_event(actor=user, action=action, obj=user)
        else:
            record_event(
                actor=Actor(label=username[:150] or "匿名"),
                action=action,
                object_type="accounts.user",
            )


def sign_in_password(*, username: str, password: str, address: str | None) -> SignIn:
    username = (username or "").strip()
    attempt = attempt_begin(username=username, address=address)
    state = lock_state(username=username, address=address, exclude=attempt.pk)
    if state.locked:
        attempt.delete()  # a refused attempt does not prolong the lock
        _audit("auth.locked_out", username=username)
        return SignIn(None, _lock_message(state.until))
    user = authenticate(username=username, password=password)
    if user is None:
        _audit("auth.login_failed", username=username)
        after = lock_state(username=username, address=address)
        return SignIn(None, _lock_message(after.until) if after.locked else GENERIC_FAILURE)
    if user.totp_enabled:
        # The attempt stays counted as a failure until the second factor is given.
        _audit("auth.password_ok", user=user)
        return SignIn(user, needs_second_factor=True)
    attempt_succeed(attempt)
    _audit("auth.login", user=user)
    return SignIn(user)


def _totp_step(secret: str, code: str) -> int | None:
    """The time step the code belongs to (one step of drift either way), or None."""
    code = (code or "").strip().replace(" ", "")
    if not (secret and code.isdigit() and len(code) == 6):
        return None
    totp, now = pyotp.TOTP(secret), timezone.now()
    current = totp.timecode(now)
    for offset in (0, -1, 1):
        if totp.generate_otp(current + offset) == code:
            return current + offset
    return None


def totp_code_valid(secret: str, code: str) -> bool:
    return _totp_step(secret, code) is not None


def sign_in_second_factor(*, user_id: int, code: str, address: str | None) -> SignIn:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.totp_enabled:
        return SignIn(None, "请重新输入用户名和密码。")
    attempt = attempt_begin(username=user.username, address=address)
    state = lock_state(username=user.username, address=address, exclude=attempt.pk)
    if state.locked:
        attempt.delete()
        _audit("auth.locked_out", user=user)
        return SignIn(None, _lock_message(state.until))
    step = _totp_step(user.totp_secret, code)
    with transaction.atomic():
        # A code is good once: a step at or before the last one used is a replay.
        fresh = step is not None and User.objects.filter(
            pk=user.pk, totp_last_step__lt=step
        ).update(totp_last_step=step)
    if not fresh:
        _audit("auth.otp_failed", user=user)
        after = lock_state(username=user.username, address=address)
        return SignIn(
            None,
            _lock_message(after.until)
            if after.locked
            else "验证码不正确或已使用过，请输入验证器中的新验证码。",
        )
    attempt_succeed(attempt)
    _audit("auth.login", user=user)
    return SignIn(user)
