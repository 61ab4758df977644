"""Complaint classification: the sector (行业/领域) and the problem type (问题类别) of a complaint
text, with the exact label strings of DOMAIN.md §3.

Two linear models (multinomial logistic regression, one per task) over the same features:
TF-IDF of character 1–3-grams (robust to typos, unknown words and segmentation errors; see
vectorize.py), plus each task's cue-word scores from the lexicon layer (lexicon.py), which also
answers alone before any model exists. A trained model is a single .npz file without pickles:
loading it executes no code.

`default_classifier()` is what the application calls: the promoted model if there is one, else
a model trained from the repository's corpus (a few seconds) and cached."""

import hashlib
import io
import json
import logging
import os
import tempfile
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from fangxin.core.categories import PROBLEM_TYPES
from fangxin.core.categories import SECTORS as _SECTORS
from fangxin.textintel.lexicon import LEXICON_PATH, SCORE_CAP, Lexicon
from fangxin.textintel.normalize import normalize
from fangxin.textintel.segment import USERDICT_PATH
from fangxin.textintel.vectorize import Vectorizer, prepare

logger = logging.getLogger(__name__)

# The DOMAIN.md §3 labels, from their one home (a plain module: no Django is imported).
SECTORS: tuple[str, ...] = _SECTORS
PROBLEMS: tuple[str, ...] = PROBLEM_TYPES
OTHER = "其他"

DATA_DIR = Path(__file__).resolve().parent / "data"
TRAIN_PATH = DATA_DIR / "complaints_train.jsonl"
DEV_PATH = DATA_DIR / "complaints_dev.jsonl"
LIVE_MODEL_NAME = "complaints.npz"

# Bump when features or the file layout change: older files are then refused, not misread.
FORMAT_VERSION = 2

DEFAULT_PARAMS = {
    "min_df": 2,  # a term seen in one training text only is noise more often than signal
    "C_sector": 8.0,
    "C_problem": 8.0,
    # Cue-word scores enter as one feature per label, scaled: the larger the scale, the less
    # regularisation holds their weight back against the thousands of n-grams. Chosen by
    # grouped cross-validation on the training corpus (the sector cues help a lot: +0.09
    # accuracy; the problem cues help at a small scale and hurt at a large one).
    "lexicon_scale_sector": 0.5,
    "lexicon_scale_problem": 0.25,
    "class_weight": "balanced",
    # Words cut with the domain dictionary as extra features (see vectorize.py: no gain here).
    "use_words": False,
}


@dataclass
class Suggestion:
    sector: str
    sector_confidence: float
    problem: str
    problem_confidence: float
    model_version: str


def canonical_label(value: object) -> str:
    """A label as written in data, made comparable: full-width brackets and stray spaces
    (汽车（含新能源） ) are tolerated."""
    if not isinstance(value, str):
        return ""
    return normalize(value).replace(" ", "")


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1, keepdims=True)
    return scores


