"""One normal form for complaint texts before classification.

`normalize` never raises: anything (None, bytes, numbers, binary junk, a megabyte of text)
becomes a string, possibly empty. Its cost is bounded: the input is cut before the expensive
steps, and the traditional→simplified conversion runs only on texts that contain a
traditional character."""

import re
import threading
import unicodedata
from pathlib import Path

import opencc

# Complaints longer than this are rare and their opening states the matter; the rest is cut.
MAX_CHARS = 5000
# Raw input kept before normalising (NFKC can only shorten or slightly lengthen a text, and
# control characters and spaces are removed after this cut).
_RAW_CHARS = 4 * MAX_CHARS

# C0/C1 controls (tab, newline and carriage return become spaces below), zero-width and
# direction marks, BOM, lone surrogates, private use, noncharacters, the replacement
# character left by decoding binary data with errors="replace".
_JUNK = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufff0-\uffff\ue000-\uf8ff\ud800-\udfff]+"
)
_SPACE = re.compile(r"\s+")
# The full-width punctuation of nearly every Chinese text, replaced before the NFKC quick check
# so that most texts skip the (slow) full normalisation; NFKC maps each of them the same way.
_COMMON_FULL_WIDTH = ("，,", "！!", "？?", "：:", "；;", "（(", "）)", "％%", "\u3000 ")

_tables_lock = threading.Lock()
_tables: tuple[frozenset[str], dict[int, str], re.Pattern, frozenset[str]] | None = None


def _t2s_tables() -> tuple[frozenset[str], dict[int, str], re.Pattern, frozenset[str]]:
    """OpenCC's t2s dictionaries: the characters it changes, the character table (first
    candidate, as OpenCC), a pattern of its phrases (longest first) and their first
    characters."""
    global _tables
    if _tables is None:
        with _tables_lock:
            if _tables is None:
                folder = Path(opencc.__file__).resolve().parent / "dictionary"
                chars: dict[int, str] = {}
                for line in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
                    key, _, values = line.partition("\t")
                    if len(key) == 1 and values and values.split()[0] != key:
                        chars[ord(key)] = values.split()[0]
                phrases: dict[str, str] = {}
                for line in (folder / "TSPhrases.txt").read_text(encoding="utf-8").splitlines():
                    key, _, values = line.partition("\t")
                    if key and values:
                        phrases[key] = values.split()[0]
                _PHRASES.update(phrases)
                pattern = re.compile(
                    "(" + "|".join(map(re.escape, sorted(phrases, key=len, reverse=True))) + ")"
                )
                starts = frozenset(phrase[0] for phrase in phrases)
                _tables = (frozenset(map(chr, chars)), chars, pattern, starts)
    return _tables


_PHRASES: dict[str, str] = {}


# The few characters of GB 2312 that OpenCC's t2s table still converts (後, 於, 乾 …).
_GB2312_CONVERTED = re.compile("[乾吒夥後徵捱摺於榘甯菸薹醣麴麽]")


def _has_traditional(text: str) -> bool:
    try:
        # GB 2312 holds (nearly) only simplified characters: most texts are settled by this
        # C-speed test.
        text.encode("gb2312")
    except UnicodeEncodeError:
        return not _t2s_tables()[0].isdisjoint(text)
    return _GB2312_CONVERTED.search(text) is not None


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese with OpenCC's t2s dictionaries: its phrases first
    (longest match), then its character table, as OpenCC's t2s configuration does. The
    pure-Python OpenCC converter costs about 3 µs a character; this costs a few µs a text."""
    if not _has_traditional(text):
        return text
    _, chars, phrases, starts = _t2s_tables()
    if starts.isdisjoint(text):
        return text.translate(chars)
    parts = phrases.split(text)
    # split() with one group: even items are plain text, odd items matched phrases.
    return "".join(
        _PHRASES[part] if i % 2 else part.translate(chars) for i, part in enumerate(parts)
    )


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value[: _RAW_CHARS * 4]).decode("utf-8", errors="replace")
    return str(value)


def normalize(text: object, *, max_chars: int = MAX_CHARS) -> str:
    """NFKC (full-width letters, digits and punctuation to their ordinary forms), control and
    binary junk removed, runs of whitespace as one space, at most `max_chars` characters,
    traditional characters as simplified. Case is kept."""
    text = _as_text(text)[:_RAW_CHARS]
    text = _JUNK.sub("", text)  # before NFKC, which refuses nothing but keeps surrogates
    for full, ascii_form in _COMMON_FULL_WIDTH:
        text = text.replace(full, ascii_form)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
        text = _JUNK.sub("", text)  # NFKC can turn some compatibility characters into controls
    text = _SPACE.sub(" ", text).strip()
    text = text[:max_chars].rstrip()
    return to_simplified(text)
