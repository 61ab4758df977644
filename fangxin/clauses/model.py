"""A linear character n-gram model that backs up the rules on phrasings they do not expect.

The rules (rules/*.yaml) are precise but literal: an unfair clause written with words no pattern
foresaw gets no finding. The model reads the same normalised text as the rules, as a bag of
character 1–3-grams (digits folded to 0), and gives two answers:

* `unfair_probability`: a binary logistic regression, unfair vs fair;
* `rule_probabilities`: a multinomial logistic regression over the rule ids, trained on unfair
  clauses only, which names the rule (and so the legal basis) the clause most resembles.

The engine asks the model about clauses on which no rule fired, and reports a finding when
the probability reaches `threshold` (chosen by cross-validation, see `main`) and the chosen rule's
own exceptions and the library's common exceptions do not defuse the clause. Every finding still
names a rule and its legal basis.

It also reads the clauses a pattern flags: when P(unfair) is below `veto` (chosen by
cross-validation too; 0 turns it off), the pattern's finding is dropped. Patterns are literal and
match the fair look-alike that says the same words ("不予退还" of a lawful deposit, "不适用七日无
理由退货" of goods the law excludes, "不承担责任" of the consumer's own fault); the model, having
read the fair look-alikes, is then very sure the clause is fair. The veto is chosen so that it
costs (almost) no unfair clause held out in cross-validation.

The weights are stored in data/clause_model.npz (plain arrays, loaded with allow_pickle=False);
inference is pure numpy and dictionary look-ups. Training needs scikit-learn and is deterministic:

    python -m fangxin.clauses.model            # cross-validate, print the figures
    python -m fangxin.clauses.model --write    # train on all data and write the .npz

Training data: the development sets (clauses_dev.jsonl, clauses_dev2.jsonl, clauses_dev3.jsonl),
the former blind sets (clauses_blind.jsonl to clauses_blind5.jsonl), the neutral clauses and every
rule's own examples. Any other file (a new blind set such as clauses_blind6.jsonl) is never read
here.
"""

import argparse
import functools
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA_DIR / "clause_model.npz"
# Only these files train the model; a new blind set (clauses_blind6.jsonl, …) stays unseen.
TRAINING_FILES = (
    "clauses_dev.jsonl",
    "clauses_blind.jsonl",
    "clauses_neutral.jsonl",
    "clauses_blind2.jsonl",
    "clauses_dev2.jsonl",
    "clauses_blind3.jsonl",
    "clauses_blind4.jsonl",
    "clauses_dev3.jsonl",
    "clauses_blind5.jsonl",
)
NGRAMS = (1, 2, 3)
MIN_DF = 2
# Default decision threshold on P(unfair); the stored model carries the cross-validated one.
DEFAULT_THRESHOLD = 0.8
# Candidate vetoes on pattern findings (see the module's docstring); 0 means none.
VETOES = (0.0, 0.03, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2, 0.25)
C_BINARY = 4.0
C_RULE = 8.0

_LEADING_MARKER = re.compile(
    r"^(?:第?[0-9一二三四五六七八九十百]{1,4}[条款章节、.:]|[(][0-9一二三四五六七八九十]{1,3}[)]|[①-⑳])+"
)
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def model_text(normalised: str) -> str:
    """The text the model reads: the engine's normal form, without a leading item number,
    numbers folded to one symbol (30% and 50% look alike; thresholds are the rules' job)."""
    return _DIGITS.sub("0", _LEADING_MARKER.sub("", normalised))


