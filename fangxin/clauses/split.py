"""A document cut into clauses, each with its position in the original text.

Cuts fall at line breaks, table cells (tab or `|`, as a docx extractor writes them), sentence
ends (。！？； and their half-width forms) and before numbered items that start mid-line
(一、 1. (1) ① 第三条). Fragments too short to be a clause on their own (a bare "一、" or
"第三条") are attached to the clause that follows. One regex pass and one merge pass: linear in
the length of the text.
"""

import re
from dataclasses import asdict, dataclass

# A fragment with fewer meaningful characters than this is a heading or a marker.
MIN_CHARS = 4
# A clause longer than this (no punctuation for pages) is cut at a comma, else hard: the
# engine's keyword windows stay cheap and a finding still points somewhere precise.
MAX_CHARS = 600

_NUM = r"[0-9０-９]{1,3}"
_CN = "[一二三四五六七八九十百零〇两]{1,4}"
_MARKER = (
    rf"(?:第(?:{_CN}|{_NUM})[条款章节]|{_CN}[、．.]|{_NUM}[、．.](?![0-9０-９])"
    rf"|[（(](?:{_CN}|{_NUM})[)）]|[①-⑳⑴-⒇㈠-㈩])"
)
# Group 1: a cut after the match (break, cell, sentence end with closing quotes).
# Group 2: a cut before the match (a numbered item after a space or a colon).
_CUT = re.compile(
    r"(\r\n|[\n\r\t|｜\u2028\u2029\f\v]|[。！？；!?;]+[”’」』)）]*)"
    rf"|(?<=[ \u3000：:])({_MARKER})"
)
_MEANINGFUL = re.compile(r"[\w\u4e00-\u9fff]")
_MARKER_ONLY = re.compile(rf"^\s*{_MARKER}?\s*\S{{0,2}}\s*$")
_SOFT_CUT = re.compile(r"[，,、]")


@dataclass(frozen=True)
class Clause:
    """`text == document[start:end]`; positions count characters of the original text."""

    index: int
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return asdict(self)


def _raw_pieces(text: str):
    """(start, end) of the stretches between cuts, whitespace trimmed, empty ones dropped."""
    pos = 0
    for match in _CUT.finditer(text):
        end = match.end() if match.group(1) else match.start()
        yield pos, end
        pos = end
    yield pos, len(text)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _bounded(text: str, start: int, end: int):
    """Cut an over-long stretch, at the last comma before the limit where there is one."""
    while end - start > MAX_CHARS:
        limit = start + MAX_CHARS
        cut = None
        for match in _SOFT_CUT.finditer(text, limit - MAX_CHARS // 3, limit):
            cut = match.end()
        cut = cut or limit
        yield start, cut
        start = cut
    yield start, end


def _is_fragment(text: str, start: int, end: int) -> bool:
    piece = text[start:end]
    return len(_MEANINGFUL.findall(piece[: MIN_CHARS * 4])) < MIN_CHARS or bool(
        _MARKER_ONLY.match(piece)
    )


def split_document(text: str) -> list[Clause]:
    """The clauses of `text` in order. Every clause is `text[start:end]`; whitespace between
    clauses belongs to none. Non-text input gives no clauses."""
    if not isinstance(text, str) or not text:
        return []
    spans: list[list[int]] = []
    pending: int | None = None  # start of a fragment waiting for the next clause
    pending_end = 0
    for raw_start, raw_end in _raw_pieces(text):
        start, end = _trimmed(text, raw_start, raw_end)
        if start >= end:
            continue
        for start, end in _bounded(text, start, end):  # noqa: B020 - deliberate re-binding
            if _is_fragment(text, start, end):
                if pending is not None and end - pending > MAX_CHARS:
                    # A run of fragments (a column of short cells) is a clause of its own.
                    spans.append([pending, pending_end])
                    pending = None
                if pending is None:
                    pending = start
                pending_end = end
                continue
            spans.append([start if pending is None else pending, end])
            pending = None
    if pending is not None:
        # A trailing fragment ("（完）", a lone marker) joins the clause before it.
        last_end = _trimmed(text, pending, len(text))[1]
        if spans and last_end - spans[-1][0] <= MAX_CHARS:
            spans[-1][1] = last_end
        else:
            spans.append([pending, last_end])
    return [Clause(i, text[s:e], s, e) for i, (s, e) in enumerate(spans)]
