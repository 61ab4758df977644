"""Working-day arithmetic on the holiday table, with a provisional fallback.

A year with a `HolidayNotice` is computed on its official days off and 调休 working days. A year
without one (typically the next year, before the State Council publishes) is computed on the
statutory calendar in `statutory_holidays`, and every result that touched such a year is marked
`provisional` so the UI can say so.
"""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from fangxin.core.models import CalendarDay, RuleSet, TimeLimit
from fangxin.core.refcache import snapshot
from fangxin.core.statutory_holidays import provisional_day_off

# A deadline further than this is a data-entry error, not a legal time limit.
MAX_WORKING_DAYS = 366
# Dates the calendar answers for: older cases do not exist, later ones are typing errors.
EARLIEST_DATE = datetime.date(1990, 1, 1)
LATEST_DATE = datetime.date(2199, 12, 31)


class WorkingDayResult(NamedTuple):
    date: datetime.date
    provisional: bool


@dataclass(frozen=True)
class Deadline:
    key: str
    label: str
    due: datetime.date
    provisional: bool
    rule_set: str
    citation: str
    verified: bool


class _YearTable:
    """Days off and make-up days of the years met during one computation, from the process's
    copy of the holiday table (`refcache`)."""

    def __init__(self):
        self.official: dict[int, dict[datetime.date, str]] = {}
        self.missing: set[int] = set()
        self._snapshot = snapshot()

    def load(self, year: int) -> None:
        if year in self.official or year in self.missing:
            return
        rows = self._snapshot.year(year)
        if rows is None:
            self.missing.add(year)
        else:
            self.official[year] = rows

    def is_working_day(self, day: datetime.date) -> tuple[bool, bool]:
        """Return (is working day, computed provisionally)."""
        self.load(day.year)
        if day.year in self.missing:
            return not provisional_day_off(day), True
        kind = self.official[day.year].get(day)
        if kind == CalendarDay.Kind.HOLIDAY:
            return False, False
        if kind == CalendarDay.Kind.ADJUSTED_WORKING_DAY:
            return True, False
        return day.weekday() < 5, False


def add_working_days(start: datetime.date, days: int) -> WorkingDayResult:
    """The date `days` working days after `start`; the day of start is not counted.

    `days == 0` answers `start` itself. Raises ValueError outside 0..MAX_WORKING_DAYS.
    """
    if not 0 <= days <= MAX_WORKING_DAYS:
        raise ValueError(f"days must be between 0 and {MAX_WORKING_DAYS}")
    if not EARLIEST_DATE <= start <= LATEST_DATE:
        raise ValueError(f"start must be between {EARLIEST_DATE} and {LATEST_DATE}")
    table = _YearTable()
    current, counted, provisional = start, 0, False
    while counted < days:
        current += datetime.timedelta(days=1)
        working, guessed = table.is_working_day(current)
        provisional = provisional or guessed
        if working:
            counted += 1
    return WorkingDayResult(date=current, provisional=provisional)


@dataclass(frozen=True)
class DayStatus:
    date: datetime.date
    working: bool
    provisional: bool


def day_status(day: datetime.date) -> DayStatus:
    working, guessed = _YearTable().is_working_day(day)
    return DayStatus(date=day, working=working, provisional=guessed)


def count_working_days(first: datetime.date, last: datetime.date) -> tuple[int, bool]:
    """(working days in first..last, both included; whether any was judged provisionally)."""
    if (last - first).days > MAX_WORKING_DAYS * 2:
        raise ValueError("range too long")
    table, counted, provisional = _YearTable(), 0, False
    day = first
    while day <= last:
        working, guessed = table.is_working_day(day)
        counted += working
        provisional = provisional or guessed
        day += datetime.timedelta(days=1)
    return counted, provisional


def rule_set_in_force(on: datetime.date) -> RuleSet:
    """The rule set whose effective date is the latest on or before `on`."""
    for rule_set in snapshot().rule_sets():
        if rule_set.effective_from <= on:
            return rule_set
    raise LookupError(f"no rule set in force on {on.isoformat()}")


def deadline_for(
    key: str, start: datetime.date, *, rule_set: RuleSet | None = None, extended: bool = False
) -> Deadline:
    """The deadline named `key` (e.g. ``complaint.acceptance``) counted from `start` under the
    rule set in force on `start` (or the one given)."""
    rule_set = rule_set or rule_set_in_force(start)
    limit = snapshot().time_limit(rule_set.pk, key)
    if limit is None:
        raise TimeLimit.DoesNotExist(f"no time limit {key} in {rule_set}")
    days = limit.days + (limit.extension_days if extended else 0)
    if limit.day_kind == TimeLimit.DayKind.WORKING:
        result = add_working_days(start, days)
    else:
        result = WorkingDayResult(date=start + datetime.timedelta(days=days), provisional=False)
    return Deadline(
        key=key,
        label=limit.label,
        due=result.date,
        provisional=result.provisional,
        rule_set=rule_set.name,
        citation=limit.article,
        verified=rule_set.verified,
    )
