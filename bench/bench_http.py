"""The working-day API through gunicorn on loopback, as a client sees it."""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from bench.timing import percentiles

ROOT = Path(__file__).resolve().parent.parent
REQUESTS, CLIENTS = 3000, 16


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run() -> dict:
    port = _free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(  # noqa: S603 — our own server, fixed arguments
        [
            str(gunicorn),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/api/v1/calendar/working-days"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}?start=2026-01-05&days=7", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.1)
        samples: list[float] = []
        failures = [0]
        lock = threading.Lock()
        per_client = REQUESTS // CLIENTS

        def client(n: int) -> None:
            for i in range(per_client):
                day = 1 + (n * per_client + i) % 28
                url = f"{base}?start=2026-02-{day:02d}&days={7 + i % 40}"
                t0 = time.perf_counter()
                try:
                    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
                        response.read()
                        ok = response.status == 200
                except OSError:
                    ok = False
                elapsed = (time.perf_counter() - t0) * 1000
                with lock:
                    samples.append(elapsed)
                    failures[0] += 0 if ok else 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        wall = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(timeout=10)
    figures = percentiles(samples)
    figures["req_per_s"] = round(len(samples) / wall)
    figures["failures"] = failures[0]
    return {f"http GET working-days ({CLIENTS} clients, gunicorn 2x4)": figures}
