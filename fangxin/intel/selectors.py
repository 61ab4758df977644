"""Reads for text intelligence: a case's suggestion, repeats and mass complaint; hotspot counts
per period and dimension with the rises the statistical test finds (textintel.hotspots)."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from fangxin.complaints.models import Case, Kind
from fangxin.intel.models import MassComplaintCase, RepeatFiling
from fangxin.pledges.services import add_months
from fangxin.textintel.cluster import STOP_WORDS
from fangxin.textintel.hotspots import rises, top

DIMENSIONS = {
    "sector": ("行业", "sector"),
    "problem": ("问题类别", "problem_type"),
    "merchant": ("被投诉经营者", "respondent_name"),
    "township": ("乡镇/街道", "township__name"),
    "keyword": ("关键词", None),
}
PERIODS = {"week": "周", "month": "月"}
BASELINE_PERIODS = 8
KEYWORDS_PER_PERIOD = 300


def case_intel(case: Case) -> dict:
    membership = MassComplaintCase.objects.filter(case=case).select_related("mass").first()
    return {
        "suggestion": case.suggestions.first(),
        "repeats": list(
            RepeatFiling.objects.filter(case=case).select_related("earlier").order_by("-similarity")
        ),
        "mass": membership.mass if membership else None,
    }


def _period_starts(period: str, today: datetime.date, count: int) -> list[datetime.date]:
    if period == "week":
        monday = today - datetime.timedelta(days=today.weekday())
        return [monday - datetime.timedelta(weeks=i) for i in range(count - 1, -1, -1)]
    first = today.replace(day=1)
    return [add_months(first, -i) for i in range(count - 1, -1, -1)]


@dataclass
class Hotspots:
    dimension: str
    period: str
    starts: list[datetime.date]
    counts: list[dict[str, int]]
    rises: list
    top: list[tuple[str, int]]

    @property
    def current_start(self) -> datetime.date:
        return self.starts[-1]


def hotspots(
    *,
    bureau_id: int,
    dimension: str = "sector",
    period: str = "week",
    today: datetime.date | None = None,
    kinds: tuple[str, ...] = (Kind.COMPLAINT,),
) -> Hotspots:
    """Counts for the current period and the BASELINE_PERIODS before it, and the keys that
    rose. The current period is incomplete; the test compares shares of the total, so a
    half-finished week is judged fairly."""
    today = today or timezone.localdate()
    starts = _period_starts(period, today, BASELINE_PERIODS + 1)
    since = timezone.make_aware(datetime.datetime.combine(starts[0], datetime.time.min))
    cases = Case.objects.filter(bureau_id=bureau_id, received_at__gte=since, kind__in=kinds)
    index = {start: i for i, start in enumerate(starts)}
    counts: list[Counter] = [Counter() for _ in starts]
    field = DIMENSIONS[dimension][1]
    if field is None:
        for received_at, text in cases.values_list("received_at", "search_text").iterator(
            chunk_size=5000
        ):
            day = timezone.localtime(received_at).date()
            slot = index.get(_start_of(period, day))
            if slot is not None:
                counts[slot].update(
                    {
                        w
                        for w in text.split()
                        if len(w) >= 2 and w not in STOP_WORDS and not w.isdigit()
                    }
                )
        counts = [Counter(dict(c.most_common(KEYWORDS_PER_PERIOD))) for c in counts]
    else:
        trunc = TruncWeek if period == "week" else TruncMonth
        rows = (
            cases.annotate(p=trunc("received_at"))
            .values("p", field)
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in rows:
            start = row["p"]
            start = start.date() if isinstance(start, datetime.datetime) else start
            slot = index.get(start)
            key = row[field] or "（未分类）"
            if slot is not None:
                counts[slot][key] += row["n"]
    current, baseline = dict(counts[-1]), [dict(c) for c in counts[:-1]]
    return Hotspots(
        dimension=dimension,
        period=period,
        starts=starts,
        counts=[dict(c) for c in counts],
        rises=rises(current, baseline),
        top=top(current),
    )


def _start_of(period: str, day: datetime.date) -> datetime.date:
    if period == "week":
        return day - datetime.timedelta(days=day.weekday())
    return day.replace(day=1)


def hotspot_rows(data: Hotspots) -> list[dict]:
    """Every key seen in any period, with its series and, when it rose, the test's figures —
    the shape the export, the API and the reports read."""
    risen = {r.key: r for r in data.rises}
    keys = sorted(
        {k for c in data.counts for k in c}, key=lambda k: (-data.counts[-1].get(k, 0), k)
    )
    rows = []
    for key in keys:
        rise = risen.get(key)
        rows.append(
            {
                "key": key,
                "series": [c.get(key, 0) for c in data.counts],
                "current": data.counts[-1].get(key, 0),
                "rise": None
                if rise is None
                else {
                    "expected": rise.expected,
                    "ratio": rise.ratio,
                    "p_value": rise.p_value,
                    "q_value": rise.q_value,
                },
            }
        )
    return rows