def ngrams(text: str) -> set[str]:
    padded = f"^{text}$"
    out: set[str] = set()
    for n in NGRAMS:
        out.update(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max()
    e = np.exp(z)
    return e / e.sum()


@dataclass
class ClauseModel:
    vocab: dict[str, int]
    w_unfair: np.ndarray  # (V,)
    b_unfair: float
    w_rule: np.ndarray  # (K, V)
    b_rule: np.ndarray  # (K,)
    rule_ids: tuple[str, ...]
    threshold: float = DEFAULT_THRESHOLD
    veto: float = 0.0

    def _indices(self, normalised: str) -> tuple[list[int], float]:
        idx = [i for g in ngrams(model_text(normalised)) if (i := self.vocab.get(g)) is not None]
        return idx, (1.0 / math.sqrt(len(idx)) if idx else 0.0)

    def unfair_probability(self, normalised: str) -> float:
        idx, scale = self._indices(normalised)
        z = self.b_unfair + scale * float(self.w_unfair[idx].sum()) if idx else self.b_unfair
        return 1.0 / (1.0 + math.exp(-z))

    def rule_probabilities(self, normalised: str) -> list[tuple[str, float]]:
        """(rule id, probability), most probable first."""
        idx, scale = self._indices(normalised)
        z = self.b_rule + (scale * self.w_rule[:, idx].sum(axis=1) if idx else 0.0)
        p = _softmax(np.asarray(z, dtype=np.float64))
        order = np.argsort(-p, kind="stable")
        return [(self.rule_ids[k], float(p[k])) for k in order]

    def save(self, path: Path = MODEL_PATH) -> None:
        words = sorted(self.vocab, key=self.vocab.get)
        np.savez_compressed(
            path,
            vocab=np.array(words, dtype=str),
            w_unfair=self.w_unfair.astype(np.float32),
            b_unfair=np.array([self.b_unfair], dtype=np.float64),
            w_rule=self.w_rule.astype(np.float16),
            b_rule=self.b_rule.astype(np.float32),
            rule_ids=np.array(self.rule_ids, dtype=str),
            threshold=np.array([self.threshold], dtype=np.float64),
            veto=np.array([self.veto], dtype=np.float64),
        )

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "ClauseModel":
        with np.load(path, allow_pickle=False) as data:
            words = [str(w) for w in data["vocab"]]
            return cls(
                vocab={w: i for i, w in enumerate(words)},
                w_unfair=data["w_unfair"].astype(np.float64),
                b_unfair=float(data["b_unfair"][0]),
                w_rule=data["w_rule"].astype(np.float64),
                b_rule=data["b_rule"].astype(np.float64),
                rule_ids=tuple(str(r) for r in data["rule_ids"]),
                threshold=float(data["threshold"][0]),
                veto=float(data["veto"][0]) if "veto" in data.files else 0.0,
            )


@functools.cache
def default_model() -> ClauseModel | None:
    """The shipped model, loaded once; None if the file is missing or unreadable (the review
    then runs on the rules alone)."""
    try:
        return ClauseModel.load(MODEL_PATH)
    except (OSError, KeyError, ValueError):
        return None


# --- training (needs scikit-learn) ---------------------------------------------------------


def _normal(text: str) -> str:
    from fangxin.clauses.engine import normalize_mapped

    return normalize_mapped(text).text


def training_records() -> list[dict]:
    """{text, norm, unfair, rule} from the training files and the rules' own examples. Unfair
    records without a rule id (the former blind set labels a legal basis, not a rule) take the
    rule that fires on them, if any."""
    from fangxin.clauses.engine import review
    from fangxin.clauses.ruleset import default_rules
    from fangxin.clauses.split import split_document

    rules = default_rules()
    known = {r.id for r in rules.rules}
    out, seen = [], set()

    def add(
        text: str, unfair: bool, rule: str | None, source: str, parent: str | None = None
    ) -> None:
        norm = _normal(text)
        if not norm or norm in seen:
            return
        seen.add(norm)
        if unfair and rule not in known:
            fired = [f.rule_id for f in review(text, rules, use_model=False).findings]
            rule = fired[0] if fired else None
        record = {"text": text, "norm": norm, "unfair": unfair, "rule": rule, "source": source}
        if parent is not None:
            record["parent"] = parent
        out.append(record)
        if parent is None and not unfair:
            # The engine shows the model one clause at a time: every clause of a fair record
            # ("……；验光单数据本身的准确性由出具单位负责。") is a fair clause too.
            pieces = split_document(text)
            if len(pieces) > 1:
                for piece in pieces:
                    add(piece.text, False, None, source, parent=norm)

    for name in TRAINING_FILES:
        path = DATA_DIR / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                if isinstance(record.get("unfair"), bool):
                    add(record["text"], record["unfair"], record.get("rule"), name)
    for rule in rules.rules:
        for text in rule.examples_unfair:
            add(text, True, rule.id, "examples")
        for text in rule.examples_fair:
            add(text, False, None, "examples")
    return out


def _matrix(texts: list[str], vocab: dict[str, int]):
    from scipy.sparse import csr_matrix

    rows, cols, vals = [], [], []
    for r, norm in enumerate(texts):
        idx = sorted({i for g in ngrams(model_text(norm)) if (i := vocab.get(g)) is not None})
        if idx:
            scale = 1.0 / math.sqrt(len(idx))
            rows += [r] * len(idx)
            cols += idx
            vals += [scale] * len(idx)
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), len(vocab)))


