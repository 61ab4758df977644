"""The working-day API through gunicorn on loopback, as a client sees it."""

from bench.load import gunicorn, run_clients
from bench.timing import percentiles

REQUESTS, CLIENTS = 3000, 16


def run() -> dict:
    def make(i: int):
        day = 1 + i % 28
        return (
            "GET",
            f"/api/v1/calendar/working-days?start=2026-02-{day:02d}&days={7 + i % 40}",
            None,
            {},
        )

    with gunicorn(workers=2, threads=4) as port:
        samples, failures, wall = run_clients(port, clients=CLIENTS, requests=REQUESTS, make=make)
    figures = percentiles(samples)
    figures.update({"req_per_s": round(len(samples) / wall), "failures": failures})
    return {f"http GET working-days ({CLIENTS} clients, gunicorn 2x4)": figures}
