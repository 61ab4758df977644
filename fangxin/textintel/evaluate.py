"""Scores the text-intelligence models on labelled data.

    python -m fangxin.textintel.evaluate
        the complaint classifier (and its lexicon-only cold start) on the repository's
        development set and blind batch, and the sentiment model on its own set if
        fangxin.textintel.sentiment is installed
    python -m fangxin.textintel.evaluate --task complaints --data FILE.jsonl [--json]
        records {"text", "sector", "problem"}
    python -m fangxin.textintel.evaluate --task sentiment --data FILE.jsonl [--json]
        delegated to fangxin.textintel.sentiment.evaluate_sentiment(records)
    python -m fangxin.textintel.evaluate --bench
        suggestions per second on one thread

Exit status: 0, or 1 when the data cannot be read or scored (the reason on stderr), 2 for
wrong arguments. Records with labels outside DOMAIN.md §3 are counted and left out of that
task's scores."""

import argparse
import importlib
import json
import sys
import time
from pathlib import Path

from fangxin.textintel.classify import (
    DATA_DIR,
    DEV_PATH,
    PROBLEMS,
    SECTORS,
    ComplaintClassifier,
    default_classifier,
    evaluate_classifier,
    read_records,
)

# Batches written after the model was tuned (see data/LABELING.md), each scored as written.
BLIND_GLOB = "complaints_blind*.jsonl"
TASK_NAMES = {"sector": "行业", "problem": "问题类别"}


class DataError(Exception):
    """The data cannot be scored; the message is for the user."""


def load_records(path: Path, *, required: tuple[str, ...]) -> list[dict]:
    try:
        records = read_records(path)
    except FileNotFoundError as e:
        raise DataError(f"找不到文件：{path}") from e
    except UnicodeDecodeError as e:
        raise DataError(f"{path} 不是 UTF-8 文本") from e
    except OSError as e:
        raise DataError(f"无法读取 {path}：{e.strerror or e}") from e
    except ValueError as e:
        raise DataError(f"数据格式错误：{e}") from e
    if not records:
        raise DataError(f"{path} 中没有记录")
    for number, record in enumerate(records, start=1):
        missing = [key for key in required if key not in record]
        if missing:
            raise DataError(f"第 {number} 条记录缺少字段：{'、'.join(missing)}")
        if not isinstance(record["text"], str):
            raise DataError(f"第 {number} 条记录的 text 不是字符串")
    return records


def sentiment_module():
    """fangxin.textintel.sentiment, or None where it is not installed."""
    try:
        return importlib.import_module("fangxin.textintel.sentiment")
    except ModuleNotFoundError as e:
        if e.name not in ("fangxin.textintel.sentiment",):
            raise
        return None


# --- reports --------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def format_complaints(report: dict, title: str) -> str:
    lines = [
        f"== {title} ==",
        f"模型 {report['model_version']}，记录 {report['n']} 条",
        f"行业准确率 {_pct(report['sector_accuracy'])}（宏F1 {_pct(report['sector_macro_f1'])}）；"
        f"问题类别准确率 {_pct(report['problem_accuracy'])}，"
        f"宏F1 {_pct(report['problem_macro_f1'])}；两项全对 {_pct(report['both_accuracy'])}",
    ]
    skipped = {k: v for k, v in report["skipped"].items() if v}
    if skipped:
        lines.append("未计分：" + "，".join(f"{k} {v} 条" for k, v in skipped.items()))
    for task in ("sector", "problem"):
        part = report[task]
        if not part["n"]:
            continue
        lines.append(f"-- {TASK_NAMES[task]}：每类精确率 / 召回率 / F1 / 条数")
        for label, m in part["per_class"].items():
            lines.append(
                f"  {label:<14}\t{m['precision']:.3f}\t{m['recall']:.3f}\t{m['f1']:.3f}\t"
                f"{m['support']}"
            )
        labels = part["confusion"]["labels"]
        lines.append(f"-- {TASK_NAMES[task]}混淆矩阵（行 = 标注，列 = 预测，编号见左）")
        lines.append("      " + "".join(f"{i:>4}" for i in range(1, len(labels) + 1)))
        for i, (label, row) in enumerate(
            zip(labels, part["confusion"]["matrix"], strict=True), start=1
        ):
            cells = "".join(f"{v:>4}" if v else "   ." for v in row)
            lines.append(f"  {i:>2}  {cells}  {label}")
    return "\n".join(lines)


