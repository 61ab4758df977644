"""Deadline arithmetic on the holiday table: what every case view and API call pays."""

import datetime
import random
import time

from bench.timing import percentiles
from fangxin.core.calendar import add_working_days, deadline_for

CALLS = 2000


def run() -> dict:
    rng = random.Random(315)
    starts = [
        datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(3 * 365))
        for _ in range(CALLS)
    ]
    results = {}
    for days in (7, 45):
        samples = []
        for start in starts:
            t0 = time.perf_counter()
            add_working_days(start, days)
            samples.append((time.perf_counter() - t0) * 1000)
        results[f"calendar.add_working_days({days})"] = percentiles(samples)
    samples = []
    for start in starts[:500]:
        t0 = time.perf_counter()
        deadline_for("complaint.acceptance", start)
        samples.append((time.perf_counter() - t0) * 1000)
    results["calendar.deadline_for(acceptance)"] = percentiles(samples)
    return results
