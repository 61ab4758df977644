"""HTTP intake (POST /api/v1/complaints) through gunicorn with 2 workers, sync and threaded,
against the raw single-row insert rate of the same database in the same run."""

import json
import time

from django.db import connection

from bench.fixtures import bench_org, fact_text
from bench.load import gunicorn, run_clients
from bench.timing import percentiles

SUBMISSIONS, CLIENTS, RAW_INSERTS = 2000, 16, 2000


def _raw_insert_rate() -> float:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw")
        cursor.execute("CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, payload TEXT)")
    started = time.perf_counter()
    for i in range(RAW_INSERTS):
        with connection.cursor() as cursor:  # autocommit: one transaction per insert
            cursor.execute("INSERT INTO bench_raw (id, payload) VALUES (%s, %s)", [i, "x" * 400])
    rate = RAW_INSERTS / (time.perf_counter() - started)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw")
    return rate


def _body(i: int) -> bytes:
    return json.dumps(
        {
            "kind": "complaint",
            "complainant": {"name": "王小明", "phone": f"138{i:08d}"[:11]},
            "respondent": {"name": f"兴县某商户{i % 500}", "address": "兴县蔚汾镇文化街22号"},
            "occurred_on": "2026-11-02",
            "amount": "128.50",
            "claim": "退还预付卡余额",
            # The workbench's vocabulary, so that these rows search like its own.
            "facts": f"{fact_text(i)}，第{i}号测试。",
        },
        ensure_ascii=False,
    ).encode()


def run() -> dict:
    bench_org()
    raw = _raw_insert_rate()

    def make(i: int):
        return "POST", "/api/v1/complaints", _body(i), {"Content-Type": "application/json"}

    results = {"intake.raw single-row inserts (rows/s)": round(raw)}
    # Sync workers (one request at a time per process) and threaded workers: on 2 shared cores
    # a thread holding the write lock waits for the interpreter lock behind its siblings.
    for threads in (1, 8):
        # Every client here is 127.0.0.1: the per-address limit would refuse the load test.
        with gunicorn(workers=2, threads=threads, env={"FANGXIN_INTAKE_RATE": "off"}) as port:
            samples, failures, wall = run_clients(
                port, clients=CLIENTS, requests=SUBMISSIONS, make=make, expect=201
            )
        figures = percentiles(samples)
        figures.update({"submissions_per_s": round(len(samples) / wall), "failures": failures})
        results[f"intake HTTP POST ({CLIENTS} clients, gunicorn 2 workers x {threads})"] = figures
    return results
