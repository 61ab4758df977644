"""Login lockout: after N failed attempts within the window, an account — and separately a
source address — is refused until the window has passed. Counted in the database so every
process sees the same numbers.

An attempt is written as a failure *before* the password is checked and turned into a success
only when the whole sign-in (second factor included) succeeds, so parallel guesses cannot all
slip in before any of them is counted."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from fangxin.accounts.models import LoginAttempt, User


@dataclass(frozen=True)
class LockState:
    locked: bool
    until: datetime.datetime | None = None


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.FANGXIN_LOCKOUT_MINUTES)


def _normal(username: str) -> str:
    return (username or "").strip().lower()[:150]


def lock_state(*, username: str, address: str | None, exclude: int | None = None) -> LockState:
    """Whether the account or the address is locked, not counting attempt `exclude` (the
    caller's own pending attempt)."""
    now = timezone.now()
    since = now - _window()
    threshold = settings.FANGXIN_LOCKOUT_THRESHOLD
    recent = LoginAttempt.objects.filter(at__gte=since).exclude(pk=exclude)
    account = recent.filter(username=_normal(username))
    cleared = (
        User.objects.filter(username__iexact=(username or "").strip())
        .values_list("lockout_cleared_at", flat=True)
        .first()
    )
    last_success = account.filter(succeeded=True).order_by("-at").values_list("at", flat=True)
    # A success resets the account's count; an administrator's unlock does too.
    floors = [t for t in (last_success.first(), cleared) if t is not None]
    account_failures = account.filter(succeeded=False)
    if floors:
        account_failures = account_failures.filter(at__gt=max(floors))
    scopes = [account_failures]
    if address:
        # Per address, successes do not reset: one address guessing many accounts.
        scopes.append(recent.filter(address=address, succeeded=False))
    for failures in scopes:
        times = list(failures.order_by("-at").values_list("at", flat=True)[:threshold])
        if len(times) >= threshold:
            return LockState(locked=True, until=times[0] + _window())
    return LockState(locked=False)


def attempt_begin(*, username: str, address: str | None) -> LoginAttempt:
    return LoginAttempt.objects.create(
        username=_normal(username), address=address, succeeded=False, at=timezone.now()
    )


def attempt_succeed(attempt: LoginAttempt) -> None:
    LoginAttempt.objects.filter(pk=attempt.pk).update(succeeded=True)
