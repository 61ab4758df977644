"""Features of complaint texts for the classifier, computed for a whole batch with numpy.

A text is normalised (normalize.py), cut to its opening and lower-cased. In its feature form
every character that is not a letter or digit reads as a space and every digit as 0 (amounts,
dates and order numbers look alike). Its terms are:
- character n-grams of 1–4 characters, each packed into one 64-bit integer (four UTF-16 units of
  16 bits), so that a batch's n-grams are formed and looked up with array arithmetic instead of
  one Python string per n-gram (the difference between ~1,500 and >5,000 texts a second);
- optionally (`use_words`), its words of two or more characters cut with the domain dictionary
  (segment.py). Off by default: on the corpora here they add nothing to the character n-grams
  (grouped cross-validation and dev set, within 0.005) and cost a quarter of the throughput.

The model's features are the 1–3-grams (and words) as TF-IDF. 4-grams only find lexicon cue
words: a cue word is found by itself if it has 2–4 characters, else by its first four; their
weights (data/lexicon.json) turn the counts into capped per-label scores."""

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain, repeat

import numpy as np
import scipy.sparse as sp

from fangxin.textintel.lexicon import SCORE_CAP, Lexicon
from fangxin.textintel.normalize import normalize
from fangxin.textintel.segment import domain_segmenter

# The opening of a complaint states the matter; features stop here to bound the cost.
FEATURE_CHARS = 1500
KEY_CHARS = 4
MAX_MODEL_ORDER = 3

_NON_WORD = re.compile(r"[\W_]+")
_SEPARATOR = 0  # the unit between texts of a batch; normalize() removes NUL from texts
_SPACE = 0x20
_ZERO = 0x30
# Fibonacci hashing of 64-bit codes into the lookup table.
_HASH_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


@functools.cache
def _unit_map() -> np.ndarray:
    """UTF-16 unit → its feature form: letters stay, digits read 0, anything else (punctuation,
    symbols, spaces, halves of characters outside the BMP) reads as a space; NUL stays NUL."""
    table = np.full(1 << 16, _SPACE, dtype=np.uint64)
    for unit in range(1 << 16):
        if 0xD800 <= unit <= 0xDFFF:
            continue
        ch = chr(unit)
        if ch.isdecimal():
            table[unit] = _ZERO
        elif ch.isalnum():
            table[unit] = unit
    table[_SEPARATOR] = _SEPARATOR
    return table


def prepare(text: object) -> str:
    return normalize(text)[:FEATURE_CHARS].lower()


def feature_form(text: str) -> str:
    """`text` as the n-grams see it (see _unit_map)."""
    units = np.frombuffer(text.encode("utf-16-le"), dtype=np.uint16)
    mapped = _unit_map()[units].astype(np.uint16)
    return mapped.tobytes().decode("utf-16-le", errors="replace")


