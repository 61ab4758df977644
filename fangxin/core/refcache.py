"""A per-process copy of the reference tables that every filing reads: rule sets with their
time limits, the holiday table by year, townships with their units.

Each read asks the database for the reference stamp's token (one primary-key query); a token
the process has not seen means some writer changed the tables, and the copy is rebuilt lazily.
Code that reads several times in a row (a filing: routing, rule set, clocks) pins one snapshot
with `pinned()` and pays that query once.

Instances handed out are shared between threads: callers must treat them as read-only.
"""

import datetime
import threading
from contextlib import contextmanager

from django.db import connection

from fangxin.core.models import (
    Bureau,
    CalendarDay,
    HolidayNotice,
    ReferenceStamp,
    RuleSet,
    TimeLimit,
    Township,
)

_lock = threading.Lock()
_current: "Snapshot | None" = None
_local = threading.local()


class Snapshot:
    """The reference tables as of one token. Parts are loaded on first use."""

    def __init__(self, token: str | None):
        self.token = token
        self._parts: dict = {}
        self._lock = threading.Lock()

    def _part(self, key, load):
        try:
            return self._parts[key]
        except KeyError:
            pass
        value = load()
        if self.token is not None:  # no token (flushed table): nothing is kept
            with self._lock:
                self._parts.setdefault(key, value)
        return value

    def rule_sets(self) -> list[RuleSet]:
        """Newest effective date first."""
        return self._part(
            "rule_sets", lambda: list(RuleSet.objects.order_by("-effective_from", "-pk"))
        )

    def time_limit(self, rule_set_id: int, key: str) -> TimeLimit | None:
        limits = self._part(
            "limits",
            lambda: {(t.rule_set_id, t.key): t for t in TimeLimit.objects.all()},
        )
        return limits.get((rule_set_id, key))

    def year(self, year: int) -> dict[datetime.date, str] | None:
        """The entered days of an officially published year, or None when the year has no
        entered days off (the caller falls back to the statutory calendar)."""

        def load():
            rows = dict(CalendarDay.objects.filter(date__year=year).values_list("date", "kind"))
            # A notice counts once its days off are entered: a title alone would turn the year
            # into plain weekends (春节 as working days) without any "provisional" warning.
            entered = CalendarDay.Kind.HOLIDAY in rows.values()
            if not entered or not HolidayNotice.objects.filter(year=year).exists():
                return None
            return rows

        return self._part(("year", year), load)

    def townships(self, bureau_id: int) -> list[Township]:
        return self._part(
            ("townships", bureau_id),
            lambda: list(Township.objects.filter(bureau_id=bureau_id).select_related("unit")),
        )

    def all_townships(self) -> list[Township]:
        return self._part("all_townships", lambda: list(Township.objects.select_related("bureau")))

    def sole_bureau(self) -> Bureau | None:
        """The installation's bureau when it has exactly one."""

        def load():
            first_two = list(Bureau.objects.all()[:2])
            return first_two[0] if len(first_two) == 1 else None

        return self._part("sole_bureau", load)


def _token() -> str | None:
    # Asked on every filing: plain SQL, without the ORM's query building.
    with connection.cursor() as cursor:
        cursor.execute(_TOKEN_SQL)
        row = cursor.fetchone()
    return row[0] if row else None


_TOKEN_SQL = f"SELECT token FROM {ReferenceStamp._meta.db_table} WHERE id = 1"  # noqa: S608


def snapshot() -> Snapshot:
    """The current snapshot: the pinned one, or the cached one if its token is current."""
    pinned_one = getattr(_local, "pinned", None)
    if pinned_one is not None:
        return pinned_one
    global _current
    token = _token()
    current = _current
    if current is not None and token is not None and current.token == token:
        return current
    fresh = Snapshot(token)
    if token is not None:
        with _lock:
            _current = fresh
    return fresh


@contextmanager
def pinned():
    """Read the token once for the whole block (re-entrant)."""
    if getattr(_local, "pinned", None) is not None:
        yield _local.pinned
        return
    _local.pinned = snapshot()
    try:
        yield _local.pinned
    finally:
        _local.pinned = None


def clear() -> None:
    """Forget the process's copy (tests switch databases under it)."""
    global _current
    with _lock:
        _current = None