def train(records: list[dict], threshold: float = DEFAULT_THRESHOLD) -> ClauseModel:
    from sklearn.linear_model import LogisticRegression

    df: dict[str, int] = {}
    for record in records:
        for g in ngrams(model_text(record["norm"])):
            df[g] = df.get(g, 0) + 1
    words = sorted(g for g, n in df.items() if n >= MIN_DF)
    vocab = {g: i for i, g in enumerate(words)}
    x = _matrix([r["norm"] for r in records], vocab)
    y = np.array([r["unfair"] for r in records], dtype=int)
    binary = LogisticRegression(C=C_BINARY, solver="liblinear", max_iter=1000, random_state=0)
    binary.fit(x, y)
    labelled = [i for i, r in enumerate(records) if r["unfair"] and r["rule"]]
    multi = LogisticRegression(C=C_RULE, solver="lbfgs", max_iter=2000)
    multi.fit(x[labelled], [records[i]["rule"] for i in labelled])
    return ClauseModel(
        vocab=vocab,
        w_unfair=binary.coef_[0].astype(np.float64),
        b_unfair=float(binary.intercept_[0]),
        w_rule=multi.coef_.astype(np.float64),
        b_rule=multi.intercept_.astype(np.float64),
        rule_ids=tuple(str(c) for c in multi.classes_),
        threshold=threshold,
    )


def cross_validate(records: list[dict], folds: int = 5, seed: int = 0) -> list[dict]:
    """Held-out predictions for the records of the data files (the rules' examples always
    train): the highest P(unfair) over the record's clauses that no rule flags (0 when the
    engine would not report the model's rule anyway: clause too short or long, or the rule's
    exceptions defuse it), that rule, and the rules' own findings."""
    from sklearn.model_selection import StratifiedKFold

    from fangxin.clauses.engine import model_score, pattern_clause_probabilities, review
    from fangxin.clauses.ruleset import default_rules

    rules = default_rules()
    files = [i for i, r in enumerate(records) if r["source"] != "examples" and "parent" not in r]
    always = [i for i, r in enumerate(records) if r["source"] == "examples"]
    # A clause cut from a fair record trains only in the folds that train on its record.
    pieces: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        if "parent" in r:
            pieces.setdefault(r["parent"], []).append(i)
    y = [records[i]["unfair"] for i in files]
    out = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_pos, test_pos in splitter.split(files, y):
        parts = [i for p in train_pos for i in pieces.get(records[files[p]]["norm"], [])]
        model = train(
            [records[files[p]] for p in train_pos]
            + [records[i] for i in parts]
            + [records[i] for i in always]
        )
        for p in test_pos:
            record = records[files[p]]
            fired = {f.rule_id for f in review(record["text"], use_model=False).findings}
            # the engine's own path, clause by clause, as if no rule had fired (the model
            # alone); the threshold is applied later
            p, named = model_score(record["text"], rules, model, skip_flagged=False)
            pattern_p = pattern_clause_probabilities(record["text"], rules, model)
            out.append(
                {
                    **record,
                    "p": p,
                    "top_rule": named,
                    "rules_fired": sorted(fired),
                    "pattern_p": pattern_p,
                }
            )
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cv_table(held_out: list[dict], thresholds: list[float]) -> list[dict]:
    """Per threshold: the model alone, and rules + model (the model speaks only where the
    rules are silent). The rules were written from these clauses, so the combined figures are
    optimistic for the rules' part; the model's part is held out."""
    rows = []
    for t in thresholds:
        m = [(r["unfair"], r["p"] >= t) for r in held_out]
        tp = sum(u and f for u, f in m)
        fp = sum(f and not u for u, f in m)
        fn = sum(u and not f for u, f in m)
        c = [(r["unfair"], bool(r["rules_fired"]) or r["p"] >= t) for r in held_out]
        ctp = sum(u and f for u, f in c)
        cfp = sum(f and not u for u, f in c)
        cfn = sum(u and not f for u, f in c)
        silent_fair = [r for r in held_out if not r["unfair"] and not r["rules_fired"]]
        rows.append(
            {
                "threshold": t,
                "model": _prf(tp, fp, fn),
                "combined": _prf(ctp, cfp, cfn),
                "extra_false_alarms": sum(r["p"] >= t for r in silent_fair),
                "n_silent_fair": len(silent_fair),
            }
        )
    return rows


