"""The per-process copy of the reference tables follows every write, whatever path wrote."""

import datetime
import importlib

import pytest
from django.db import connection

from fangxin.complaints.routing import route_for
from fangxin.core import refcache
from fangxin.core.calendar import add_working_days, deadline_for, rule_set_in_force
from fangxin.core.models import CalendarDay, TimeLimit
from fangxin.core.services import unit_set_territory
from tests.conftest import SETUP

reference_stamp = importlib.import_module("fangxin.core.migrations.0006_reference_stamp")

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_township_given_to_a_unit_is_routed_to_at_once(org):
    xing, weifen = org["bureau"], org["unit"]
    assert route_for(xing, address="兴县东关镇幸福路1号").unit is None  # copy now cached
    unit_set_territory(actor=SETUP, unit=weifen, township_names=["蔚汾镇", "奥家湾乡", "东关镇"])
    assert route_for(xing, address="兴县东关镇幸福路1号").unit == weifen


def test_a_holiday_entered_with_plain_sql_moves_the_deadline_at_once():
    before = add_working_days(D(2026, 11, 2), 1).date
    assert before == D(2026, 11, 3)
    notice_id = CalendarDay.objects.filter(date__year=2026).values_list("notice", flat=True)[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_calendarday (notice_id, date, kind, name) VALUES (%s, %s, %s, %s)",
            [notice_id, D(2026, 11, 3), CalendarDay.Kind.HOLIDAY, "测试假日"],
        )
    assert add_working_days(D(2026, 11, 2), 1).date == D(2026, 11, 4)


def test_a_changed_time_limit_is_used_for_the_next_deadline():
    rule_set = rule_set_in_force(D(2026, 11, 2))
    first = deadline_for("complaint.acceptance", D(2026, 11, 2), rule_set=rule_set)
    TimeLimit.objects.filter(rule_set=rule_set, key="complaint.acceptance").update(days=10)
    second = deadline_for("complaint.acceptance", D(2026, 11, 2), rule_set=rule_set)
    assert second.due > first.due


def test_a_pinned_block_reads_the_stamp_once(org, django_assert_num_queries):
    xing = org["bureau"]

    def filing_reads():
        route_for(xing, address="兴县蔚汾镇文化街1号")
        rule_set = rule_set_in_force(D(2026, 11, 2))
        deadline_for("complaint.acceptance", D(2026, 11, 2), rule_set=rule_set)

    with refcache.pinned():
        filing_reads()  # fills the copy
    with django_assert_num_queries(1), refcache.pinned():
        filing_reads()


def test_every_reference_table_keeps_its_stamp_trigger():
    """A migration that rebuilds a table on SQLite drops its triggers; this notices."""
    if connection.vendor == "sqlite":
        sql = "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'"
    else:
        sql = "SELECT DISTINCT event_object_table FROM information_schema.triggers"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        with_triggers = {row[0] for row in cursor.fetchall()}
    assert set(reference_stamp.TABLES) <= with_triggers
    assert {"audit_auditevent", "audit_auditchainhead"} <= with_triggers
