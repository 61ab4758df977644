"""Chinese word segmentation (rjieba).

Search: the index keeps every word and the shorter words inside it (健身房 → 健身, 健身房), so a
query for either finds the text. Search uses rjieba's default dictionary on purpose: stored
search texts were built with it, and a different dictionary would make old rows miss queries
until they are re-indexed.

Classification: `domain_tokens` cuts with a separate segmenter that also knows the domain words
in data/userdict.txt (预付卡, 私教课, 直播带货 …), added through rjieba's `add_word`. The
dictionary is read once per process, on first use."""

import re
import threading
import unicodedata
from pathlib import Path

import rjieba

_WORD = re.compile(r"\w", re.UNICODE)
_NON_WORD = re.compile(r"[\W_]+")
USERDICT_PATH = Path(__file__).resolve().parent / "data" / "userdict.txt"

_domain_lock = threading.Lock()
_domain_jieba: rjieba.Jieba | None = None


def _normal(text: str) -> str:
    # Full-width letters and digits (Ａ, １) become their ordinary forms, letters lower case.
    return unicodedata.normalize("NFKC", text or "").lower()


def index_tokens(text: str) -> list[str]:
    """The distinct words of `text` for an index, in first-seen order."""
    seen: dict[str, None] = {}
    for token in rjieba.cut_for_search(_normal(text)):
        token = token.strip()
        if token and _WORD.search(token):
            seen.setdefault(token, None)
    return list(seen)


def query_tokens(query: str) -> list[str]:
    """The words a query must all match (at most 10: longer queries are narrowed already)."""
    seen: dict[str, None] = {}
    for token in rjieba.cut(_normal(query)):
        token = token.strip()
        if token and _WORD.search(token):
            seen.setdefault(token, None)
    return list(seen)[:10]


def read_userdict(path: Path = USERDICT_PATH) -> list[tuple[str, int | None, str | None]]:
    """(word, frequency or None, part of speech or None) for each entry of a jieba-style
    dictionary file; comments (#) and blank lines are skipped."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        word = parts[0].lower()
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else None
        entries.append((word, freq, tag))
    return entries


def domain_segmenter() -> rjieba.Jieba:
    """The segmenter with the domain dictionary loaded (built once per process)."""
    global _domain_jieba
    if _domain_jieba is None:
        with _domain_lock:
            if _domain_jieba is None:
                jieba = rjieba.Jieba()
                for word, freq, tag in read_userdict():
                    jieba.add_word(word, freq, tag)
                _domain_jieba = jieba
    return _domain_jieba


def domain_tokens(text: str) -> list[str]:
    """The words of already normalised `text` (lower case expected), cut with the domain
    dictionary, punctuation and spaces dropped, in order and with repeats."""
    # Punctuation becomes spaces first: one cheap filter then drops all non-words.
    return [t for t in domain_segmenter().cut(_NON_WORD.sub(" ", text)) if not t.isspace()]
