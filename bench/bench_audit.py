"""Audit appends: every write in the platform pays one. Serial, then concurrent writers
(which must wait for each other, never fail)."""

import threading
import time

from django.db import connection, transaction

from fangxin.audit.chain import audit_chain_verify
from fangxin.audit.services import Actor, record_event

SERIAL = 1000
WRITERS, EACH = 8, 150


def _write(label: str, n: int, errors: list) -> None:
    try:
        for i in range(n):
            with transaction.atomic():
                record_event(
                    actor=Actor(label=label),
                    action="bench.write",
                    object_type="bench.thing",
                    object_id=str(i),
                    changes={"phone": "13812341234", "i": i},
                )
    except Exception as exc:  # noqa: BLE001 — counted and reported as a figure
        errors.append(repr(exc))
    finally:
        connection.close()


def run() -> dict:
    errors: list = []
    t0 = time.perf_counter()
    _write("serial", SERIAL, errors)
    serial = SERIAL / (time.perf_counter() - t0)

    threads = [
        threading.Thread(target=_write, args=(f"w{n}", EACH, errors)) for n in range(WRITERS)
    ]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    concurrent = WRITERS * EACH / (time.perf_counter() - t0)

    t0 = time.perf_counter()
    report = audit_chain_verify()
    verify_rate = report.checked / (time.perf_counter() - t0)
    return {
        "audit.record_event serial (events/s)": round(serial),
        f"audit.record_event {WRITERS} threads (events/s)": round(concurrent),
        "audit.concurrent write errors": len(errors),
        "audit.verify (events/s)": round(verify_rate),
        "audit.chain ok": report.ok,
    }
