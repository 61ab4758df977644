"""The public merchant lookup at 500,000 merchants (PostgreSQL; 100,000 on SQLite), by a name
fragment and by credit code, and the import of 100,000 merchants (dry run and write)."""

import os
import time
import uuid

from django.db import connection, transaction

from bench.fixtures import bench_org
from bench.timing import timed_runs
from fangxin.merchants.imports import check_rows, import_rows, mapping_for
from fangxin.merchants.models import Merchant
from fangxin.merchants.selectors import merchant_lookup_public

LOOKUP_BUREAU = "149902"
IMPORT_BUREAU = "149903"
IMPORT_ROWS = int(os.environ.get("BENCH_MERCHANT_IMPORT_ROWS", 100_000))
WORDS = ["百货", "超市", "家电", "餐饮", "美容", "健身", "培训", "汽修", "药房", "服装"]
PLACES = ["蔚汾", "魏家滩", "康宁", "高家村", "瓦塘", "奥家湾", "东关", "城南"]


def _lookup_size() -> int:
    return 500_000 if connection.vendor == "postgresql" else 100_000


def _fill(bureau, n: int, start: int) -> None:
    words = ",".join(f"'{w}'" for w in WORDS)
    places = ",".join(f"'{p}'" for p in PLACES)
    if connection.vendor == "postgresql":
        sql = f"""
        INSERT INTO merchants_merchant (bureau_id, name, credit_code, kind, status,
          legal_representative, address, contact_phone, contact_person, dedupe_key, created_at,
          updated_at)
        SELECT {bureau.pk},
          '兴县' || (ARRAY[{places}])[1 + g % {len(PLACES)}] ||
            (ARRAY[{words}])[1 + (g / 8) % {len(WORDS)}] || g || '号店',
          '', 'individual', 'active', '', '兴县某街' || g || '号', '', '', 'bench' || g,
          now(), now()
        FROM generate_series({start}, {start + n - 1}) AS g"""
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.execute("VACUUM ANALYZE merchants_merchant")
        return
    rows = [
        (
            bureau.pk,
            f"兴县{PLACES[g % len(PLACES)]}{WORDS[(g // 8) % len(WORDS)]}{g}号店",
            f"兴县某街{g}号",
            f"bench{g}",
        )
        for g in range(start, start + n)
    ]
    with connection.cursor() as cursor, transaction.atomic():
        cursor.executemany(
            "INSERT INTO merchants_merchant (bureau_id, name, credit_code, kind, status, "
            "legal_representative, address, contact_phone, contact_person, dedupe_key, "
            "created_at, updated_at) VALUES (%s, %s, '', 'individual', 'active', '', %s, '', '', "
            "%s, datetime('now'), datetime('now'))",
            rows,
        )


def _import_rows(run_id: str) -> tuple[list[str], list[list[str]]]:
    header = ["企业名称", "统一社会信用代码", "类型", "经营地址", "行业", "联系电话"]
    rows = [
        [
            f"兴县{PLACES[i % len(PLACES)]}{WORDS[i % len(WORDS)]}{run_id}-{i}",
            "",
            "个体工商户",
            f"兴县某街{run_id}-{i}号",
            "其他",
            f"139{i % 10**8:08d}",
        ]
        for i in range(IMPORT_ROWS)
    ]
    return header, rows


def run() -> dict:
    lookup_bureau, _ = bench_org(LOOKUP_BUREAU)
    wanted = _lookup_size()
    have = Merchant.objects.filter(bureau=lookup_bureau).count()
    if have < wanted:
        _fill(lookup_bureau, wanted - have, have + 1)
    total = Merchant.objects.filter(bureau=lookup_bureau).count()

    def page(q):
        def go():
            merchant_lookup_public(q)

        return go

    figures = {
        f"merchant lookup at {total}: name fragment 家电1234": timed_runs(page("家电1234"), 20),
        f"merchant lookup at {total}: common word 超市": timed_runs(page("超市"), 20),
        f"merchant lookup at {total}: credit code": timed_runs(page("91110108551385082Q"), 20),
    }
    import_bureau, leader = bench_org(IMPORT_BUREAU)
    header, rows = _import_rows(uuid.uuid4().hex[:6])
    t0 = time.perf_counter()
    results = check_rows(
        bureau=import_bureau, header=header, rows=rows, mapping=mapping_for(header)
    )
    checked = time.perf_counter() - t0
    t0 = time.perf_counter()
    done = import_rows(actor=leader, bureau=import_bureau, results=results, all_or_nothing=True)
    written = time.perf_counter() - t0
    assert done == IMPORT_ROWS
    figures.update(
        {
            f"merchant import {IMPORT_ROWS}: dry run (rows/s)": round(IMPORT_ROWS / checked),
            f"merchant import {IMPORT_ROWS}: write (rows/s)": round(IMPORT_ROWS / written),
            f"merchant import {IMPORT_ROWS}: end to end (rows/s)": round(
                IMPORT_ROWS / (checked + written)
            ),
        }
    )
    return figures
