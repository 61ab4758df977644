"""The format-clause review: a document in, findings with legal basis and fair wording out.

The rules (ruleset.py) run on a normal form of each clause — NFKC (full-width to half-width),
traditional to simplified, whitespace and control characters removed — that keeps, for every
normalised character, the index of the original character it came from. A finding's span is
therefore a span of the text the user gave, whatever script or width it was written in.

Context is handled in the data: a rule's `exceptions` (and the library's common exceptions,
such as "法律法规另有规定的，从其规定") defuse a match anywhere in the clause or in what
follows it and still belongs to it: a continuation ("……概不退款；但因本店原因停业的除外。"),
the rest of its sentence after a ";" ("……不予退还；提前请假的，课时保留"), the list its ":"
introduces, the answer to its "?". One piece of context is general: a match right after a
denial ("不设最低消费""不会自动续费""没有所谓最终解释权") does not count.

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
# A clause that ends mid-sentence (";", a list's ":", a question answered next) goes on in
# the next clauses: their
# lawful alternatives ("……不予退还；提前请假的，课时保留") defuse the rule there too, up to
# this many characters and never past a line break or a new numbered item.
_OPEN_END = re.compile(r"[;:?]$")
_ITEM_START = re.compile(
    r"^(?:第?[0-9一二三四五六七八九十]{1,3}[条款、.]|\(?[0-9一二三四五六七八九十]{1,2}\))"
)
SENTENCE_CONTEXT_CHARS = 240
# A match right after a denial is denied ("不设最低消费""不会自动续费""没有所谓最终解释权").
_DENIED = re.compile(
    r"(?:不设|不设置|不存在|没有|并无|从无|不收取|免收|不会|从不|绝不会|不会再|无任何|不搞|不实行)"
    r"(?:所谓|任何)?[\"'“”‘’「」]?$"
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
    # the consumer pays nothing, nothing is switched on by default, the merchant must ask first,
    # the consumer's rights stay whole
    r"|(?:无需|无须|不需|不用|免于)(?:向[^。;,]{0,8})?(?:支付|缴纳|交纳|承担|付费)"
    r"|(?:不会|绝不|不得|不)(?:自动|默认)(?:开通|续费|扣费|勾选|扣款|续订|续期)"
    r"|(?<!视为)(?<!视为已)(?<!无需)(?<!无须)(?<!不需)(?:事先|提前|须|需|应)(?:征得|取得|经)"
    r"(?:消费者|顾客|会员|学员|用户|您|客户|旅游者|游客|业主|买方|患者|家长|甲方)[^。;]{0,4}(?:书面)?(?:同意|确认)"
    r"|不(?:影响|限制|排除|妨碍|剥夺|免除)[^。;]{0,12}(?:的)?(?:权利|权益|投诉|起诉|维权|依法)"
    r"|(?:消费者|顾客|会员|学员|用户|您|客户|游客|业主|买方|患者|家长)[^。;]{0,4}(?:另行)?(?:主动|自主|自愿)"
    r"(?:选择|确认|勾选|开通|申请|购买|办理)"
    # no expiry, fees told in advance, rights kept, duties the merchant takes on
    r"|不设(?:有效期|使用期限|期限)|不受此限|不在此限"
    r"|(?<!视为)(?<!视为已)(?:已|事先|提前)(?:于[^。;,]{0,6})?(?:告知|明示|公示|说明)"
    r"|(?:权益|权利|待遇)[^。;]{0,4}不(?:因此|会)?(?:减少|降低|受影响|变更|改变)"
    r"|(?<![不无])负有[^。;]{0,10}(?:义务|责任)"
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


def _denied(text: str, start: int) -> bool:
    return bool(start) and bool(_DENIED.search(text, max(0, start - 8), start))


def match_pattern(pattern: Pattern, text: str, *, deny: bool = False) -> tuple[int, int] | None:
    """The span in `text` (normalised) where `pattern` matches, or None. With `deny`, a match
    right after a denial ("不设""不会""没有") does not count."""
    if pattern.regex is None:
        span = _match_groups(pattern, text)
        return None if span and deny and _denied(text, span[0]) else span
    for match in pattern.regex.finditer(text):
        if match.end() == match.start():
            continue
        if pattern.number_tests and not _number_ok(match.group("n") or "", pattern.number_tests):
            continue
        if deny and _denied(text, match.start()):
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
        span = match_pattern(pattern, text, deny=True)
        if span:
            return span
    return None


def _scope(text: str, context: str) -> str:
    """The clause and what follows it, as one text for the exceptions: a question runs on into
    its answer ("开瓶费？本店不收"), otherwise a sentence end keeps them apart."""
    if not context:
        return text
    return text + ("" if text.endswith(("?", ":", ";")) else "。") + context


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
    scope = _scope(text, context)
    for rule_id, _p in model.rule_probabilities(text)[:1]:
        rule = rules.get(rule_id)
        if rule is None or _defused(rule, rules, scope):
            return None
        if any(p.number_tests for p in rule.patterns) and _AMOUNT.search(text):
            return None
        return rule
    return None


def vetoed(text: str, model: ClauseModel) -> bool:
    """Whether the model is sure enough that a clause a pattern flags is a fair look-alike
    (see model.py) to drop the pattern's finding."""
    return model.veto > 0 and model.unfair_probability(text) < model.veto


