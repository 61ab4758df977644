"""Hotspots (投诉热点): which sectors, problem types, merchants, townships or keywords rose in
the latest period more than chance explains — not only which are largest.

For each key, the expected count in the current period is its mean over the baseline periods,
scaled by how the total volume changed (so a busy 3·15 week does not make everything "rise").
The upper-tail Poisson probability of the observed count under that expectation is the p-value;
the Benjamini–Hochberg procedure then controls the share of false alarms across all keys tested
together. A key never seen before gets a small floor expectation instead of zero. Pure Python."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scipy.stats import poisson

# Expected count for a key absent from every baseline period: half a complaint per period.
FLOOR = 0.5


@dataclass(frozen=True)
class Rise:
    key: str
    observed: int
    expected: float
    ratio: float
    p_value: float
    q_value: float


def _benjamini_hochberg(p_values: Sequence[float]) -> list[float]:
    n = len(p_values)
    order = sorted(range(n), key=lambda i: p_values[i])
    q = [0.0] * n
    running = 1.0
    for rank in range(n, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * n / rank)
        q[i] = running
    return q


def rises(
    current: Mapping[str, int],
    baseline: Sequence[Mapping[str, int]],
    *,
    alpha: float = 0.05,
    min_count: int = 3,
) -> list[Rise]:
    """Keys whose count in `current` is significantly above expectation (q ≤ alpha), with at
    least `min_count` complaints, largest ratio first. `baseline` holds the earlier periods."""
    if not current or not baseline:
        return []
    periods = len(baseline)
    base_total = sum(sum(p.values()) for p in baseline) / periods
    current_total = sum(current.values())
    scale = current_total / base_total if base_total > 0 else 1.0
    tested = []
    for key, observed in current.items():
        if observed < min_count:
            continue
        mean = sum(p.get(key, 0) for p in baseline) / periods
        expected = max(mean, FLOOR) * scale
        # P(X >= observed) for X ~ Poisson(expected).
        tested.append((key, observed, expected, float(poisson.sf(observed - 1, expected))))
    if not tested:
        return []
    q_values = _benjamini_hochberg([t[3] for t in tested])
    found = [
        Rise(key, observed, round(expected, 2), round(observed / expected, 2), p, q)
        for (key, observed, expected, p), q in zip(tested, q_values, strict=True)
        if q <= alpha and observed > expected
    ]
    found.sort(key=lambda r: (-r.ratio, -r.observed))
    return found


def top(current: Mapping[str, int], limit: int = 10) -> list[tuple[str, int]]:
    return sorted(current.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