class ComplaintClassifier:
    """Suggests a sector and a problem type. Without a trained model (`lexicon_only`) the cue
    words decide, and a text without any answers 其他 with low confidence."""

    def __init__(
        self,
        *,
        version: str,
        lexicon: Lexicon,
        vectorizer: Vectorizer | None = None,
        weights: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
        params: dict | None = None,
        meta: dict | None = None,
    ):
        self.version = version
        self.lexicon = lexicon
        self.vectorizer = vectorizer or Vectorizer(np.zeros(0), [], np.zeros(0), lexicon)
        # task → (coefficients: (terms + task labels) × task labels, intercepts), label order
        self.weights = weights or {}
        self.params = dict(DEFAULT_PARAMS, **(params or {}))
        self.meta = meta or {}

    @classmethod
    def lexicon_only(cls, lexicon: Lexicon | None = None) -> "ComplaintClassifier":
        lexicon = lexicon or Lexicon.load(sectors=SECTORS, problems=PROBLEMS)
        return cls(version=f"cc-lexicon-{lexicon.version}", lexicon=lexicon)

    @property
    def trained(self) -> bool:
        return bool(self.weights)

    # --- prediction -----------------------------------------------------------------------

    def _task_features(self, tfidf: sp.csr_matrix, lexicon: np.ndarray, task: str) -> sp.csr_matrix:
        # Each task sees the shared TF-IDF and its own cue-word scores, scaled (see params).
        scaled = lexicon * (self.params[f"lexicon_scale_{task}"] / SCORE_CAP)
        return sp.hstack([tfidf, sp.csr_matrix(scaled)], format="csr")

    def probabilities(self, texts: Iterable[object]) -> tuple[np.ndarray, np.ndarray]:
        """(sector probabilities n × len(SECTORS), problem probabilities n × len(PROBLEMS)).
        Rows of texts without any letter or digit are uniform."""
        sector, problem, _ = self._predict(texts)
        return sector, problem

    def _predict(self, texts: Iterable[object]) -> tuple[np.ndarray, np.ndarray, list[bool]]:
        sector: list[np.ndarray] = []
        problem: list[np.ndarray] = []
        empty: list[bool] = []
        batch: list[str] = []
        for text in texts:
            batch.append(prepare(text))
            if len(batch) == Vectorizer.CHUNK:
                self._predict_batch(batch, sector, problem, empty)
                batch = []
        if batch or not sector:
            self._predict_batch(batch, sector, problem, empty)
        return np.vstack(sector), np.vstack(problem), empty

    def _predict_one(self, text: str, sector: list, problem: list, empties: list) -> None:
        """`_predict_batch` for a single trained-model text, with the same arithmetic."""
        empty = not any(ch.isalnum() for ch in text)
        empties.append(empty)
        columns, values, cues = self.vectorizer.one(text)
        n_terms, n_sectors = self.vectorizer.n_terms, self.vectorizer.n_sectors
        lexicon = {"sector": cues[:n_sectors], "problem": cues[n_sectors:]}
        for task, out in (("sector", sector), ("problem", problem)):
            coef, intercept = self.weights[task]
            scale = self.params[f"lexicon_scale_{task}"] / SCORE_CAP
            scores = values @ coef[columns] + (lexicon[task] * scale) @ coef[n_terms:]
            scores = (scores + intercept)[np.newaxis, :]
            if empty:
                scores[:] = 0.0
            out.append(_softmax(scores))

    def _predict_batch(self, prepared: list[str], sector: list, problem: list, empties: list):
        if len(prepared) == 1 and self.trained:
            self._predict_one(prepared[0], sector, problem, empties)
            return
        counts = self.vectorizer.counts(prepared)
        empty = [not any(ch.isalnum() for ch in text) for text in prepared]
        empties.extend(empty)
        sector_cues, problem_cues = self.vectorizer.cue_scores(counts)
        lexicon = {"sector": sector_cues, "problem": problem_cues}
        if not self.trained:
            for cues, labels, out in (
                (sector_cues, SECTORS, sector),
                (problem_cues, PROBLEMS, problem),
            ):
                probabilities = self._lexicon_probabilities(cues, labels)
                probabilities[empty] = 1.0 / len(labels)
                out.append(probabilities)
            return
        tfidf = self.vectorizer.tfidf(counts)
        n_terms = self.vectorizer.n_terms
        for task, out in (("sector", sector), ("problem", problem)):
            coef, intercept = self.weights[task]
            scale = self.params[f"lexicon_scale_{task}"] / SCORE_CAP
            scores = np.asarray(tfidf @ coef[:n_terms]) + (lexicon[task] * scale) @ coef[n_terms:]
            scores = scores + intercept
            scores[empty] = 0.0
            out.append(_softmax(scores))

    @staticmethod
    def _lexicon_probabilities(scores: np.ndarray, labels: Sequence[str]) -> np.ndarray:
        # 其他 holds a fixed score of one weak cue: a text needs real evidence to leave it.
        scores = scores.copy()
        other = labels.index(OTHER)
        scores[:, other] = np.maximum(scores[:, other], 1.0)
        return _softmax(scores * 1.5)

    def suggest_many(self, texts: Iterable[object]) -> list[Suggestion]:
        """One suggestion per text, in order; texts are processed in vectorised batches. A text
        without any letter or digit (empty, emoji, junk) gets 其他/其他 with confidence 0."""
        sector_p, problem_p, empty = self._predict(texts)
        sector_i = sector_p.argmax(axis=1)
        problem_i = problem_p.argmax(axis=1)
        rows = np.arange(len(sector_i))
        sector_c = sector_p[rows, sector_i].round(4).tolist()
        problem_c = problem_p[rows, problem_i].round(4).tolist()
        return [
            Suggestion(OTHER, 0.0, OTHER, 0.0, self.version)
            if empty[row]
            else Suggestion(SECTORS[s], sc, PROBLEMS[p], pc, self.version)
            for row, (s, sc, p, pc) in enumerate(
                zip(sector_i.tolist(), sector_c, problem_i.tolist(), problem_c, strict=True)
            )
        ]

    def suggest(self, text: object) -> Suggestion:
        return self.suggest_many([text])[0]

    def explain(self, text: object) -> list[tuple[str, str, str, float]]:
        """The cue words found in `text` (task, label, word, weight), for showing staff why."""
        return self.lexicon.hits(prepare(text))

    # --- persistence ----------------------------------------------------------------------

    def save(self, path: str | os.PathLike) -> Path:
        """Writes one .npz file atomically (a reader never sees half a model)."""
        if not self.trained:
            raise ValueError("only a trained classifier can be saved")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = dict(
            self.meta,
            format_version=FORMAT_VERSION,
            version=self.version,
            params=self.params,
            sectors=list(SECTORS),
            problems=list(PROBLEMS),
        )
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            meta=np.array(json.dumps(meta, ensure_ascii=False)),
            lexicon=np.array(self.lexicon.to_json()),
            grams=self.vectorizer.grams,
            words=np.array(self.vectorizer.words, dtype=str),
            idf=self.vectorizer.idf,
            sector_coef=self.weights["sector"][0].astype(np.float32),
            sector_intercept=self.weights["sector"][1],
            problem_coef=self.weights["problem"][0].astype(np.float32),
            problem_intercept=self.weights["problem"][1],
        )
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".npz")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(buffer.getvalue())
            os.chmod(tmp, 0o644)  # other processes of the application read it
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> "ComplaintClassifier":
        """Raises ValueError for a file that is not a model of this format."""
        try:
            with np.load(Path(path), allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                if meta.get("format_version") != FORMAT_VERSION:
                    raise ValueError(f"model format {meta.get('format_version')} is not supported")
                if tuple(meta["sectors"]) != SECTORS or tuple(meta["problems"]) != PROBLEMS:
                    raise ValueError("model labels differ from this code's labels")
                lexicon = Lexicon(
                    json.loads(str(data["lexicon"])), sectors=SECTORS, problems=PROBLEMS
                )
                vectorizer = Vectorizer(data["grams"], data["words"].tolist(), data["idf"], lexicon)
                weights = {
                    task: (
                        data[f"{task}_coef"].astype(np.float64),
                        data[f"{task}_intercept"].astype(np.float64),
                    )
                    for task in ("sector", "problem")
                }
        except (OSError, KeyError, ValueError, json.JSONDecodeError, EOFError) as e:
            raise ValueError(f"not a complaint model: {path}: {e}") from e
        return cls(
            version=meta["version"],
            lexicon=lexicon,
            vectorizer=vectorizer,
            weights=weights,
            params=meta.get("params"),
            meta={k: v for k, v in meta.items() if k != "params"},
        )


# --- training -----------------------------------------------------------------------------


def clean_records(records: Iterable[dict]) -> tuple[list[dict], dict[str, int]]:
    """Records usable for training or scoring: text non-empty after normalising; labels made
    canonical. Unknown labels become None (the record is still scored on the other task).
    Returns (records, counts of what was set aside)."""
    kept = []
    skipped = {"not_an_object": 0, "empty_text": 0, "unknown_sector": 0, "unknown_problem": 0}
    for record in records:
        if not isinstance(record, dict):
            skipped["not_an_object"] += 1
            continue
        text = record.get("text")
        if not isinstance(text, str) or not normalize(text):
            skipped["empty_text"] += 1
            continue
        sector = canonical_label(record.get("sector"))
        problem = canonical_label(record.get("problem"))
        if sector not in SECTORS:
            skipped["unknown_sector"] += 1
            sector = None
        if problem not in PROBLEMS:
            skipped["unknown_problem"] += 1
            problem = None
        kept.append({"text": text, "sector": sector, "problem": problem})
    return kept, skipped


def _fingerprint(records: Sequence[dict], params: dict) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(params, sort_keys=True).encode())
    digest.update(f"format {FORMAT_VERSION}".encode())
    digest.update(LEXICON_PATH.read_bytes())
    digest.update(USERDICT_PATH.read_bytes())
    for r in records:
        digest.update(f"{r['text']}\x00{r['sector']}\x00{r['problem']}\x01".encode())
    return digest.hexdigest()[:10]


