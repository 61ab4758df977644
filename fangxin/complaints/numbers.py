"""Tracking numbers: `<division code>-<year>-<TS|JB|ZX><serial>`, e.g. 141123-2026-TS000123.

Readable over the phone, unique in the installation (the division code names the bureau), and
never given twice: the counter row is incremented with an UPDATE, which holds its row lock until
the creating transaction ends, on SQLite and PostgreSQL alike.
"""

from django.db import IntegrityError, connection, transaction

from fangxin.complaints.models import TrackingCounter
from fangxin.core.models import Bureau

KIND_CODES = {"complaint": "TS", "report": "JB", "consultation": "ZX"}


def _increment(bureau_id: int, year: int, kind: str, count: int) -> int | None:
    """Add `count` to the counter and return its new value in one statement (the hottest
    row of a 3·15 morning: no second query while its lock is held)."""
    table = TrackingCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last = last + %s "  # noqa: S608 - the table name is ours
            "WHERE bureau_id = %s AND year = %s AND kind = %s RETURNING last",
            [count, bureau_id, year, kind],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def counter_advance(*, bureau: Bureau, key: str, year: int, count: int) -> int:
    """Advance the counter `key` of a bureau and year by `count` and return its new value.
    Must run inside the creating transaction. Other numbered records (pledge certificates)
    use their own keys on the same table."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate numbers inside the creating transaction")
    # SQLite would store a longer key; PostgreSQL refuses it. Fail the same way on both.
    if len(key) > TrackingCounter._meta.get_field("kind").max_length:
        raise ValueError(f"counter key {key!r} is longer than the column")
    last = _increment(bureau.pk, year, key, count)
    if last is None:
        try:
            with transaction.atomic():
                TrackingCounter.objects.create(bureau=bureau, year=year, kind=key, last=count)
            last = count
        except IntegrityError:
            # Another transaction created the row first; take the numbers after its own.
            last = _increment(bureau.pk, year, key, count)
    return last


def tracking_numbers_block(*, bureau: Bureau, kind: str, year: int, count: int) -> list[str]:
    """Allocate `count` consecutive numbers. Must run inside the creating transaction."""
    last = counter_advance(bureau=bureau, key=kind, year=year, count=count)
    prefix = f"{bureau.division_code}-{year}-{KIND_CODES[kind]}"
    return [f"{prefix}{serial:06d}" for serial in range(last - count + 1, last + 1)]


def tracking_number_next(*, bureau: Bureau, kind: str, year: int) -> str:
    return tracking_numbers_block(bureau=bureau, kind=kind, year=year, count=1)[0]
