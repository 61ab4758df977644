"""Concurrent writers wait for each other instead of failing (SQLite: IMMEDIATE transactions
with a busy timeout; PostgreSQL: the chain head's row lock), and the chain stays one line."""

import threading

import pytest
from django.db import connection, transaction

from fangxin.audit.chain import audit_chain_verify
from fangxin.audit.models import AuditEvent
from fangxin.audit.services import Actor, record_event

WRITERS = 6
EACH = 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_all_succeed_with_unique_sequence_numbers():
    barrier = threading.Barrier(WRITERS)
    errors = []

    def writer(n):
        try:
            barrier.wait()
            for i in range(EACH):
                with transaction.atomic():
                    record_event(
                        actor=Actor(label=f"writer-{n}"),
                        action="test.concurrent",
                        object_type="test.thing",
                        object_id=f"{n}-{i}",
                    )
        except Exception as exc:  # noqa: BLE001 — collected and asserted below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    seqs = list(AuditEvent.objects.filter(action="test.concurrent").values_list("seq", flat=True))
    assert len(seqs) == len(set(seqs)) == WRITERS * EACH
    assert audit_chain_verify().ok
