"""Builds complaints_train.jsonl from the hand-written fragments in
complaints_train_fragments.txt.

Complete complaints (section @FULL) are used once as written. Each other complaint statement
("core") is written out two to four times, bare or inside the pieces
real complaints carry around their facts (a greeting, a date, the respondent, attempts to settle,
anger, a demand), in several layouts (free text, the 12315 form layout, phone-typed without
punctuation), with some texts in traditional characters, with typing errors (在/再, 已经/以经)
or with pinyin and English. Deterministic: the same fragments and seed give the same file.

    .venv/bin/python fangxin/textintel/data/build_complaints_train.py
"""

import json
import math
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FRAGMENTS = HERE / "complaints_train_fragments.txt"
OUTPUT = HERE / "complaints_train.jsonl"
SEED = 315

SECTORS = {
    "YF": "预付式消费",
    "WG": "网络购物",
    "SP": "食品",
    "QC": "汽车(含新能源)",
    "YX": "网络游戏",
    "JY": "教育培训(含校外培训)",
    "YM": "医疗美容",
    "JD": "家用电器",
    "TX": "通信服务",
    "ZX": "房屋装修",
    "LY": "旅游",
    "CY": "餐饮住宿",
    "MF": "美容美发",
    "LN": "老年消费/保健品",
    "KD": "快递物流",
    "QT": "其他",
}
PROBLEMS = {
    "ZL": "质量",
    "SH": "售后服务",
    "HT": "合同",
    "XC": "虚假宣传",
    "JG": "价格",
    "AQ": "安全",
    "JM": "假冒",
    "JL": "计量",
    "RG": "人格尊严/个人信息",
    "OT": "其他",
}

MONEY = ["198", "368", "580", "980", "1200", "1680", "2380", "3000", "3600", "4980", "6800"]
DATES = [
    "2024年3月5日",
    "2023年11月20日",
    "3月12号",
    "上个月",
    "去年十月",
    "前天",
    "2024.6.18",
    "上周六",
    "今年春节前",
    "5月1日",
    "2023年底",
    "昨天下午",
]
# Real typing slips of Chinese complainants: homophones and near-homophones.
TYPOS = [
    ("已经", "以经"),
    ("在", "再"),
    ("的时候", "得时候"),
    ("账", "帐"),
    ("做", "作"),
    ("哪", "那"),
    ("订", "定"),
    ("像", "象"),
    ("他们", "她们"),
    ("根本", "跟本"),
    ("一直", "一只"),
    ("反映", "反应"),
    ("再也", "在也"),
]
# Pinyin and English as typed on phones.
MIXED = [
    ("客服", "kf"),
    ("客服", "客fu"),
    ("商家", "商jia"),
    ("垃圾", "lj"),
    ("投诉", "tousu"),
    ("售后", "shouhou"),
    ("老板", "boss"),
    ("会员", "VIP"),
    ("手机", "phone"),
    ("退款", "refund"),
    ("问题", "problem"),
    ("怎么办", "zmb"),
    ("真的", "zhende"),
    ("太坑了", "太坑了 wtf"),
]


def parse(path: Path = FRAGMENTS) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or (line.startswith("#") and not line.startswith("## ")):
            continue
        if line.startswith("## "):
            current = line[3:].strip()
            sections.setdefault(current, [])
        elif current is not None:
            sections[current].append(line)
    return sections


def _fill(text: str, rng: random.Random, shops: list[str]) -> str:
    return (
        text.replace("{money}", rng.choice(MONEY))
        .replace("{date}", rng.choice(DATES))
        .replace("{shop}", rng.choice(shops) if shops else "商家")
        .replace("{order}", "".join(rng.choice("0123456789") for _ in range(18)))
        .replace(
            "{waybill}",
            rng.choice(["SF", "YT", "ZTO", "JT", "75"])
            + "".join(rng.choice("0123456789") for _ in range(12)),
        )
    )


def _end(core: str, rng: random.Random) -> str:
    if core[-1] in "。！？!?":
        return core
    return core + rng.choice(["。", "。", "。", "！", ""])


