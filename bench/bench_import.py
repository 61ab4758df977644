"""The 12315 import: 100,000 rows checked (dry run) and imported."""

import os
import time

from django.db import transaction

from bench.fixtures import bench_org, fact_text
from fangxin.complaints.imports import check_rows, guess_mapping, import_rows
from fangxin.complaints.models import Case, ImportBatch

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
HEADER = [
    "登记编号",
    "类型",
    "登记时间",
    "投诉人姓名",
    "联系电话",
    "被投诉人名称",
    "被投诉人地址",
    "消费日期",
    "涉及金额",
    "诉求",
    "投诉内容",
]
TOWNS = ["蔚汾镇", "魏家滩镇", "康宁镇", "某乡"]


def _rows(run_id: str) -> list[list[str]]:
    return [
        [
            f"B{run_id}{i:07d}",
            "投诉",
            "2026-11-02 09:30",
            "张三",
            f"139{i % 10**8:08d}",
            f"兴县某商户{i % 900}",
            f"兴县{TOWNS[i % 4]}某街{i % 50}号",
            "2026-10-20",
            f"{i % 5000}.50",
            "退还预付卡余额",
            f"{fact_text(i)}，编号{i}",
        ]
        for i in range(ROWS)
    ]


def run() -> dict:
    bureau, leader = bench_org()
    run_id = str(int(time.time()))[-6:]
    rows = _rows(run_id)
    mapping = guess_mapping(HEADER)
    batch = ImportBatch.objects.create(
        bureau=bureau,
        token=f"bench{run_id}",
        filename="bench",
        sha256="-",
        uploaded_by=leader,
        mapping=mapping,
    )
    t0 = time.perf_counter()
    results = check_rows(actor=leader, header=HEADER, rows=rows, mapping=mapping)
    checked = time.perf_counter() - t0
    before = Case.objects.count()
    t0 = time.perf_counter()
    with transaction.atomic():
        done, skipped = import_rows(actor=leader, batch=batch, results=results, all_or_nothing=True)
    imported = time.perf_counter() - t0
    assert Case.objects.count() - before == ROWS == done
    return {
        f"import {ROWS} rows: dry run (rows/s)": round(ROWS / checked),
        f"import {ROWS} rows: write (rows/s)": round(ROWS / imported),
        f"import {ROWS} rows: end to end (rows/s)": round(ROWS / (checked + imported)),
    }