def _fit_task(
    task: str, features: sp.csr_matrix, labels: list[str | None], params: dict
) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression  # only training needs scikit-learn

    classes = SECTORS if task == "sector" else PROBLEMS
    rows = [i for i, label in enumerate(labels) if label is not None]
    y = np.array([classes.index(labels[i]) for i in rows])
    present = sorted(set(y.tolist()))
    if len(present) < 2:
        raise ValueError(f"training needs at least two different {task} labels")
    model = LogisticRegression(
        C=params[f"C_{task}"],
        class_weight=params["class_weight"],
        solver="newton-cg",  # several times faster than lbfgs on these sparse features
        max_iter=3000,
        random_state=params.get("seed", 0),
    )
    model.fit(features[rows], y)
    weights, biases = model.coef_, model.intercept_
    if len(present) == 2:
        # A binary model has one weight vector w; a softmax over (-w/2, w/2) gives the same
        # probabilities.
        weights = np.vstack([-weights[0], weights[0]]) / 2
        biases = np.array([-biases[0], biases[0]]) / 2
    coef = np.zeros((features.shape[1], len(classes)))
    intercept = np.full(len(classes), -1e3)  # labels absent from the data are never chosen
    coef[:, present] = weights.T
    intercept[present] = biases
    # At the precision of the saved file, so that a model answers the same before and after
    # saving (two trainings on the same data then compare equal).
    return coef.astype(np.float32).astype(np.float64), intercept


