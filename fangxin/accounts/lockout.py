"""Login lockout: after N failed attempts within the window, an account — and separately a
source address — is refused until the window has passed. Counted in the database so every
process sees the same numbers."""

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


def _failures_since_success(attempts, now: datetime.datetime):
    recent = attempts.filter(at__gte=now - _window())
    last_success = recent.filter(succeeded=True).order_by("-at").values_list("at", flat=True)
    last_success = last_success.first()
    failures = recent.filter(succeeded=False)
    if last_success is not None:
        failures = failures.filter(at__gt=last_success)
    return failures.order_by("-at")


def lock_state(*, username: str, address: str | None) -> LockState:
    now = timezone.now()
    threshold = settings.FANGXIN_LOCKOUT_THRESHOLD
    account = LoginAttempt.objects.filter(username=username.strip().lower())
    cleared = (
        User.objects.filter(username=username.strip())
        .values_list("lockout_cleared_at", flat=True)
        .first()
    )
    if cleared:
        account = account.filter(at__gt=cleared)
    scopes = [account]
    if address:
        # Per address, successes elsewhere do not reset: one address guessing many accounts.
        scopes.append(LoginAttempt.objects.filter(address=address))
    for index, attempts in enumerate(scopes):
        if index == 0:
            failures = _failures_since_success(attempts, now)
        else:
            failures = attempts.filter(succeeded=False, at__gte=now - _window()).order_by("-at")
        times = list(failures.values_list("at", flat=True)[:threshold])
        if len(times) >= threshold:
            # Locked until the window has passed since the last of the counted failures.
            return LockState(locked=True, until=times[0] + _window())
    return LockState(locked=False)


def login_attempt_record(*, username: str, address: str | None, succeeded: bool) -> None:
    LoginAttempt.objects.create(
        username=username.strip().lower()[:150],
        address=address,
        succeeded=succeeded,
        at=timezone.now(),
    )
