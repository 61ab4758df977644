"""Counters behind every official number refuse a key their column cannot hold, on SQLite as
on PostgreSQL (SQLite alone would store it and hide the mistake until production)."""

import pytest
from django.db import transaction

from fangxin.clauses.services import NOTICE_COUNTER
from fangxin.complaints.numbers import counter_advance


def test_a_key_longer_than_the_column_is_refused(org):
    with pytest.raises(ValueError), transaction.atomic():
        counter_advance(bureau=org["bureau"], key="clause_notice", year=2026, count=1)


def test_the_notice_counter_key_fits(org):
    with transaction.atomic():
        assert counter_advance(bureau=org["bureau"], key=NOTICE_COUNTER, year=2026, count=2) == 2
