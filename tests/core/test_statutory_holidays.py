import datetime

import chinese_calendar
import pytest
from lunar_python import Solar

from fangxin.core.statutory_holidays import (
    StatutoryDay,
    provisional_day_off,
    statutory_holidays,
)

D = datetime.date

# Cross-checked against lunar_python and published calendars for 2027.
FESTIVALS_2027 = [
    (D(2027, 1, 1), "元旦"),
    (D(2027, 2, 5), "春节"),
    (D(2027, 2, 6), "春节"),
    (D(2027, 2, 7), "春节"),
    (D(2027, 2, 8), "春节"),
    (D(2027, 4, 5), "清明节"),
    (D(2027, 5, 1), "劳动节"),
    (D(2027, 5, 2), "劳动节"),
    (D(2027, 6, 9), "端午节"),
    (D(2027, 9, 15), "中秋节"),
    (D(2027, 10, 1), "国庆节"),
    (D(2027, 10, 2), "国庆节"),
    (D(2027, 10, 3), "国庆节"),
]


def _festivals(year: int) -> list[StatutoryDay]:
    return [entry for entry in statutory_holidays(year) if not entry.is_make_up]


def _make_ups(year: int) -> dict[datetime.date, str]:
    return {entry.date: entry.name for entry in statutory_holidays(year) if entry.is_make_up}


def test_2027_statutory_days_match_the_law() -> None:
    assert [(entry.date, entry.name) for entry in _festivals(2027)] == FESTIVALS_2027


def test_2027_has_thirteen_statutory_days_and_six_make_up_days() -> None:
    assert len(_festivals(2027)) == 13
    assert len(_make_ups(2027)) == 6
    assert len(statutory_holidays(2027)) == 19


def test_result_is_sorted_by_date_without_duplicates() -> None:
    dates = [entry.date for entry in statutory_holidays(2027)]
    assert dates == sorted(set(dates))


def test_labour_day_weekend_is_made_up_on_following_monday_and_tuesday() -> None:
    assert _make_ups(2027)[D(2027, 5, 3)] == "劳动节（补休）"
    assert _make_ups(2027)[D(2027, 5, 4)] == "劳动节（补休）"


def test_national_day_weekend_is_made_up_right_after_october_third() -> None:
    make_ups = _make_ups(2027)
    assert make_ups[D(2027, 10, 4)] == "国庆节（补休）"
    assert make_ups[D(2027, 10, 5)] == "国庆节（补休）"
    assert not provisional_day_off(D(2027, 10, 6))


def test_spring_festival_make_up_skips_statutory_weekdays() -> None:
    # 初一/初二 fall on Sat/Sun; Mon 8 Feb is 初三 itself, so make-up starts on 9 Feb.
    make_ups = _make_ups(2027)
    assert make_ups[D(2027, 2, 9)] == "春节（补休）"
    assert make_ups[D(2027, 2, 10)] == "春节（补休）"


def test_2027_make_up_days_are_exactly_the_expected_dates() -> None:
    assert sorted(_make_ups(2027)) == [
        D(2027, 2, 9),
        D(2027, 2, 10),
        D(2027, 5, 3),
        D(2027, 5, 4),
        D(2027, 10, 4),
        D(2027, 10, 5),
    ]


@pytest.mark.parametrize(
    ("year", "eve", "lunar_day"), [(2025, D(2025, 1, 28), 29), (2030, D(2030, 2, 2), 30)]
)
def test_new_years_eve_follows_length_of_twelfth_lunar_month(
    year: int, eve: datetime.date, lunar_day: int
) -> None:
    lunar = Solar.fromYmd(eve.year, eve.month, eve.day).getLunar()
    assert (lunar.getMonth(), lunar.getDay()) == (12, lunar_day)
    first_spring_festival_day = next(e for e in _festivals(year) if e.name == "春节")
    assert first_spring_festival_day.date == eve


def test_mid_autumn_on_national_day_keeps_one_entry_without_extra_make_up() -> None:
    # 2031: 中秋 is Wed 1 October, so the dates collide on a weekday.
    festivals = _festivals(2031)
    assert [e.date for e in festivals].count(D(2031, 10, 1)) == 1
    assert next(e.name for e in festivals if e.date == D(2031, 10, 1)) == "中秋节"
    assert len(festivals) == 12
    assert not provisional_day_off(D(2031, 10, 6))


def test_plain_weekday_is_a_working_day() -> None:
    assert not provisional_day_off(D(2027, 3, 10))


def test_saturday_is_a_day_off() -> None:
    assert provisional_day_off(D(2027, 3, 13))


def test_statutory_holiday_is_a_day_off() -> None:
    assert provisional_day_off(D(2027, 6, 9))


def test_make_up_day_is_a_day_off() -> None:
    assert provisional_day_off(D(2027, 5, 4))


def test_returned_list_is_a_copy_of_the_cache() -> None:
    statutory_holidays(2027).clear()
    assert len(statutory_holidays(2027)) == 19


@pytest.mark.parametrize("year", [2025, 2026])
def test_statutory_days_are_official_days_off(year: int) -> None:
    missing = [e.date for e in _festivals(year) if not chinese_calendar.is_holiday(e.date)]
    assert missing == []
