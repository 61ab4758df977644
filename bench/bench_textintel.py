"""Text intelligence: classification and redaction throughput on one core, clustering 100,000
complaints, and the hotspot query over the workbench's cases (1,000,000 on PostgreSQL)."""

import datetime
import os
import random
import time

from threadpoolctl import threadpool_limits

from bench.bench_workbench import WORKBENCH_BUREAU, _count_default, _fill
from bench.fixtures import bench_org
from bench.timing import timed_runs
from fangxin.complaints.models import Case
from fangxin.core.models import RuleSet, Unit
from fangxin.intel.selectors import hotspots
from fangxin.textintel import classify
from fangxin.textintel.cluster import Doc, clusters, near_duplicates
from fangxin.textintel.redact import redact_text

THROUGHPUT_TEXTS = 20_000
CLUSTER_DOCS = int(os.environ.get("BENCH_CLUSTER_DOCS", 100_000))
OPENINGS = ["我在", "本人于上月在", "上周在", "朋友介绍去", "", "2026年3月在"]
MATTERS = [
    "办了一张健身年卡，现在店关门了，老板联系不上，要求退还余款{n}元",
    "买的电热水器漏水，要求更换，商家推说是安装问题不管",
    "报名的少儿美术班换了老师，课程内容和宣传不一样，要求退费{n}元",
    "外卖里吃出头发，商家只肯退一半",
    "直播间买的羊毛衫实际是化纤，客服不回复",
    "做了光子嫩肤脸上起红疹，医院说不是他们的问题",
    "手机套餐被私自升级，每月多扣{n}元",
    "装修公司拖延工期两个月，增项收费不透明",
    "保健品讲座上买的产品说能治高血压，老人吃了没用",
    "快递丢件，快递公司只按运费三倍赔偿",
]


def _texts(n: int) -> list[str]:
    rng = random.Random(7)
    dev = [r["text"] for r in classify.read_records(classify.DEV_PATH)]
    out = []
    for i in range(n):
        if i % 2 and dev:
            out.append(dev[i % len(dev)])
        else:
            matter = rng.choice(MATTERS).format(n=rng.randint(100, 9000))
            out.append(f"{rng.choice(OPENINGS)}兴县某商户{rng.randint(1, 900)}{matter}。")
    return out


def _long_texts(texts: list[str], n: int, chars: int = 240) -> list[str]:
    """Complaints of the length a 12315 record's facts usually have (a few hundred characters):
    several short ones run together."""
    rng = random.Random(5)
    out = []
    for _ in range(n):
        parts = []
        while sum(map(len, parts)) < chars:
            parts.append(rng.choice(texts))
        out.append("，".join(parts))
    return out


def _per_second(fn, texts) -> float:
    t0 = time.perf_counter()
    fn(texts)
    return round(len(texts) / (time.perf_counter() - t0))


def _cluster_docs(n: int) -> list[Doc]:
    """n complaints against 3,000 merchants over 90 days (texts of the development set), with
    40 planted mass events."""
    rng = random.Random(11)
    background = [r["text"] for r in classify.read_records(classify.DEV_PATH)]
    start = datetime.date(2026, 1, 1)
    docs = []
    for i in range(n):
        if i % 50 == 0:  # 2% belong to an event: one merchant, one matter, many people
            event = (i // 50) % 40
            key, text = f"m:event{event}", MATTERS[event % len(MATTERS)].format(n=3000)
            day = start + datetime.timedelta(days=event * 2 + rng.randint(0, 5))
        else:
            key = f"m:{rng.randint(1, 3000)}"
            text = rng.choice(background)
            day = start + datetime.timedelta(days=rng.randint(0, 89))
        docs.append(Doc(id=i, text=text, key=key, day=day, person=f"p{rng.randint(1, n)}"))
    return docs


def _throughputs(clf, short: list[str], long: list[str]) -> dict:
    figures = {}
    for label, batch in (("short", short), ("long", long)):
        chars = round(sum(map(len, batch)) / len(batch))
        figures[f"textintel: classify {label} (~{chars} chars), complaints/s, one core"] = (
            _per_second(clf.suggest_many, batch)
        )
        figures[f"textintel: redact {label} (~{chars} chars), complaints/s, one core"] = (
            _per_second(lambda b: [redact_text(t) for t in b], batch)
        )
    return figures


def run() -> dict:
    figures = {}
    texts = _texts(THROUGHPUT_TEXTS)
    clf = classify.default_classifier()
    clf.suggest_many(texts[:200])  # warm up (segmenter dictionary, first allocations)
    long_texts = _long_texts(texts, THROUGHPUT_TEXTS // 4)
    # One core: no BLAS thread pool helping the classifier behind our back.
    with threadpool_limits(1):
        figures.update(_throughputs(clf, texts, long_texts))

    docs = _cluster_docs(CLUSTER_DOCS)
    t0 = time.perf_counter()
    found = clusters(docs)
    figures[f"textintel: cluster {len(docs)} complaints (s)"] = round(time.perf_counter() - t0, 2)
    planted = sum(1 for c in found if c.key.startswith("m:event"))
    figures["textintel: planted events found (of 40)"] = planted
    figures["textintel: other clusters among random complaints"] = len(found) - planted
    t0 = time.perf_counter()
    near_duplicates(docs)
    figures[f"textintel: repeated filings in {len(docs)} (s)"] = round(time.perf_counter() - t0, 2)

    bureau, _ = bench_org(WORKBENCH_BUREAU)
    wanted = int(os.environ.get("BENCH_CASES", _count_default()))
    have = Case.objects.filter(bureau=bureau).count()
    if have < wanted:
        units = list(Unit.objects.filter(bureau=bureau))
        _fill(wanted - have, bureau, units, RuleSet.objects.order_by("effective_from").first())
    total = Case.objects.filter(bureau=bureau).count()
    for dimension, period in (("sector", "week"), ("merchant", "month"), ("keyword", "week")):
        figures[f"hotspots over {total} cases: {dimension} by {period}"] = timed_runs(
            lambda d=dimension, p=period: hotspots(bureau_id=bureau.pk, dimension=d, period=p),
            runs=5,
        )
    return figures