def batch_words(prepared: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """(tokens, text index of each token) of prepared texts, cut in one call of the segmenter
    (without HMM new-word guessing: unknown words are left to the character n-grams). Tokens
    include spaces and single characters; they match no model word."""
    segmenter = domain_segmenter()
    texts = [_NON_WORD.sub(" ", t).strip() for t in prepared]
    tokens = segmenter.cut("\n".join(texts), False)
    breaks = np.fromiter(map("\n".__eq__, tokens), dtype=bool, count=len(tokens))
    if int(breaks.sum()) != max(len(texts) - 1, 0):  # never seen; cut text by text instead
        per_text = [segmenter.cut(t, False) for t in texts]
        tokens = list(chain.from_iterable(per_text))
        owners = np.repeat(np.arange(len(texts)), np.fromiter(map(len, per_text), np.int64))
        return tokens, owners
    return tokens, np.cumsum(breaks)


def gram_code(gram: str) -> int:
    """The 64-bit code of an n-gram of at most four BMP characters."""
    code = 0
    for ch in gram:
        code = (code << 16) | ord(ch)
    return code


def gram_text(code: int) -> str:
    """The n-gram a code stands for (for inspecting a model)."""
    chars = []
    while code:
        chars.append(chr(code & 0xFFFF))
        code >>= 16
    return "".join(reversed(chars))


def gram_codes(texts: Sequence[str], max_order: int = KEY_CHARS) -> tuple[np.ndarray, np.ndarray]:
    """(codes, text index) of every n-gram of order 1..max_order of the texts' feature forms.
    N-grams never span two texts; unigrams skip spaces. Codes of different orders never
    collide: no unit is 0, so an n-gram's code lies in [2^(16(n-1)), 2^(16n))."""
    if not texts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    joined = "\x00".join(texts) + "\x00"
    raw = np.frombuffer(joined.encode("utf-16-le", errors="replace"), dtype=np.uint16)
    units = _unit_map()[raw]
    # The text a unit belongs to: how many separators come before it.
    separator = units == _SEPARATOR
    owner = np.cumsum(separator) - separator
    valid = ~separator & (units != _SPACE)
    codes, owners = [units[valid]], [owner[valid]]
    code, ok = units, ~separator
    for order in range(2, max_order + 1):
        tail = units[order - 1 :]
        code = (code[:-1] << np.uint64(16)) | tail
        ok = ok[:-1] & (tail != _SEPARATOR)
        codes.append(code[ok])
        owners.append(owner[: len(code)][ok])
    return np.concatenate(codes), np.concatenate(owners)


class CodeTable:
    """A read-only hash table from 64-bit codes to ids, looked up for whole arrays at once
    (open addressing with linear probing, at most a quarter full)."""

    def __init__(self, codes: np.ndarray, ids: np.ndarray):
        bits = max(10, math.ceil(math.log2(4 * len(codes) + 1)))
        self.mask = np.uint64((1 << bits) - 1)
        self.shift = np.uint64(64 - bits)
        self.keys = np.zeros(1 << bits, dtype=np.uint64)  # 0 marks an empty slot
        self.values = np.full(1 << bits, -1, dtype=np.int64)
        # Single characters (codes below 2^16) are looked up directly.
        self.direct = np.full(1 << 16, -1, dtype=np.int64)
        codes = np.asarray(codes, dtype=np.uint64)
        ids = np.asarray(ids, dtype=np.int64)
        small = codes < (1 << 16)
        self.direct[codes[small].astype(np.int64)] = ids[small]
        codes, ids = codes[~small], ids[~small]
        slots = self._slots(codes).tolist()
        keys, values, mask = self.keys, self.values, int(self.mask)
        for code, value, slot in zip(codes.tolist(), ids.tolist(), slots, strict=True):
            while keys[slot] != 0 and keys[slot] != code:
                slot = (slot + 1) & mask
            keys[slot] = code
            values[slot] = value

    def _slots(self, codes: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            return (codes * _HASH_MULTIPLIER) >> self.shift

    def lookup(self, codes: np.ndarray) -> np.ndarray:
        """The id of each code, -1 where absent."""
        result = np.full(len(codes), -1, dtype=np.int64)
        small = codes < (1 << 16)
        result[small] = self.direct[codes[small].astype(np.int64)]
        pending = np.flatnonzero(~small)
        codes = codes[pending]
        slots = self._slots(codes)
        while len(pending):
            keys = self.keys[slots]
            hit = keys == codes
            result[pending[hit]] = self.values[slots[hit]]
            again = ~hit & (keys != 0)
            pending, codes = pending[again], codes[again]
            slots = (slots[again] + np.uint64(1)) & self.mask
        return result


def lexicon_key(word: str) -> str | None:
    """The n-gram that finds a cue word: the word itself (2–4 characters) or its first four
    characters. None for words that would match noise (digits only, punctuation inside)."""
    key = feature_form(word.lower())[:KEY_CHARS]
    if " " in key or len(key) < 2 or not key.strip("0") or any(ord(c) > 0xFFFF for c in key):
        return None
    return key


class Vectorizer:
    """Model terms (1–3-gram codes, then words) with their idf, plus the lexicon's cue keys.
    Column order of the count matrix: n-grams, words, lexicon-only keys."""

    CHUNK = 1024

    def __init__(self, grams: np.ndarray, words: Sequence[str], idf: np.ndarray, lexicon: Lexicon):
        self.grams = np.asarray(grams, dtype=np.uint64)
        self.words = list(words)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.n_terms = len(self.grams) + len(self.words)
        if len(self.idf) != self.n_terms:
            raise ValueError("idf does not match the terms")
        self.word_ids = {w: len(self.grams) + i for i, w in enumerate(self.words)}
        self.labels = len(lexicon.sectors) + len(lexicon.problems)
        self.n_sectors = len(lexicon.sectors)

        gram_ids = dict(zip(self.grams.tolist(), range(len(self.grams)), strict=True))
        extra: dict[int, int] = {}
        weights: dict[tuple[int, int], float] = {}
        for word, task, label, weight in lexicon.entries():
            key = lexicon_key(word)
            if key is None:
                continue
            code = gram_code(key)
            row = gram_ids.get(code)
            if row is None:
                row = extra.setdefault(code, self.n_terms + len(extra))
            column = label if task == "sector" else self.n_sectors + label
            # Words sharing a key (七天无理由, 七天无理由退货) count once, at the higher weight.
            weights[(row, column)] = max(weights.get((row, column), 0.0), weight)
        self.n_columns = self.n_terms + len(extra)
        self.table = CodeTable(
            np.concatenate([self.grams, np.fromiter(extra, dtype=np.uint64, count=len(extra))]),
            np.concatenate(
                [np.arange(len(self.grams)), np.fromiter(extra.values(), np.int64, len(extra))]
            ),
        )
        cells = list(weights)
        self.cue_weights = sp.csr_matrix(
            (list(weights.values()), ([r for r, _ in cells], [c for _, c in cells])),
            shape=(self.n_columns, self.labels),
        )

    @classmethod
    def fit(
        cls, prepared: Sequence[str], min_df: int, lexicon: Lexicon, *, use_words: bool = False
    ) -> "Vectorizer":
        """Terms seen in at least `min_df` texts, with smoothed idf (ln((1+n)/(1+df)) + 1)."""
        codes, owners = gram_codes(prepared, MAX_MODEL_ORDER)
        gram_list, index = np.unique(codes, return_inverse=True)
        seen = sp.coo_matrix(
            (np.ones(len(index)), (owners, index)), shape=(len(prepared), len(gram_list))
        ).tocsr()
        gram_df = np.bincount(seen.indices, minlength=len(gram_list))
        keep = gram_df >= min_df
        word_df: Counter[str] = Counter()
        if use_words:
            tokens, token_owners = batch_words(prepared)
            seen_words = {(o, w) for o, w in zip(token_owners.tolist(), tokens, strict=True)}
            word_df.update(w for _, w in seen_words if len(w) > 1 and not w.isspace())
        words = sorted(w for w, c in word_df.items() if c >= min_df)
        df = np.concatenate([gram_df[keep], [word_df[w] for w in words]]).astype(np.float64)
        idf = np.log((1 + len(prepared)) / (1 + df)) + 1.0
        return cls(gram_list[keep], words, idf, lexicon)

    def counts(self, prepared: Sequence[str]) -> sp.csr_matrix:
        """Term counts, one row per prepared text, over all columns."""
        codes, owners = gram_codes(prepared)
        rows_all, cols_all = owners, self.table.lookup(codes)
        if self.words:
            tokens, word_owners = batch_words(prepared)
            word_ids = np.fromiter(
                map(self.word_ids.get, tokens, repeat(-1)), np.int64, len(tokens)
            )
            rows_all = np.concatenate([rows_all, word_owners])
            cols_all = np.concatenate([cols_all, word_ids])
        known = cols_all >= 0
        rows_all, cols_all = rows_all[known], cols_all[known]
        # COO → CSR adds up repeated (row, column) pairs: the counts.
        return sp.coo_matrix(
            (np.ones(len(rows_all)), (rows_all, cols_all)),
            shape=(len(prepared), self.n_columns),
        ).tocsr()

    def tfidf(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Sub-linear TF-IDF over the model terms, rows of unit length (as scikit-learn's
        TfidfVectorizer with sublinear_tf)."""
        matrix = counts[:, : self.n_terms].tocsr()
        matrix.data = (1.0 + np.log(matrix.data)) * self.idf[matrix.indices]
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)

    def one(self, prepared: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The same features for one text without building sparse matrices (on intake a filing
        is classified alone, and scipy's set-up cost more than the arithmetic): (term columns,
        their sub-linear TF-IDF values of unit length, capped lexicon scores of all labels)."""
        codes, _ = gram_codes([prepared])
        columns = self.table.lookup(codes)
        if self.words:
            tokens, _ = batch_words([prepared])
            columns = np.concatenate(
                [columns, np.fromiter(map(self.word_ids.get, tokens, repeat(-1)), np.int64)]
            )
        present, counts = np.unique(columns[columns >= 0], return_counts=True)
        terms = present < self.n_terms
        term_columns = present[terms]
        values = (1.0 + np.log(counts[terms])) * self.idf[term_columns]
        norm = float(np.sqrt(values @ values)) or 1.0
        # Each cue word counts once: gather the cue-weight rows of the present columns.
        weights = self.cue_weights
        starts = weights.indptr[present]
        lengths = weights.indptr[present + 1] - starts
        cells = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(lengths.sum())
        cues = np.bincount(
            weights.indices[cells], weights=weights.data[cells], minlength=self.labels
        )
        return term_columns, values / norm, np.minimum(cues, SCORE_CAP)

    def cue_scores(self, counts: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
        """Capped lexicon scores (per sector, per problem type): each cue word counts once."""
        present = counts.copy()
        present.data[:] = 1.0
        scores = np.minimum((present @ self.cue_weights).toarray(), SCORE_CAP)
        return scores[:, : self.n_sectors], scores[:, self.n_sectors :]
