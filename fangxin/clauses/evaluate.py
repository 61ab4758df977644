"""Precision, recall and F1 of the format-clause review on labelled clauses.

    python -m fangxin.clauses.evaluate [--data FILE.jsonl] [--rules DIR] [--json] [--no-model]

Records are JSON lines with `text` and `unfair` (true/false), optionally `rule` (the rule the
clause was written for) and `sector`. A clause counts as flagged when the review reports at
least one finding on it (a pattern's or, where no pattern fired, the model's; --no-model
measures the patterns alone). Without --data: the development set, plus the former blind set
clauses_blind.jsonl if present, reported separately. No other data file is ever read by
default: a new blind set is evaluated only when named with --data. Records without `unfair`
are skipped and counted. A malformed line ends the run with exit code 2 and a message naming
file and line.
"""

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from fangxin.clauses.engine import review
from fangxin.clauses.ruleset import RuleError, RuleSet, default_rules, load_rules

DATA_DIR = Path(__file__).resolve().parent / "data"
DEV_PATH = DATA_DIR / "clauses_dev.jsonl"
BLIND_PATH = DATA_DIR / "clauses_blind.jsonl"


class DataError(ValueError):
    """A data file cannot be read; the message says where, in Chinese."""


def read_records(path: Path) -> tuple[list[dict], int]:
    """(usable records, number skipped for lacking a boolean `unfair`)."""
    records, skipped = [], 0
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"无法读取数据文件 {path}：{exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path} 第 {number} 行不是有效的 JSON：{exc.msg}") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise DataError(f"{path} 第 {number} 行缺少文字字段 text")
        if not isinstance(record.get("unfair"), bool):
            skipped += 1
            continue
        records.append(record)
    return records, skipped


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def evaluate(
    records: list[dict], rules: RuleSet | None = None, *, skipped: int = 0, use_model: bool = True
) -> dict:
    """Figures overall and per rule. Per rule, recall counts the unfair records labelled with
    that rule (flagged by any rule); precision counts the records that rule flagged."""
    rules = rules or default_rules()
    tp = fp = fn = tn = 0
    by_label: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # rule → [flagged, total]
    by_finding: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # rule → [unfair, flagged]
    misses, false_alarms = [], []
    for record in records:
        found = review(record["text"], rules, use_model=use_model).findings
        fired = sorted({f.rule_id for f in found})
        unfair = record["unfair"]
        if unfair and fired:
            tp += 1
        elif unfair:
            fn += 1
            misses.append({"text": record["text"], "rule": record.get("rule")})
        elif fired:
            fp += 1
            false_alarms.append({"text": record["text"], "rules": fired})
        else:
            tn += 1
        label = record.get("rule")
        if unfair and isinstance(label, str):
            by_label[label][1] += 1
            by_label[label][0] += bool(fired)
        for rule_id in fired:
            by_finding[rule_id][1] += 1
            by_finding[rule_id][0] += unfair
    per_rule = {}
    for rule_id in sorted(set(by_label) | set(by_finding) | {r.id for r in rules.rules}):
        hit, labelled = by_label.get(rule_id, (0, 0))
        correct, flagged = by_finding.get(rule_id, (0, 0))
        per_rule[rule_id] = {
            "n_unfair": labelled,
            "recall": round(hit / labelled, 4) if labelled else None,
            "n_flagged": flagged,
            "precision": round(correct / flagged, 4) if flagged else None,
        }
    return {
        "n": len(records),
        "n_unfair": tp + fn,
        "n_fair": fp + tn,
        "skipped": skipped,
        **_prf(tp, fp, fn),
        "tn": tn,
        "ruleset_version": rules.version,
        "per_rule": per_rule,
        "misses": misses,
        "false_alarms": false_alarms,
    }


def _fmt(value: float | None) -> str:
    return "  —  " if value is None else f"{value:.3f}"


def _print_report(name: str, result: dict, *, details: bool = True) -> None:
    print(f"== {name}：{result['n']} 条（不公平 {result['n_unfair']}，公平 {result['n_fair']}）")
    if result["skipped"]:
        print(f"   跳过缺少 unfair 标注的记录 {result['skipped']} 条")
    print(
        f"   精确率 {result['precision']:.3f}  召回率 {result['recall']:.3f}  "
        f"F1 {result['f1']:.3f}  (TP {result['tp']} FP {result['fp']} FN {result['fn']})"
    )
    print("   规则                                  召回(条数)      精确(报出条数)")
    for rule_id, row in result["per_rule"].items():
        print(
            f"   {rule_id:<36}  {_fmt(row['recall'])} ({row['n_unfair']:>3})"
            f"     {_fmt(row['precision'])} ({row['n_flagged']:>3})"
        )
    if not details:
        # The blind set stays blind: its texts are never shown to whoever tunes the rules.
        return
    for miss in result["misses"]:
        print(f"   漏报 [{miss['rule']}] {miss['text']}")
    for alarm in result["false_alarms"]:
        print(f"   误报 [{', '.join(alarm['rules'])}] {alarm['text']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="格式条款审查的精确率、召回率和 F1")
    parser.add_argument("--data", type=Path, help="JSONL 文件（每行含 text 和 unfair）")
    parser.add_argument("--rules", type=Path, help="规则目录（默认为内置规则库）")
    parser.add_argument("--json", action="store_true", help="只输出一个 JSON 对象")
    parser.add_argument("--no-model", action="store_true", help="只用规则，不用辅助模型")
    args = parser.parse_args(argv)
    try:
        rules = load_rules(args.rules) if args.rules else default_rules()
        sets = [("data", args.data)] if args.data else [("dev", DEV_PATH)]
        if not args.data and BLIND_PATH.exists():
            sets.append(("blind", BLIND_PATH))
        results = {}
        for name, path in sets:
            records, skipped = read_records(path)
            results[name] = evaluate(records, rules, skipped=skipped, use_model=not args.no_model)
    except (DataError, RuleError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    if args.json:
        first, *rest = results.values()
        out = {k: v for k, v in first.items() if k not in ("misses", "false_alarms")}
        out["n_misses"], out["n_false_alarms"] = len(first["misses"]), len(first["false_alarms"])
        for name, other in zip(list(results)[1:], rest, strict=True):
            out[name] = {k: v for k, v in other.items() if k not in ("misses", "false_alarms")}
        print(json.dumps(out, ensure_ascii=False))
    else:
        for name, result in results.items():
            _print_report(name, result, details=name != "blind")
    return 0


if __name__ == "__main__":
    sys.exit(main())
