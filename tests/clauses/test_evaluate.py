"""The evaluation CLI and the development set it measures."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from fangxin.clauses.evaluate import DEV_PATH, evaluate, read_records
from fangxin.clauses.ruleset import default_rules

ROOT = Path(__file__).resolve().parents[2]
SECTORS = {
    "预付式消费",
    "健身",
    "教育培训",
    "美容美发",
    "医疗美容",
    "餐饮",
    "旅游",
    "装修",
    "汽车销售",
    "网络购物",
    "游戏",
    "零售",
    "酒店",
    "通信",
}


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 — our own module, arguments from the test
        [sys.executable, "-m", "fangxin.clauses.evaluate", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _write_jsonl(path: Path, records: list) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


SMALL = [
    {"text": "本活动最终解释权归本店所有。", "unfair": True, "rule": "A8-7-final-interpretation"},
    {"text": "课程一经售出概不退费。", "unfair": True, "rule": "A8-4-no-refund"},
    {"text": "如有疑问请致电咨询。", "unfair": False},
    {"text": "未上课时可申请全额退款。", "unfair": False},
    {"text": "没有标注的记录"},
]


def test_cli_json_prints_one_object_with_the_figures(tmp_path):
    data = _write_jsonl(tmp_path / "small.jsonl", SMALL)
    result = _run("--data", str(data), "--json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["n"] == 4
    assert out["skipped"] == 1
    assert (out["precision"], out["recall"], out["f1"]) == (1.0, 1.0, 1.0)
    assert out["per_rule"]["A8-7-final-interpretation"]["recall"] == 1.0


def test_cli_human_report_lists_misses_and_false_alarms(tmp_path):
    records = [
        {"text": "天气真好。", "unfair": True, "rule": "A8-4-no-refund"},
        {"text": "本店保留最终解释权。", "unfair": False},
    ]
    result = _run("--data", str(_write_jsonl(tmp_path / "m.jsonl", records)))
    assert result.returncode == 0, result.stderr
    assert "精确率 0.000" in result.stdout
    assert "漏报 [A8-4-no-refund] 天气真好。" in result.stdout
    assert "误报 [A8-7-final-interpretation] 本店保留最终解释权。" in result.stdout


def test_cli_refuses_a_bad_line_with_exit_code_2(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "好", "unfair": false}\n{not json\n', encoding="utf-8")
    result = _run("--data", str(path), "--json")
    assert result.returncode == 2
    assert "第 2 行不是有效的 JSON" in result.stderr
    assert result.stdout == ""


def test_cli_refuses_a_missing_file(tmp_path):
    result = _run("--data", str(tmp_path / "none.jsonl"))
    assert result.returncode == 2
    assert "无法读取数据文件" in result.stderr


@pytest.fixture(scope="module")
def dev_records():
    records, skipped = read_records(DEV_PATH)
    assert skipped == 0
    return records


def test_dev_set_is_large_balanced_and_covers_rules_and_sectors(dev_records):
    counts = Counter(r["unfair"] for r in dev_records)
    assert len(dev_records) >= 240
    assert 0.4 <= counts[False] / len(dev_records) <= 0.6
    labelled = {r["rule"] for r in dev_records if r["unfair"]}
    assert {r.id for r in default_rules().rules} <= labelled
    assert {r["sector"] for r in dev_records} >= SECTORS
    assert all(r["rule"] is None for r in dev_records if not r["unfair"])


def test_dev_set_does_not_copy_the_rule_examples(dev_records):
    examples = {t for r in default_rules().rules for t in r.examples_unfair + r.examples_fair}
    assert not examples & {r["text"] for r in dev_records}


def test_dev_set_meets_the_quality_bars(dev_records):
    result = evaluate(dev_records)
    assert result["recall"] >= 0.95, result["misses"]
    assert result["precision"] >= 0.90, result["false_alarms"]


def test_rules_alone_can_be_measured_and_meet_the_bars_on_dev(dev_records):
    result = evaluate(dev_records, use_model=False)
    assert result["recall"] >= 0.95, result["misses"]
    assert result["precision"] >= 0.90, result["false_alarms"]


def test_the_default_run_reads_only_the_dev_and_former_blind_sets():
    from fangxin.clauses import evaluate as module
    from fangxin.clauses.model import TRAINING_FILES

    assert module.BLIND_PATH.name == "clauses_blind.jsonl"
    # blind2 to blind5 and dev2, dev3 have been used for tuning; the held-out sets never train
    # the model
    assert not any(x in name for name in TRAINING_FILES for x in ("blind6", "blind7"))
