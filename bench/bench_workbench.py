"""The workbench list and search at scale: BENCH_CASES synthetic cases (1,000,000 on
PostgreSQL, 200,000 on SQLite by default), written with SQL for speed, then the leader's
first page, a unit's first page and Chinese searches, each with its total count."""

import os
import time

from django.db import connection

from bench.fixtures import bench_org
from bench.timing import timed_runs
from fangxin.complaints.models import Case
from fangxin.complaints.selectors import case_list_for_user
from fangxin.core.models import RuleSet, Unit

GOODS = [
    "健身房 年卡",
    "冰箱 制冷",
    "预付卡 余额",
    "手机 屏幕",
    "培训 课程",
    "美容 疗程",
    "装修 工期",
    "汽车 变速箱",
    "外卖 食品",
    "快递 丢失",
    "机票 退改",
    "酒店 预订",
    "保健品 老人",
    "网络 游戏 充值",
    "直播 带货",
    "电视 坏点",
    "洗衣机 漏水",
    "空调 安装",
    "宽带 资费",
    "燃气 收费",
    "眼镜 验光",
    "蛋糕 变质",
    "家具 甲醛",
    "电动车 电池",
    "理发 办卡",
    "洗车 卡",
    "游泳 馆",
    "瑜伽 私教",
    "早教 机构",
    "婚纱 摄影",
    "旅行社 行程",
    "二手车 里程",
    "房屋 中介",
    "物业 收费",
    "药店 药品",
    "农资 种子",
    "化肥 假冒",
    "白酒 假冒",
    "服装 起球",
    "鞋子 开胶",
]
PROBLEMS = ["拒绝 退款", "虚假 宣传", "质量 问题", "售后 服务", "价格 欺诈", "停业 跑路"]


WORKBENCH_BUREAU = "149901"


def _count_default() -> int:
    return 1_000_000 if connection.vendor == "postgresql" else 200_000


def _fill(n: int, bureau, units, rule_set) -> None:
    goods = ",".join(f"'{g}'" for g in GOODS)
    problems = ",".join(f"'{p}'" for p in PROBLEMS)
    unit_ids = ",".join(str(u.pk) for u in units)
    start = Case.objects.count() + 1
    if connection.vendor == "postgresql":
        sql = f"""
        INSERT INTO complaints_case (bureau_id, tracking_no, external_id, kind, status, channel,
          received_at, rule_set_id, unit_id, transferred, is_anonymous, complainant_name,
          complainant_phone, complainant_id_number, complainant_address, respondent_name,
          respondent_credit_code, respondent_address, occurred_on, amount, claim, facts,
          search_text, sector, problem_type, odr_consent, reply_text, outcome, outcome_note,
          satisfaction_comment, created_at, updated_at)
        SELECT {bureau.pk}, 'BENCH-' || g, '', 'complaint',
          (ARRAY['received','accepted','mediating','closed'])[1 + g % 4], 'web',
          now() - (g % 700) * interval '1 day' - (g % 1440) * interval '1 minute',
          {rule_set.pk}, (ARRAY[{unit_ids}])[1 + g % {len(units)}], false, false, '王小明',
          '13800000000', '', '', '兴县某商户' || (g % 900), '', '兴县蔚汾镇某街', DATE '2026-01-01',
          128.50, '退还费用', '投诉内容 ' || g,
          ' ' || (ARRAY[{goods}])[1 + g % {len(GOODS)}] || ' ' ||
          (ARRAY[{problems}])[1 + (g / 7) % {len(PROBLEMS)}] || ' 编号' || g || ' ',
          '', '', false, '', '', '', '', now(), now()
        FROM generate_series({start}, {start + n - 1}) AS g"""
        with connection.cursor() as cursor:
            cursor.execute(sql)
        return
    goods_list, problems_list = GOODS, PROBLEMS
    unit_list = [u.pk for u in units]
    rows = []
    with connection.cursor() as cursor:
        for g in range(start, start + n):
            rows.append(
                (
                    bureau.pk,
                    f"BENCH-{g}",
                    ["received", "accepted", "mediating", "closed"][g % 4],
                    rule_set.pk,
                    unit_list[g % len(unit_list)],
                    f"兴县某商户{g % 900}",
                    f"投诉内容 {g}",
                    f" {goods_list[g % len(goods_list)]} "
                    f"{problems_list[(g // 7) % len(problems_list)]} 编号{g} ",
                    g % 700,
                )
            )
            if len(rows) == 20000:
                _sqlite_insert(cursor, rows)
                rows = []
        if rows:
            _sqlite_insert(cursor, rows)


def _sqlite_insert(cursor, rows) -> None:
    cursor.executemany(
        """
        INSERT INTO complaints_case (bureau_id, tracking_no, external_id, kind, status, channel,
          received_at, rule_set_id, unit_id, transferred, is_anonymous, complainant_name,
          complainant_phone, complainant_id_number, complainant_address, respondent_name,
          respondent_credit_code, respondent_address, occurred_on, amount, claim, facts,
          search_text, sector, problem_type, odr_consent, reply_text, outcome, outcome_note,
          satisfaction_comment, created_at, updated_at)
        VALUES (%s, %s, '', 'complaint', %s, 'web', datetime('now', '-' || %s || ' days'),
          %s, %s, 0, 0, '王小明', '13800000000', '', '', %s, '', '兴县蔚汾镇某街', '2026-01-01',
          '128.50', '退还费用', %s, %s, '', '', 0, '', '', '', '', datetime('now'),
          datetime('now'))""",
        [
            (b, t, s, days, r, u, name, facts, search)
            for b, t, s, r, u, name, facts, search, days in rows
        ],
    )


def run() -> dict:
    # Its own bureau: the rows the intake and import benchmarks add never change these counts.
    bureau, leader = bench_org(WORKBENCH_BUREAU)
    units = list(Unit.objects.filter(bureau=bureau))
    wanted = int(os.environ.get("BENCH_CASES", _count_default()))
    have = Case.objects.filter(bureau=bureau).count()
    t0 = time.perf_counter()
    if have < wanted:
        _fill(wanted - have, bureau, units, RuleSet.objects.order_by("effective_from").first())
    filled = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        # What autovacuum does on a live system within minutes (earlier bench runs added rows
        # since the fill): statistics, and the visibility map that lets counts read indexes alone.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE complaints_case")
    total = Case.objects.filter(bureau=bureau).count()

    def page(**filters):
        def go():
            cases = case_list_for_user(leader, **filters)
            count = cases.count()
            rows = list(cases[:30])
            return count, rows

        return go

    unit = units[0]
    return {
        f"workbench at {total} cases: fill (s)": round(filled, 1),
        "workbench: leader first page + count": timed_runs(page()),
        "workbench: one unit's first page + count": timed_runs(page(unit=unit.pk)),
        "workbench: status filter page + count": timed_runs(page(status="mediating")),
        "workbench: search 健身房 (one word)": timed_runs(page(q="健身房")),
        "workbench: search 预付卡 停业 (two words)": timed_runs(page(q="预付卡 停业")),
        "workbench: search a rare word (编号12345)": timed_runs(page(q="编号12345")),
    }
