"""The format-clause review: a document in, findings with legal basis and fair wording out.

The rules (ruleset.py) run on a normal form of each clause — NFKC (full-width to half-width),
traditional to simplified, whitespace and control characters removed — that keeps, for every
normalised character, the index of the original character it came from. A finding's span is
therefore a span of the text the user gave, whatever script or width it was written in.

Context is handled in the data: a rule's `exceptions` (and the library's common exceptions,
such as "法律法规另有规定的，从其规定") defuse a match anywhere in the clause or in a
continuation that follows it ("……概不退款；但因本店原因停业的除外。").

`review` never raises on its input: None, bytes, binary junk, emoji or a megabyte of text give a
Review (possibly empty). Cost is linear in the length of the text.
"""

import bisect
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from fangxin.clauses.ruleset import Pattern, Rule, RuleSet, default_rules
from fangxin.clauses.split import Clause, split_document
from fangxin.textintel.normalize import to_simplified

# About 200 pages; the rest of a longer text is not reviewed and the review says so.
MAX_CHARS = 200_000
# Weight of one finding in the document score, by severity (see `document_score`).
SEVERITY_WEIGHTS = {"high": 0.30, "medium": 0.15, "low": 0.06}
SEVERITY_LABELS = {"high": "高", "medium": "中", "low": "低"}

# Controls, zero-width and direction marks, BOM, private use, surrogates, the replacement
# character of undecodable bytes: none of them carries meaning for a rule.
_JUNK = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufff0-\uffff\ue000-\uf8ff\ud800-\udfff]"
)
# A clause that continues the previous one: its exceptions belong to the previous clause.
_CONTINUATION = re.compile(r"^(?:[0-9一二三四五六七八九十()、.]{0,4})(?:但|除外|除非|法律|依法)")
_CN_NUM = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}