def _compose(core: str, problem: str, sections: dict, shops: list[str], rng) -> str:
    opener = rng.choice(sections["@OPENERS"])
    attempt = rng.choice(sections["@ATTEMPTS"])
    emotion = rng.choice(sections["@EMOTIONS"])
    generic = rng.choice(sections["@DEMANDS *"])
    demand = rng.choice(sections[f"@DEMANDS {problem}"] + sections["@DEMANDS *"])
    shop = rng.choice(shops) if shops else "商家"
    date = rng.choice(DATES)
    body = _end(core, rng)
    if body.endswith("，"):
        body = body[:-1] + "。"
    layout = rng.choices(range(9), weights=[2, 3, 3, 2, 2, 1, 2, 2, 1])[0]
    if layout == 0:
        return _end(core, rng)
    if layout == 1:
        return opener + body + demand
    if layout == 2:
        return f"{date}，{body}{attempt}{demand}"
    if layout == 3:
        return f"{body}{attempt}{emotion}"
    if layout == 4:
        return f"被投诉方：{shop}。{body}{demand}"
    if layout == 5:
        return f"投诉对象：{shop}\n问题描述：{body}{attempt}\n诉求：{demand}"
    if layout == 6:
        return f"{core.rstrip('。！？!?')}！{emotion}{generic}"
    if layout == 7:
        return f"{opener}{body}{attempt}{emotion}{demand}"
    return f"{body}{demand}{generic}"


def _restyle(text: str, rng: random.Random, s2t) -> str:
    roll = rng.random()
    if roll < 0.06:
        return s2t.convert(text)
    if roll < 0.20:
        slips = [(a, b) for a, b in TYPOS if a in text]
        for a, b in rng.sample(slips, min(len(slips), rng.choice([1, 1, 2]))):
            text = text.replace(a, b, 1)
        return text
    if roll < 0.28:
        mixes = [(a, b) for a, b in MIXED if a in text]
        if mixes:
            a, b = rng.choice(mixes)
            return text.replace(a, b, 1)
        return text + rng.choice([" 求助!!", " help", " OK?", "。。。"])
    if roll < 0.36:
        # Typed on a phone: spaces instead of commas, no full stops.
        return text.replace("，", " ").replace("。", " ").strip()
    if roll < 0.42 and text[-1] not in "！？!?…":
        return text.rstrip("。") + rng.choice(["！！！", "!!", "？？", "……"])
    return text


def build(seed: int = SEED) -> list[dict]:
    """The records, each with its core's id in "group" (for grouped cross-validation)."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    rng = random.Random(seed)  # noqa: S311 — reproducible corpus, not security
    sections = parse()
    records = []
    seen = set()
    group = 0
    for line in sections.get("@FULL", []):
        group += 1
        sector_code, problem_code, text = line.split(" ", 2)
        records.append(
            {
                "text": text,
                "sector": SECTORS[sector_code],
                "problem": PROBLEMS[problem_code],
                "group": group,
            }
        )
        seen.add(text)
    for name, cores in sections.items():
        if name.startswith("@"):
            continue
        sector_code, problem_code = name.split()
        shops = sections.get(f"@SHOPS {sector_code}", [])
        per_core = max(2, min(4, math.ceil(12 / len(cores))))
        for core in cores:
            group += 1
            for i in range(per_core):
                filled = _fill(core, rng, shops)
                if i == 0:
                    text = _end(filled, rng)
                else:
                    text = _compose(filled, problem_code, sections, shops, rng)
                text = _restyle(text, rng, s2t)
                if text in seen:
                    continue
                seen.add(text)
                records.append(
                    {
                        "text": text,
                        "sector": SECTORS[sector_code],
                        "problem": PROBLEMS[problem_code],
                        "group": group,
                    }
                )
    rng.shuffle(records)
    return records


def main() -> int:
    records = build()
    with OUTPUT.open("w", encoding="utf-8") as f:
        for r in records:
            row = {"text": r["text"], "sector": r["sector"], "problem": r["problem"]}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(records)} records → {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