def train(records: Iterable[dict], *, seed: int = 0, **params) -> ComplaintClassifier:
    """Trains both tasks on records with `text`, `sector` and `problem` (records with an unknown
    label still train the other task). Deterministic for the same records, seed and params."""
    params = dict(DEFAULT_PARAMS, **params, seed=seed)
    cleaned, skipped = clean_records(records)
    if not cleaned:
        raise ValueError("no usable training records")
    prepared = [prepare(r["text"]) for r in cleaned]
    lexicon = Lexicon.load(sectors=SECTORS, problems=PROBLEMS)
    vectorizer = Vectorizer.fit(prepared, params["min_df"], lexicon, use_words=params["use_words"])
    clf = ComplaintClassifier(version="", lexicon=lexicon, vectorizer=vectorizer, params=params)
    counts = vectorizer.counts(prepared)
    tfidf = vectorizer.tfidf(counts)
    sector_cues, problem_cues = vectorizer.cue_scores(counts)
    lexicon_scores = {"sector": sector_cues, "problem": problem_cues}
    clf.weights = {
        task: _fit_task(
            task,
            clf._task_features(tfidf, lexicon_scores[task], task),
            [r[task] for r in cleaned],
            params,
        )
        for task in ("sector", "problem")
    }
    fingerprint = _fingerprint(cleaned, params)
    clf.version = f"cc-{datetime.now(UTC):%Y%m%d}-{fingerprint}"
    clf.meta = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "fingerprint": fingerprint,
        "n_train": len(cleaned),
        "skipped": skipped,
        "n_terms": clf.vectorizer.n_terms,
    }
    return clf


