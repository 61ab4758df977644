"""Provisional working-day calendar from China's statutory holidays.

The real calendar of a year is fixed by the State Council's yearly notice, which adds
调休 make-up working days and longer breaks. Until that notice is known (and entered by
administrators), the platform falls back to weekends plus the statutory holidays of
《全国年节及纪念日放假办法》 (2024 revision, in force from 2025-01-01). Everything computed
here is therefore provisional: whenever an official notice exists, the official notice wins.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from lunar_python import Lunar, Solar

_ONE_DAY = datetime.timedelta(days=1)
_SATURDAY = 5


@dataclass(frozen=True)
class StatutoryDay:
    date: datetime.date
    name: str
    is_make_up: bool


def _to_date(solar: Solar) -> datetime.date:
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _lunar_date(year: int, month: int, day: int) -> datetime.date:
    # Lunar.fromYmd picks the regular (non-leap) month, which is where festivals are kept.
    return _to_date(Lunar.fromYmd(year, month, day).getSolar())


def _qingming(year: int) -> datetime.date:
    # The jieqi table of a lunar year spans parts of two solar years; early April always
    # belongs to the lunar year that started in the same solar year.
    table = Lunar.fromYmd(year, 3, 1).getJieQiTable()
    day = _to_date(table["清明"])
    if day.year != year:
        raise ValueError(f"unexpected 清明 date {day} for {year}")
    return day


def _festival_days(year: int) -> list[tuple[datetime.date, str]]:
    new_year = _lunar_date(year, 1, 1)
    mid_autumn = _lunar_date(year, 8, 15)
    return [
        (datetime.date(year, 1, 1), "元旦"),
        # 除夕 is the eve of 正月初一, so subtracting a day copes with 29- and 30-day months.
        (new_year - _ONE_DAY, "春节"),
        (new_year, "春节"),
        (new_year + _ONE_DAY, "春节"),
        (new_year + 2 * _ONE_DAY, "春节"),
        (_qingming(year), "清明节"),
        (datetime.date(year, 5, 1), "劳动节"),
        (datetime.date(year, 5, 2), "劳动节"),
        (_lunar_date(year, 5, 5), "端午节"),
        (mid_autumn, "中秋节"),
        (datetime.date(year, 10, 1), "国庆节"),
        (datetime.date(year, 10, 2), "国庆节"),
        (datetime.date(year, 10, 3), "国庆节"),
    ]


def _is_weekend(day: datetime.date) -> bool:
    return day.weekday() >= _SATURDAY


@functools.lru_cache(maxsize=64)
def _holidays(year: int) -> tuple[StatutoryDay, ...]:
    # When two festivals share a date (中秋 can fall on 1–3 October), the first one in the
    # law's order keeps the date and no extra day is granted: art. 6 compensates a weekend,
    # not a collision, so make-up days are counted per distinct date that falls on a weekend.
    statutory: dict[datetime.date, str] = {}
    for day, name in _festival_days(year):
        statutory.setdefault(day, name)

    make_up: dict[datetime.date, str] = {}
    for day in sorted(statutory):
        if not _is_weekend(day):
            continue
        candidate = day + _ONE_DAY
        while _is_weekend(candidate) or candidate in statutory or candidate in make_up:
            candidate += _ONE_DAY
        make_up[candidate] = f"{statutory[day]}（补休）"

    entries = [StatutoryDay(day, name, False) for day, name in statutory.items()]
    entries += [StatutoryDay(day, name, True) for day, name in make_up.items()]
    return tuple(sorted(entries, key=lambda entry: entry.date))


def statutory_holidays(year: int) -> list[StatutoryDay]:
    """Statutory holidays and art. 6 make-up days of ``year``, sorted by date."""
    return list(_holidays(year))


@functools.lru_cache(maxsize=64)
def _days_off(year: int) -> frozenset[datetime.date]:
    return frozenset(entry.date for entry in _holidays(year))


def provisional_day_off(day: datetime.date) -> bool:
    """Whether ``day`` is off in the provisional calendar (weekend, holiday or make-up day)."""
    # Make-up days never cross into the next year: the last festival day is 3 October.
    return _is_weekend(day) or day in _days_off(day.year)
