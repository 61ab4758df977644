"""The format-clause review: a document in, findings with legal basis and fair wording out.

The rules (ruleset.py) run on a normal form of each clause — NFKC (full-width to half-width),
traditional to simplified, whitespace and control characters removed — that keeps, for every
normalised character, the index of the original character it came from. A finding's span is
therefore a span of the text the user gave, whatever script or width it was written in.

Context is handled in the data: a rule's `exceptions` (and the library's common exceptions,
such as "法律法规另有规定的，从其规定") defuse a match anywhere in the clause or in a
continuation that follows it ("……概不退款；但因本店原因停业的除外。").

A clause on which no rule fires is shown to a linear character n-gram model (model.py). When the
model is confident the clause is unfair, and the exceptions of the rule it names (and the common
exceptions) do not defuse the clause, the review reports a finding under that rule, with the rule's
legal basis, description and fair wording; the explanation says the finding came from the model.

`review` never raises on its input: None, bytes, binary junk, emoji or a megabyte of text give a
Review (possibly empty). Cost is linear in the length of the text.
"""

import bisect
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from fangxin.clauses.model import ClauseModel, default_model
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
# "……自动续费；扣费前5日短信提醒您" also continues it: the reminder belongs to the renewal.
_CONTINUATION = re.compile(
    r"^(?:[0-9一二三四五六七八九十()、.]{0,4})"
    r"(?:但|除外|除非|法律|依法|(?:扣费|扣款|续费|续订|续期|划扣)前)"
)
_CN_NUM = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}
# Appended to the rule's description when the finding comes from the model, not a pattern.
MODEL_NOTE = "（本条未命中规则的固定表述，由统计模型按语义识别为与本规则相似，建议人工复核。）"
# The model reads clauses of ordinary length; a bare heading or a page-long cell is left alone.
MODEL_MIN_CHARS = 8
MODEL_MAX_CHARS = 300
_MERCHANT = (
    "本店|本公司|本馆|本院|本机构|本平台|本中心|本俱乐部|本会所|本酒店|本餐厅|本商场|本社|本校|本园|"
    "本景区|本网站|本站|本超市|我方|我司|我公司|我店|我馆|我院|我们|店方|店家|商家|商户|经营者|卖方|"
    "出卖人|销售者|销售方|经销商|主办方|运营方|服务方|旅行社|装修公司|培训机构|学校|公司|平台|酒店|"
    "景区|门店|机构|乙方|物业公司|物业|医院|驾校|工作人员|员工"
)
# A clause that binds the merchant ("本院不得要求……", "旅行社不得擅自改变行程") or grants the
# consumer a right is not what the model should report: its bag of words cannot see who is bound.
_MODEL_FAIR = re.compile(
    rf"(?:{_MERCHANT})(?:均|也|绝|决)?(?:不得|不会|不能|无权|不应|不可|承诺不|保证不|不予以?收取)"
    r"|(?:消费者|顾客|会员|学员|用户|您|客户|旅游者|游客|业主|买方|买家|患者|求美者)"
    r"(?:均|也|仍)?(?:可以|可|有权|享有)(?!能)"
    # no surcharge, no expiry, customers already in unaffected: promises, not restrictions
    r"|(?:不再|不会|不得|不另|不额外)[^。;]{0,12}(?:加收|另收|另行收取|额外收取|增收)"
    r"|无(?:有效期|使用期限|期限)限制|长期有效|永久有效"
    r"|(?:顾客|消费者|会员|用户|学员|客户|游客)[^。;]{0,2}不受(?:影响|限制)"
)
# A title ("会员须知", "课程协议") is not a clause the model should judge.
_HEADING = re.compile(
    r"^[^,。;:!?]{0,30}(?:须知|协议|协议书|合同|合同书|章程|说明|条款|规定|规则|通知|告示|公告|守则|细则|办法|"
    r"制度|声明|指南|注意事项|价目表|目录|附件[0-9一二三四五六七八九十]*)[)）]?$"
)
# A number the rule's own bounds already judged (a 10% deposit, a 7-day refund) is lawful.
_AMOUNT = re.compile(
    r"\d|百分之|[一二三四五六七八九十两半][成倍]|[一二三四五六七八九十两]+(?:个月|日|天)"
)


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


def _defused(rule: Rule, rules: RuleSet, scope: str) -> bool:
    if _any_match(rule.exceptions, scope):
        return True
    return rule.common_exceptions and _any_match(rules.common_exceptions, scope)


def model_finding(text: str, rules: RuleSet, model: ClauseModel, context: str = "") -> Rule | None:
    """The rule the model names for a clause no pattern matched, if it is confident the clause
    is unfair and neither that rule's exceptions nor the common ones defuse it."""
    if not MODEL_MIN_CHARS <= len(text) <= MODEL_MAX_CHARS or _HEADING.match(text):
        return None
    if _MODEL_FAIR.search(text):
        return None
    if model.unfair_probability(text) < model.threshold:
        return None
    scope = text + "。" + context if context else text
    for rule_id, _p in model.rule_probabilities(text)[:1]:
        rule = rules.get(rule_id)
        if rule is None or _defused(rule, rules, scope):
            return None
        if any(p.number_tests for p in rule.patterns) and _AMOUNT.search(text):
            return None
        return rule
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


def review(text: object, rules: RuleSet | None = None, *, use_model: bool = True) -> Review:
    """Review a document (a contract, a notice, one clause). See `Review.to_dict` for the
    shape; spans are offsets into `text` as given (decoded, if bytes were passed).
    `use_model=False` reports pattern findings only."""
    rules = rules or default_rules()
    model = default_model() if use_model else None
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
        hits = review_clause_text(norm, rules, context)
        explanation_note = ""
        if not hits and model is not None:
            rule = model_finding(norm, rules, model, context)
            if rule is not None:
                hits = [(rule, (0, len(norm)))]
                explanation_note = MODEL_NOTE
        for rule, (s, e) in hits:
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
                    explanation=rule.description + explanation_note,
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