# --- evaluation and promotion -------------------------------------------------------------


def _task_report(gold: list[str], predicted: list[str], labels: Sequence[str]) -> dict:
    from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

    if not gold:
        return {"n": 0, "accuracy": None, "macro_f1": None, "per_class": {}, "confusion": None}
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=list(labels), zero_division=0
    )
    per_class = {
        label: {
            "precision": round(float(precision[i]), 4),
            "recall": round(float(recall[i]), 4),
            "f1": round(float(f1[i]), 4),
            "support": int(support[i]),
        }
        for i, label in enumerate(labels)
    }
    # Macro F1 over the labels the data contains: a label absent from the gold answers would
    # only ever add a zero.
    present = [label for label in labels if per_class[label]["support"] > 0]
    matrix = confusion_matrix(gold, predicted, labels=list(labels))
    return {
        "n": len(gold),
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold), 4),
        "macro_f1": round(float(np.mean([per_class[label]["f1"] for label in present])), 4),
        "per_class": per_class,
        "confusion": {"labels": list(labels), "matrix": matrix.tolist()},
    }


def evaluate_classifier(clf: ComplaintClassifier, records: Iterable[dict]) -> dict:
    """Scores `clf` on labelled records. Records with an unknown label are counted and left out
    of that task's scores. Confusion matrices: rows are gold labels, columns predictions, both
    in the order of `labels`."""
    cleaned, skipped = clean_records(records)
    suggestions = clf.suggest_many([r["text"] for r in cleaned])
    reports = {}
    for task, labels in (("sector", SECTORS), ("problem", PROBLEMS)):
        pairs = [
            (r[task], getattr(s, task))
            for r, s in zip(cleaned, suggestions, strict=True)
            if r[task] is not None
        ]
        reports[task] = _task_report([g for g, _ in pairs], [p for _, p in pairs], labels)
    both = [
        r["sector"] == s.sector and r["problem"] == s.problem
        for r, s in zip(cleaned, suggestions, strict=True)
        if r["sector"] is not None and r["problem"] is not None
    ]
    return {
        "model_version": clf.version,
        "n": len(cleaned),
        "skipped": skipped,
        "sector_accuracy": reports["sector"]["accuracy"],
        "sector_macro_f1": reports["sector"]["macro_f1"],
        "problem_accuracy": reports["problem"]["accuracy"],
        "problem_macro_f1": reports["problem"]["macro_f1"],
        "both_accuracy": round(sum(both) / len(both), 4) if both else None,
        "sector": reports["sector"],
        "problem": reports["problem"],
    }