@dataclass(frozen=True)
class Mapped:
    """A normalised text and, for each of its characters, the original index."""

    text: str
    origin: list[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the normalised [start, end) (end > start)."""
        return self.origin[start], self.origin[end - 1] + 1


_char_cache: dict[str, str] = {}


def _normal_char(char: str) -> str:
    """NFKC of one character, junk and whitespace removed (cached: texts reuse few chars)."""
    out = _char_cache.get(char)
    if out is None:
        if _JUNK.match(char) or char.isspace():
            out = ""
        else:
            out = unicodedata.normalize("NFKC", char)
            out = "".join(c for c in out if not c.isspace() and not _JUNK.match(c))
        if len(_char_cache) < 50_000:
            _char_cache[char] = out
    return out


def normalize_mapped(text: str) -> Mapped:
    """NFKC + traditional→simplified + no whitespace, keeping the origin of each character."""
    chars: list[str] = []
    origin: list[int] = []
    if text.isascii():
        for i, char in enumerate(text):
            if char.isprintable() and not char.isspace():
                chars.append(char)
                origin.append(i)
        return Mapped("".join(chars), origin)
    for i, char in enumerate(text):
        if "\u4e00" <= char <= "\u9fff" or ("!" <= char <= "~"):  # already normal: the bulk
            chars.append(char)
            origin.append(i)
            continue
        for out in _normal_char(char):
            chars.append(out)
            origin.append(i)
    plain = "".join(chars)
    simplified = to_simplified(plain)
    if len(simplified) != len(plain):
        # A t2s phrase changed length (rare): convert character by character instead.
        simplified = "".join(s if len(s := to_simplified(c)) == 1 else c for c in plain)
    return Mapped(simplified, origin)


def _number(value: str) -> float | None:
    """30 / 30.5 / 三十 / 二十五 / 百分之三十's 三十 → a number; None if unreadable."""
    try:
        return float(value)
    except ValueError:
        pass
    total, current = 0, 0
    for char in value:
        if char in _CN_NUM:
            current = _CN_NUM[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return float(total + current) if value else None


def _number_ok(value: str, tests: tuple[tuple[str, float], ...]) -> bool:
    n = _number(value)
    if n is None:
        return False
    checks = {"gt": n.__gt__, "ge": n.__ge__, "lt": n.__lt__, "le": n.__le__}
    return all(checks[key](bound) for key, bound in tests)


def _match_groups(pattern: Pattern, text: str) -> tuple[int, int] | None:
    """The tightest span holding one keyword of every group, if within the window."""
    hits = []
    for group in pattern.groups:
        found = [(m.start(), m.end()) for m in group.finditer(text)]
        if not found:
            return None
        hits.append(found)
    best = None
    # The tightest window starts at some keyword; from it, take for every other group the
    # first keyword at or after it (or after the previous group's keyword, if ordered).
    starts = [[s for s, _ in found] for found in hits]
    for first_start, first_end in hits[0] if pattern.ordered else sorted(sum(hits, [])):
        lo, hi, cursor = first_start, first_end, first_end if pattern.ordered else first_start
        ok = True
        for k, found in enumerate(hits):
            if pattern.ordered and k == 0:
                continue
            j = bisect.bisect_left(starts[k], cursor)
            if j == len(found):
                ok = False
                break
            s, e = found[j]
            hi = max(hi, e)
            if pattern.ordered:
                cursor = e
        if ok and hi - lo <= pattern.window and (best is None or hi - lo < best[1] - best[0]):
            best = (lo, hi)
    return best


def match_pattern(pattern: Pattern, text: str) -> tuple[int, int] | None:
    """The span in `text` (normalised) where `pattern` matches, or None."""
    if pattern.regex is None:
        return _match_groups(pattern, text)
    for match in pattern.regex.finditer(text):
        if match.end() == match.start():
            continue
        if pattern.number_tests and not _number_ok(match.group("n") or "", pattern.number_tests):
            continue
        return match.span()
    return None


def _any_match(patterns: tuple[Pattern, ...], text: str) -> bool:
    return any(match_pattern(p, text) for p in patterns)


@dataclass(frozen=True)
class Finding:
    rule_id: str
    title: str
    basis: str
    basis_text: str
    severity: str
    clause_index: int
    start: int
    end: int
    matched: str
    explanation: str
    rewording: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Review:
    clauses: list[Clause] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    score: int = 100
    ruleset_version: str = ""
    truncated: bool = False
    n_chars: int = 0

    @property
    def flagged(self) -> bool:
        return bool(self.findings)

    def findings_for(self, clause_index: int) -> list[Finding]:
        return [f for f in self.findings if f.clause_index == clause_index]

    def to_dict(self) -> dict:
        """Plain JSON types only; findings are listed once, flat, with their clause index."""
        return {
            "ruleset_version": self.ruleset_version,
            "score": self.score,
            "n_chars": self.n_chars,
            "truncated": self.truncated,
            "n_clauses": len(self.clauses),
            "n_findings": len(self.findings),
            "clauses": [c.to_dict() for c in self.clauses],
            "findings": [f.to_dict() for f in self.findings],
        }


def document_score(findings: list[Finding]) -> int:
    """0–100, 100 when nothing was found. Each finding keeps a share of the score:
    score = round(100 × Π (1 − w)), w = 0.30 (high), 0.15 (medium), 0.06 (low). One high
    finding gives 70, two give 49, one medium 85; the score falls with every finding but never
    below 0, and many low findings weigh like a few serious ones."""
    remaining = 1.0
    for finding in findings:
        remaining *= 1.0 - SEVERITY_WEIGHTS.get(finding.severity, 0.15)
    return round(100 * remaining)


def _as_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value[: MAX_CHARS * 4]).decode("utf-8", errors="replace")
    return ""


def _rule_match(rule: Rule, text: str) -> tuple[int, int] | None:
    for pattern in rule.patterns:
        span = match_pattern(pattern, text)
        if span:
            return span
    return None


def review_clause_text(text: str, rules: RuleSet, context: str = "") -> list[tuple[Rule, tuple]]:
    """(rule, normalised span) for every rule that fires on the normalised `text`; `context`
    (a continuation such as "但……除外") is searched for exceptions only."""
    out = []
    scope = text + "。" + context if context else text
    common_hit: bool | None = None
    for rule in rules.rules:
        span = _rule_match(rule, text)
        if not span:
            continue
        if _any_match(rule.exceptions, scope):
            continue
        if rule.common_exceptions:
            if common_hit is None:
                common_hit = _any_match(rules.common_exceptions, scope)
            if common_hit:
                continue
        out.append((rule, span))
    return out


def review(text: object, rules: RuleSet | None = None) -> Review:
    """Review a document (a contract, a notice, one clause). See `Review.to_dict` for the
    shape; spans are offsets into `text` as given (decoded, if bytes were passed)."""
    rules = rules or default_rules()
    text = _as_text(text)
    truncated = len(text) > MAX_CHARS
    text = text[:MAX_CHARS]
    clauses = split_document(text)
    mapped = normalize_mapped(text)
    # Normalised bounds of each clause: origin is increasing, so a bisection finds them.
    bounds = [
        (bisect.bisect_left(mapped.origin, c.start), bisect.bisect_left(mapped.origin, c.end))
        for c in clauses
    ]
    findings: list[Finding] = []
    for k, clause in enumerate(clauses):
        lo, hi = bounds[k]
        norm = mapped.text[lo:hi]
        if not norm:
            continue
        context = ""
        if k + 1 < len(clauses):
            nxt = mapped.text[bounds[k + 1][0] : bounds[k + 1][1]]
            if _CONTINUATION.match(nxt):
                context = nxt
        for rule, (s, e) in review_clause_text(norm, rules, context):
            start, end = mapped.span(lo + s, lo + e)
            findings.append(
                Finding(
                    rule_id=rule.id,
                    title=rule.title,
                    basis=rule.basis.citation(),
                    basis_text=rule.basis.text,
                    severity=rule.severity,
                    clause_index=clause.index,
                    start=start,
                    end=end,
                    matched=text[start:end],
                    explanation=rule.description,
                    rewording=rule.rewording,
                )
            )
    return Review(
        clauses=clauses,
        findings=findings,
        score=document_score(findings),
        ruleset_version=rules.version,
        truncated=truncated,
        n_chars=len(text),
    )
