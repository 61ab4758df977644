"""A small load generator for the HTTP benchmarks: our gunicorn on a free loopback port, and
client threads opening a connection per request, as browsers behind a proxy mostly arrive.
(Held keep-alive connections pin each client to one gunicorn worker: measured here, that
unbalanced the two workers and cost about a fifth of the throughput.)"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def gunicorn(*, workers: int = 2, threads: int = 4, env: dict | None = None) -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603 — our own server, fixed arguments
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/")
                connection.getresponse().read()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def run_clients(
    port: int,
    *,
    clients: int,
    requests: int,
    make: Callable[[int], tuple[str, str, bytes | None, dict]],
    expect: int = 200,
) -> tuple[list[float], int, float]:
    """Send `requests` requests from `clients` threads; `make(i)` gives (method, path, body,
    headers). Returns (latencies in ms, failures, wall seconds)."""
    samples: list[float] = []
    failures = [0]
    lock = threading.Lock()
    per_client = requests // clients

    def client(n: int) -> None:
        for i in range(per_client):
            method, path, body, headers = make(n * per_client + i)
            t0 = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                connection.request(
                    method, path, body=body, headers={**headers, "Connection": "close"}
                )
                response = connection.getresponse()
                response.read()
                ok = response.status == expect
            except (OSError, http.client.HTTPException):
                ok = False
            finally:
                connection.close()
            with lock:
                samples.append((time.perf_counter() - t0) * 1000)
                failures[0] += 0 if ok else 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=900)
    return samples, failures[0], time.perf_counter() - started