def compare_and_promote(
    candidate: ComplaintClassifier,
    live: ComplaintClassifier | None,
    heldout: Iterable[dict],
    *,
    tolerance: float = 0.0,
) -> tuple[bool, dict]:
    """Whether `candidate` may replace `live`: only if, on the held-out records, neither its
    sector accuracy nor its problem macro-F1 is lower than the live model's by more than
    `tolerance`. Without a live model the candidate is promoted; without held-out records it is
    not (nothing to judge by). The caller saves the promoted model."""
    heldout = list(heldout)
    cand = evaluate_classifier(candidate, heldout)
    summary = {
        "candidate": {k: cand[k] for k in _SUMMARY_KEYS},
        "live": None,
        "tolerance": tolerance,
    }
    if live is None:
        return True, dict(summary, reason="没有在用模型，候选模型直接启用")
    current = evaluate_classifier(live, heldout)
    summary["live"] = {k: current[k] for k in _SUMMARY_KEYS}
    if cand["n"] == 0 or cand["sector_accuracy"] is None or cand["problem_macro_f1"] is None:
        return False, dict(summary, reason="留出集没有可评分的记录，保留在用模型")
    worse = [
        name
        for key, name in (("sector_accuracy", "行业准确率"), ("problem_macro_f1", "问题类别宏F1"))
        if current[key] is not None and cand[key] < current[key] - tolerance
    ]
    if worse:
        return False, dict(summary, reason=f"候选模型{'、'.join(worse)}低于在用模型，保留在用模型")
    return True, dict(summary, reason="候选模型在留出集上不低于在用模型，予以启用")


_SUMMARY_KEYS = ("model_version", "n", "sector_accuracy", "problem_macro_f1", "both_accuracy")


# --- the default model --------------------------------------------------------------------

_default_lock = threading.Lock()
_default: ComplaintClassifier | None = None


def model_dir() -> Path:
    """FANGXIN_TEXTINTEL_DIR, else textintel/ under FANGXIN_VAR_DIR, else var/textintel in the
    repository."""
    if os.environ.get("FANGXIN_TEXTINTEL_DIR"):
        return Path(os.environ["FANGXIN_TEXTINTEL_DIR"])
    if os.environ.get("FANGXIN_VAR_DIR"):
        return Path(os.environ["FANGXIN_VAR_DIR"]) / "textintel"
    return Path(__file__).resolve().parents[2] / "var" / "textintel"


def read_records(path: str | os.PathLike) -> list[dict]:
    """The records of a JSON Lines file (blank lines skipped). Raises ValueError naming the
    first bad line."""
    records = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path} 第 {number} 行不是有效的 JSON（{e.msg}）") from e
            if not isinstance(record, dict):
                raise ValueError(f"{path} 第 {number} 行不是 JSON 对象")
            records.append(record)
    return records


def _train_default() -> ComplaintClassifier:
    directory = model_dir()
    corpus = TRAIN_PATH.read_bytes()
    key = hashlib.sha256(
        corpus
        + LEXICON_PATH.read_bytes()
        + USERDICT_PATH.read_bytes()
        + json.dumps(DEFAULT_PARAMS, sort_keys=True).encode()
        + f"format {FORMAT_VERSION}".encode()
    ).hexdigest()[:12]
    cached = directory / f"complaints-default-{key}.npz"
    if cached.exists():
        try:
            return ComplaintClassifier.load(cached)
        except ValueError:
            logger.warning("textintel: cached model %s unreadable, retraining", cached)
    clf = train(read_records(TRAIN_PATH))
    try:
        clf.save(cached)
    except OSError:
        logger.warning("textintel: could not cache the model in %s", directory, exc_info=True)
    return clf


def default_classifier() -> ComplaintClassifier:
    """The live model (promoted by training, `complaints.npz` in model_dir()), else the model
    trained from the repository's corpus (cached in model_dir()), else the lexicon alone.
    Loaded once per process; safe to call from several threads."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = _load_default()
    return _default


def _load_default() -> ComplaintClassifier:
    live = model_dir() / LIVE_MODEL_NAME
    if live.exists():
        try:
            return ComplaintClassifier.load(live)
        except ValueError:
            logger.warning("textintel: live model %s unreadable, using the default", live)
    if TRAIN_PATH.exists():
        return _train_default()
    logger.warning("textintel: no training corpus at %s, using the lexicon only", TRAIN_PATH)
    return ComplaintClassifier.lexicon_only()


def reset_default_classifier() -> None:
    """Forgets the loaded default (after a new model was promoted, and in tests)."""
    global _default
    with _default_lock:
        _default = None
