"""Chinese word segmentation (rjieba) for search: the index keeps every word and the shorter
words inside it (健身房 → 健身, 健身房), so a query for either finds the text."""

import re
import unicodedata

import rjieba

_WORD = re.compile(r"\w", re.UNICODE)


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
