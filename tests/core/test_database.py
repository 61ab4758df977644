"""The embedded database is configured for concurrent writers (PostgreSQL needs nothing)."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite settings only")
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        timeout_ms = cursor.fetchone()[0]
    assert journal == "wal"
    assert timeout_ms >= 5000


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite settings only")
def test_sqlite_write_transactions_take_the_lock_up_front():
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite settings only")
def test_sqlite_writers_queue_on_an_os_lock_beside_the_database():
    from pathlib import Path

    from django.db import connections

    assert type(connections["default"]).__module__ == "fangxin.core.sqlite_backend.base"
    # The test runs inside a write transaction, so the queue's lock file exists and is held.
    assert Path(f"{connection.settings_dict['NAME']}.writer-lock").exists()