def format_sentiment(report: dict, title: str) -> str:
    lines = [f"== {title} =="]
    for key, value in report.items():
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False)
        lines.append(f"  {key}: {value}")
    return "\n".join(lines)


# --- commands -------------------------------------------------------------------------------


def run_default() -> int:
    clf = default_classifier()
    baseline = ComplaintClassifier.lexicon_only()
    sets = [("开发集", DEV_PATH)] + [("盲测集", p) for p in sorted(DATA_DIR.glob(BLIND_GLOB))]
    for name, path in sets:
        records = load_records(path, required=("text", "sector", "problem"))
        for model, label in ((clf, "投诉分类模型"), (baseline, "仅词典（冷启动）")):
            report = evaluate_classifier(model, records)
            print(format_complaints(report, f"{label} · {name} {path.name}"))
            print()
    module = sentiment_module()
    if module is None or not hasattr(module, "evaluate_sentiment_report"):
        print("== 情感分析 ==\n  未安装 fangxin.textintel.sentiment，跳过")
    else:
        print(format_sentiment(module.evaluate_sentiment_report(), "情感分析 · 其开发集"))
    return 0


def run_complaints(path: Path, as_json: bool) -> int:
    records = load_records(path, required=("text", "sector", "problem"))
    report = evaluate_classifier(default_classifier(), records)
    report["labels"] = {"sector": list(SECTORS), "problem": list(PROBLEMS)}
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(format_complaints(report, f"投诉分类模型 · {path}"))
    return 0


def run_sentiment(path: Path, as_json: bool) -> int:
    module = sentiment_module()
    if module is None or not hasattr(module, "evaluate_sentiment"):
        raise DataError("情感分析模块 fangxin.textintel.sentiment 未安装")
    records = load_records(path, required=("text",))
    try:
        report = module.evaluate_sentiment(records)
    except (ValueError, KeyError, TypeError) as e:
        raise DataError(f"情感数据无法计分：{e}") from e
    if as_json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(format_sentiment(report, f"情感分析 · {path}"))
    return 0


def run_bench(seconds: float = 3.0) -> int:
    clf = default_classifier()
    texts = [r["text"] for r in read_records(DEV_PATH)]
    # Typical complaints of 100–300 characters: development texts joined until long enough.
    docs, k = [], 0
    for i in range(4096):
        target, doc = 100 + (i * 37) % 201, ""
        while len(doc) < target:
            doc += texts[k % len(texts)]
            k += 1
        docs.append(doc[:target])
    clf.suggest_many(docs[:64])
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        clf.suggest_many(docs)
        done += len(docs)
    rate = done / (time.perf_counter() - start)
    mean = sum(map(len, docs)) / len(docs)
    print(f"{clf.version}：{rate:,.0f} 条/秒（平均 {mean:.0f} 字，单线程批量 suggest_many）")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m fangxin.textintel.evaluate", description="文本智能模型评测"
    )
    parser.add_argument("--task", choices=("complaints", "sentiment"), default=None)
    parser.add_argument("--data", type=Path, help="JSON Lines 文件，一行一条记录")
    parser.add_argument("--json", action="store_true", help="只输出一个 JSON 对象")
    parser.add_argument("--bench", action="store_true", help="测量投诉分类吞吐量")
    args = parser.parse_args(argv)
    try:
        if args.bench:
            return run_bench()
        if args.data is None:
            if args.task or args.json:
                parser.error("--task 与 --json 需要同时给出 --data")
            return run_default()
        if (args.task or "complaints") == "complaints":
            return run_complaints(args.data, args.json)
        return run_sentiment(args.data, args.json)
    except DataError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
