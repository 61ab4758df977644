"""HTTP intake (POST /api/v1/complaints) through gunicorn with 2 workers, against the raw
single-row insert rate of the same database in the same run."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from django.db import connection

from bench.fixtures import bench_org
from bench.timing import percentiles

ROOT = Path(__file__).resolve().parent.parent
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
            "facts": f"健身房停业，拒绝退款。第{i}号测试。",
        },
        ensure_ascii=False,
    ).encode()


def run() -> dict:
    bench_org()
    raw = _raw_insert_rate()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Every client here is 127.0.0.1: the per-address limit would refuse the load test itself.
    env = {**os.environ, "FANGXIN_INTAKE_RATE": "off"}
    server = subprocess.Popen(  # noqa: S603 — our own server, fixed arguments
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "8",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api/v1/complaints"
    samples, failures, lock = [], [0], threading.Lock()
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        per_client = SUBMISSIONS // CLIENTS

        def client(n: int) -> None:
            for i in range(per_client):
                request = urllib.request.Request(
                    url, _body(n * per_client + i), {"Content-Type": "application/json"}
                )
                t0 = time.perf_counter()
                try:
                    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                        ok = response.status == 201
                        response.read()
                except OSError:
                    ok = False
                with lock:
                    samples.append((time.perf_counter() - t0) * 1000)
                    failures[0] += 0 if ok else 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=10)
    figures = percentiles(samples)
    figures.update({"submissions_per_s": round(len(samples) / wall), "failures": failures[0]})
    return {
        "intake.raw single-row inserts (rows/s)": round(raw),
        f"intake HTTP POST ({CLIENTS} clients, gunicorn 2 workers)": figures,
    }
