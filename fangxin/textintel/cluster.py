"""Repeated filings and mass complaints (群体性投诉).

Two questions on a batch of complaints:
- `near_duplicates`: the same person filing the same matter against the same merchant again
  (similar text within a window) — one matter, not two.
- `clusters`: many people complaining about the same merchant or event (a gym that closed, a
  prepaid card that stopped working) within a window — handled as one matter, and a candidate
  for a collective or public-interest suit when large.

Complaints are first blocked by a key (the registered merchant, else the respondent's name
reduced to its distinctive part), then compared inside the block by cosine similarity of their
content words (rjieba with the domain dictionary), so the cost grows with the block sizes,
not with the square of the whole batch. Pure Python (scikit-learn, NumPy, SciPy); no Django."""

import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from fangxin.textintel.normalize import normalize
from fangxin.textintel.segment import domain_tokens

# Only the opening of a complaint is compared: the matter is stated there, and long texts would
# otherwise dominate the cost.
COMPARE_CHARS = 400
# Words that say nothing about which matter a cluster is (for its keywords).
_STOP_WORDS = (
    "我 我们 你 他 她 的 了 是 在 有 和 就 不 也 都 还 要 说 没有 "
    "没 一个 这个 那个 什么 因为 所以 但是 可是 然后 现在 已经 一直 "
    "要求 投诉 商家 老板 店家 消费者 本人 情况 问题 希望 请求 处理 解决 "
    "退款 元 年 月 日 号 天 时候 之后 以后 多次 联系 电话 今天 昨天 "
    "购买 退货 当时 进行 他们 退还 "
)
STOP_WORDS = frozenset(_STOP_WORDS.split())
_SUFFIXES = re.compile(
    r"(有限责任公司|股份有限公司|有限公司|分公司|公司|门店|店|馆|中心|俱乐部|工作室|商行|超市)$"
)
_PLACE_PREFIX = re.compile(r"^(山西省)?(吕梁市)?(兴县)?")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Doc:
    """One complaint as the clusterer sees it. `key` blocks comparison (see `block_key`);
    `person` identifies the filer for repeated filings (a hash of the phone, never the phone)."""

    id: int
    text: str
    key: str
    day: datetime.date
    person: str = ""


@dataclass
class Cluster:
    key: str
    ids: list[int]
    first_day: datetime.date
    last_day: datetime.date
    keywords: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.ids)


def block_key(merchant_id: int | None, respondent_name: str) -> str:
    """The registered merchant when known; otherwise the respondent's name without place
    prefix, company suffix and punctuation (兴县强身健身俱乐部 ~ 强身健身)."""
    if merchant_id:
        return f"m:{merchant_id}"
    name = _NOT_WORD.sub("", normalize(respondent_name or "")).lower()
    name = _PLACE_PREFIX.sub("", name)
    name = _SUFFIXES.sub("", name) or name
    return f"n:{name}" if name else ""


def _terms(text: str) -> list[str]:
    """Content words, and the two-character pieces of longer words (健身房 → 健身, 身房), so
    that 健身房 and 健身 still meet."""
    terms = []
    for word in domain_tokens(normalize(text)[:COMPARE_CHARS]):
        if len(word) < 2 or word in STOP_WORDS or word.isdigit() or not _NOT_WORD.sub("", word):
            continue
        terms.append(word)
        if len(word) >= 3:
            terms.extend(word[i : i + 2] for i in range(len(word) - 1))
    return terms


def _vectors(texts: Sequence[str]):
    # No inverse document frequency: inside a block the shared words (关门, 年卡) are the point,
    # and a small batch would make them look common and weigh them down.
    vectorizer = TfidfVectorizer(
        analyzer=_terms, use_idf=False, sublinear_tf=True, dtype=np.float32
    )
    return vectorizer.fit_transform(texts)


def _blocks(docs: Sequence[Doc]) -> dict[str, list[int]]:
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, doc in enumerate(docs):
        if doc.key:
            blocks[doc.key].append(index)
    return blocks


def _windowed_pairs(indexes, docs, sims, threshold, window):
    """Pairs (i, j) inside one block, similar enough and close enough in time."""
    days = np.array([docs[i].day.toordinal() for i in indexes])
    close = np.abs(days[:, None] - days[None, :]) <= window
    rows, cols = np.nonzero((sims >= threshold) & close)
    for a, b in zip(rows.tolist(), cols.tolist(), strict=True):
        if a < b:
            yield a, b


def near_duplicates(
    docs: Sequence[Doc], *, threshold: float = 0.75, window_days: int = 30
) -> list[tuple[int, int, float]]:
    """(earlier id, later id, similarity) for filings by the same person against the same key
    with similar text within the window."""
    if not docs:
        return []
    matrix = _vectors([d.text for d in docs])
    found = []
    for indexes in _blocks(docs).values():
        by_person: dict[str, list[int]] = defaultdict(list)
        for i in indexes:
            if docs[i].person:
                by_person[docs[i].person].append(i)
        for group in by_person.values():
            if len(group) < 2:
                continue
            sims = (matrix[group] @ matrix[group].T).toarray()
            for a, b in _windowed_pairs(group, docs, sims, threshold, window_days):
                first, second = sorted((docs[group[a]], docs[group[b]]), key=lambda d: d.day)
                found.append((first.id, second.id, round(float(sims[a, b]), 3)))
    return found


def clusters(
    docs: Sequence[Doc],
    *,
    threshold: float = 0.1,
    window_days: int = 30,
    min_size: int = 3,
    max_block: int = 4000,
) -> list[Cluster]:
    """Groups of at least `min_size` complaints with the same key, linked by similar text within
    the window (single linkage: a chain of similar complaints is one matter). Blocks larger
    than `max_block` are compared in time-ordered slices of that size, so one merchant with
    many complaints costs at most max_block² per slice. Largest first."""
    if not docs:
        return []
    matrix = _vectors([d.text for d in docs])
    result: list[Cluster] = []
    for key, indexes in _blocks(docs).items():
        if len(indexes) < min_size:
            continue
        indexes.sort(key=lambda i: docs[i].day)
        for start in range(0, len(indexes), max_block):
            part = indexes[start : start + max_block]
            sims = (matrix[part] @ matrix[part].T).toarray()
            pairs = list(_windowed_pairs(part, docs, sims, threshold, window_days))
            if not pairs:
                continue
            rows, cols = zip(*pairs, strict=True)
            from scipy.sparse import coo_matrix

            graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(part), len(part)))
            count, labels = connected_components(graph, directed=False)
            members: dict[int, list[int]] = defaultdict(list)
            for position, label in enumerate(labels.tolist()):
                members[label].append(part[position])
            for group in members.values():
                if len(group) >= min_size:
                    days = [docs[i].day for i in group]
                    result.append(
                        Cluster(
                            key=key,
                            ids=[docs[i].id for i in group],
                            first_day=min(days),
                            last_day=max(days),
                            keywords=keywords([docs[i].text for i in group]),
                        )
                    )
    result.sort(key=lambda c: (-c.size, c.first_day))
    return result


def keywords(texts: Iterable[str], limit: int = 5) -> list[str]:
    """The words most of the texts share (a cluster's label), most shared first."""
    counts: Counter[str] = Counter()
    for text in texts:
        words = {w for w in domain_tokens(normalize(text)[:COMPARE_CHARS]) if len(w) >= 2}
        counts.update(w for w in words if w not in STOP_WORDS and not w.isdigit())
    return [word for word, _ in counts.most_common(limit)]