def pattern_clause_probabilities(text: str, rules: RuleSet, model: ClauseModel) -> list[float]:
    """P(unfair) of each clause of `text` on which a pattern fires (before any veto): what the
    veto is chosen on in cross-validation."""
    mapped = normalize_mapped(text)
    return [
        model.unfair_probability(norm)
        for _clause, _lo, norm, context in _clause_views(text, split_document(text), mapped)
        if review_clause_text(norm, rules, context)
    ]


def review_clause_text(text: str, rules: RuleSet, context: str = "") -> list[tuple[Rule, tuple]]:
    """(rule, normalised span) for every rule that fires on the normalised `text`; `context`
    (a continuation such as "但……除外") is searched for exceptions only."""
    out = []
    scope = _scope(text, context)
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


def _context(
    clauses: list[Clause], bounds: list[tuple[int, int]], normal: str, text: str, k: int
) -> str:
    """What follows clause k and still belongs to it: a continuation ("但……除外"), the rest
    of its sentence after a ";", or the list its ":" introduces."""
    out = ""
    size = 0
    current = normal[bounds[k][0] : bounds[k][1]]
    intro = current.endswith(":")
    for j in range(k + 1, len(clauses)):
        nxt = normal[bounds[j][0] : bounds[j][1]]
        if j == k + 1 and _CONTINUATION.match(nxt):
            out, size, current = nxt, len(nxt), nxt
            continue
        # the sentence ends here, the context is long enough, or a new line / item begins
        new_line = "\n" in text[clauses[j - 1].end : clauses[j].start] or _ITEM_START.match(nxt)
        if (
            not _OPEN_END.search(current)
            or size + len(nxt) > SENTENCE_CONTEXT_CHARS
            or (new_line and not intro)
        ):
            break
        out = _scope(out, nxt) if out else nxt
        size += len(nxt)
        current = nxt
    return out


def _clause_views(text: str, clauses: list[Clause], mapped: Mapped):
    """(clause, normalised start, normalised text, context) of every non-empty clause."""
    # Normalised bounds of each clause: origin is increasing, so a bisection finds them.
    bounds = [
        (bisect.bisect_left(mapped.origin, c.start), bisect.bisect_left(mapped.origin, c.end))
        for c in clauses
    ]
    for k, clause in enumerate(clauses):
        lo, hi = bounds[k]
        if lo < hi:
            yield clause, lo, mapped.text[lo:hi], _context(clauses, bounds, mapped.text, text, k)


def model_score(
    text: str, rules: RuleSet, model: ClauseModel, *, skip_flagged: bool = True
) -> tuple[float, str | None]:
    """The highest P(unfair) the model gives a clause of `text` that it would report at any
    threshold (with `skip_flagged`, only clauses no rule flags, as in the review), with the rule
    it names; (0.0, None) if there is none. Used to choose the threshold on the same clauses,
    contexts and checks as the review."""
    mapped = normalize_mapped(text)
    best: tuple[float, str | None] = (0.0, None)
    saved, model.threshold = model.threshold, 0.0
    try:
        for _clause, _lo, norm, context in _clause_views(text, split_document(text), mapped):
            if skip_flagged and review_clause_text(norm, rules, context):
                continue
            rule = model_finding(norm, rules, model, context)
            if rule is not None and (p := model.unfair_probability(norm)) > best[0]:
                best = (p, rule.id)
    finally:
        model.threshold = saved
    return best


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
    findings: list[Finding] = []
    for clause, lo, norm, context in _clause_views(text, clauses, mapped):
        hits = review_clause_text(norm, rules, context)
        if hits and model is not None and vetoed(norm, model):
            hits = []
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
