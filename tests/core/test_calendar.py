import datetime

import pytest

from fangxin.audit.services import Actor
from fangxin.core.calendar import add_working_days, day_status, deadline_for, rule_set_in_force
from fangxin.core.models import CalendarDay, HolidayNotice
from fangxin.core.services import calendar_day_set, holiday_notice_save, rule_set_create

pytestmark = pytest.mark.django_db
D = datetime.date
ADMIN = Actor(label="测试管理员")


def test_national_day_week_is_skipped_and_adjusted_saturday_counts():
    # DOMAIN.md §6: received 2026-09-30 + 7 working days → 2026-10-15.
    assert add_working_days(D(2026, 9, 30), 7) == (D(2026, 10, 15), False)


def test_spring_festival_is_skipped_and_adjusted_saturday_is_the_deadline():
    # DOMAIN.md §6: received 2026-02-12 + 7 working days → 2026-02-28, a working Saturday.
    result = add_working_days(D(2026, 2, 12), 7)
    assert result.date == D(2026, 2, 28)
    assert result.provisional is False


def test_day_of_receipt_is_not_counted():
    assert add_working_days(D(2026, 11, 2), 1).date == D(2026, 11, 3)


def test_zero_days_answers_the_start_date():
    assert add_working_days(D(2026, 11, 2), 0) == (D(2026, 11, 2), False)


def test_negative_or_absurd_day_counts_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 2), -1)
    with pytest.raises(ValueError):
        add_working_days(D(2026, 11, 2), 10_000)


def test_year_without_notice_is_computed_provisionally():
    # 2027 has no official data: New Year's Day (Fri) is a statutory day off.
    result = add_working_days(D(2026, 12, 30), 2)
    assert result == (D(2027, 1, 4), True)


def test_provisional_2027_labour_day_make_up_days_are_skipped():
    # 2027-05-01/02 fall on a weekend, so Mon 3 and Tue 4 May are make-up days off.
    result = add_working_days(D(2027, 4, 30), 1)
    assert result == (D(2027, 5, 5), True)


def test_far_future_date_never_crashes():
    result = add_working_days(D(2031, 9, 25), 20)
    assert result.provisional is True
    assert result.date > D(2031, 10, 1)


def test_result_within_an_official_year_is_not_provisional_even_in_december():
    assert add_working_days(D(2026, 12, 1), 5).provisional is False


def test_entered_notice_with_its_days_makes_the_year_official():
    notice = holiday_notice_save(
        actor=ADMIN, year=2027, title="国务院办公厅关于2027年部分节假日安排的通知"
    )
    assert add_working_days(D(2026, 12, 30), 2).provisional is True  # title alone: not yet
    calendar_day_set(
        actor=ADMIN, notice=notice, date=D(2027, 2, 8), kind=CalendarDay.Kind.HOLIDAY, name="春节"
    )
    assert add_working_days(D(2026, 12, 30), 2) == (D(2027, 1, 1), False)


def test_holiday_entered_by_an_administrator_moves_deadlines():
    notice = HolidayNotice.objects.get(year=2026)
    before = add_working_days(D(2026, 11, 2), 3).date
    calendar_day_set(
        actor=ADMIN,
        notice=notice,
        date=D(2026, 11, 4),
        kind=CalendarDay.Kind.HOLIDAY,
        name="测试放假",
    )
    assert before == D(2026, 11, 5)
    assert add_working_days(D(2026, 11, 2), 3).date == D(2026, 11, 6)


def test_adjusted_working_day_on_a_weekday_is_rejected():
    notice = HolidayNotice.objects.get(year=2026)
    with pytest.raises(Exception, match="调休上班日应为周六或周日"):
        calendar_day_set(
            actor=ADMIN,
            notice=notice,
            date=D(2026, 11, 4),
            kind=CalendarDay.Kind.ADJUSTED_WORKING_DAY,
        )


def test_day_status_of_a_holiday_and_a_working_saturday():
    assert day_status(D(2026, 10, 1)).working is False
    assert day_status(D(2026, 10, 10)).working is True


def test_rule_set_in_force_follows_the_effective_date():
    assert rule_set_in_force(D(2026, 4, 14)).code == "samr-order-20-2022"
    assert rule_set_in_force(D(2026, 4, 15)).code == "samr-order-121"


def test_deadline_names_its_rule_and_citation():
    deadline = deadline_for("complaint.acceptance", D(2026, 3, 2))
    assert deadline.due == D(2026, 3, 11)
    assert "第十四条" in deadline.citation
    assert deadline.verified is True


def test_order_121_rule_set_is_marked_to_verify():
    deadline = deadline_for("complaint.acceptance", D(2026, 5, 6))
    assert deadline.verified is False
    assert "第121号" in deadline.citation


def test_report_verification_can_be_extended():
    normal = deadline_for("report.verification", D(2026, 3, 2))
    extended = deadline_for("report.verification", D(2026, 3, 2), extended=True)
    assert (normal.due, extended.due) == (D(2026, 3, 23), D(2026, 4, 14))


def test_new_rule_set_copies_the_limits_in_force():
    rule_set = rule_set_create(
        actor=ADMIN,
        code="test-2030",
        name="测试规则集",
        citation="测试依据",
        effective_from=D(2030, 1, 1),
        verified=True,
    )
    assert rule_set.limits.get(key="complaint.acceptance").days == 7
    assert rule_set_in_force(D(2030, 6, 1)) == rule_set