def veto_table(held_out: list[dict], threshold: float) -> list[dict]:
    """Per candidate veto: rules + model at `threshold`, with pattern findings dropped on
    clauses the held-out model gives less than the veto."""
    rows = []
    for veto in VETOES:
        c = [
            (r["unfair"], any(p >= veto for p in r["pattern_p"]) or r["p"] >= threshold)
            for r in held_out
        ]
        tp = sum(u and f for u, f in c)
        fp = sum(f and not u for u, f in c)
        fn = sum(u and not f for u, f in c)
        rows.append({"veto": veto, "combined": _prf(tp, fp, fn), "tp": tp, "fp": fp})
    return rows


def choose_veto(rows: list[dict], max_recall_loss: float) -> float:
    """The largest veto whose recall is within `max_recall_loss` of no veto at all."""
    base = rows[0]["combined"][1]
    return max(r["veto"] for r in rows if r["combined"][1] >= base - max_recall_loss)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="格式条款审查的辅助模型：交叉验证与训练")
    parser.add_argument("--write", action="store_true", help="在全部数据上训练并写入 .npz")
    parser.add_argument("--threshold", type=float, help="写入的判定阈值（默认取交叉验证结果）")
    parser.add_argument("--precision", type=float, default=0.95, help="选阈值时模型的最低精确率")
    parser.add_argument(
        "--max-recall-loss", type=float, default=0.002, help="否决规则结论时召回率的最大损失"
    )
    parser.add_argument(
        "--max-extra", type=float, default=0.025, help="规则未命中的公平条款中模型误报的最高比例"
    )
    args = parser.parse_args(argv)
    records = training_records()
    held_out = cross_validate(records)
    thresholds = [round(0.5 + 0.05 * k, 2) for k in range(10)]
    table = cv_table(held_out, thresholds)
    print(f"训练数据 {len(records)} 条；交叉验证（5 折）{len(held_out)} 条")
    print(
        "阈值   模型 P/R/F1              规则+模型 P/R/F1          规则未命中的公平条款被模型误报"
    )
    for row in table:
        mp, mr, mf = row["model"]
        cp, cr, cf = row["combined"]
        print(
            f"{row['threshold']:.2f}   {mp:.3f}/{mr:.3f}/{mf:.3f}      {cp:.3f}/{cr:.3f}/{cf:.3f}"
            f"      {row['extra_false_alarms']}/{row['n_silent_fair']}"
        )
    chosen = args.threshold
    if chosen is None:
        ok = [
            r
            for r in table
            if r["model"][0] >= args.precision
            and r["extra_false_alarms"] <= args.max_extra * r["n_silent_fair"]
        ]
        chosen = min(r["threshold"] for r in ok) if ok else thresholds[-1]
    print(
        f"选定阈值 {chosen:.2f}（模型单独的交叉验证精确率 ≥ {args.precision}，"
        f"规则未命中的公平条款误报 ≤ {args.max_extra:.1%}）"
    )
    vetoes = veto_table(held_out, chosen)
    print("否决值   规则+模型 P/R/F1          命中 / 误报")
    for row in vetoes:
        cp, cr, cf = row["combined"]
        print(f"{row['veto']:.2f}     {cp:.3f}/{cr:.3f}/{cf:.3f}      {row['tp']} / {row['fp']}")
    veto = choose_veto(vetoes, args.max_recall_loss)
    print(f"选定否决值 {veto:.2f}（召回率损失 ≤ {args.max_recall_loss}）")
    if args.write:
        model = train(records, threshold=chosen)
        model.veto = veto
        model.save(MODEL_PATH)
        print(f"已写入 {MODEL_PATH}（{len(model.vocab)} 个特征，{len(model.rule_ids)} 条规则）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
