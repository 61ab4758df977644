"""The rule library of the format-clause review: YAML files under `rules/`, loaded and checked.

Rules are data so that domain experts can add one without touching Python (docs/clauses.md).
Loading is strict: anything the engine could misread (a missing field, a regex that does not
compile, a duplicate id, an unknown severity or key) raises `RuleError`, whose message names
the file and the rule in Chinese. Patterns are compiled once here; the engine only runs them.
"""

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from fangxin.textintel.normalize import to_simplified

RULES_DIR = Path(__file__).resolve().parent / "rules"
SEVERITIES = ("high", "medium", "low")
# Enough for the test suite to show that a rule both fires and holds back (issue item 2).
MIN_EXAMPLES = 3
DEFAULT_WINDOW = 12

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_RULE_KEYS = {
    "id",
    "title",
    "basis",
    "severity",
    "description",
    "patterns",
    "exceptions",
    "common_exceptions",
    "sectors",
    "rewording",
    "examples",
}
_REQUIRED = ("id", "title", "basis", "severity", "description", "patterns", "rewording", "examples")
_BASIS_KEYS = {"law", "article", "paragraph", "item", "text"}
_PATTERN_KEYS = {"regex", "all", "window", "ordered", "gt", "ge", "lt", "le"}
_NUMBER_TESTS = ("gt", "ge", "lt", "le")
# Full-width punctuation the engine sees in its half-width form; brackets are left alone in
# regexes because their half-width forms are regex syntax.
_REGEX_PUNCT = str.maketrans("，；：！？％", ",;:!?%")
_CN_DIGITS = "零一二三四五六七八九"
_REPEATED_GROUP = re.compile(r"(?<!\\)\)[*+]|(?<!\\)\)\{\d*,\}")


class RuleError(ValueError):
    """The rule library is malformed; the message says where, in Chinese."""


def normalize_literal(word: str) -> str:
    """A keyword as the engine sees the text: NFKC, simplified, without whitespace."""
    word = unicodedata.normalize("NFKC", word)
    return to_simplified("".join(word.split()))


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 26 → 二十六, 105 → 一百零五 (article numbers in citations)."""
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + chinese_number(rest) if rest < 10 else chinese_number(rest))
    if 10 <= rest < 20:
        tail = "一" + tail
    return _CN_DIGITS[n // 100] + "百" + tail


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern. `regex`: a single regex. `groups`: keyword groups that must all
    occur within `window` characters (in the written order if `ordered`). `number_tests`:
    bounds on the regex's named group `n` (a percentage, a multiple …)."""

    regex: re.Pattern | None = None
    groups: tuple[re.Pattern, ...] = ()
    window: int = DEFAULT_WINDOW
    ordered: bool = False
    number_tests: tuple[tuple[str, float], ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Basis:
    law: str
    article: int
    paragraph: int | None = None
    item: int | None = None
    text: str = ""

    def citation(self) -> str:
        """《合同行政监督管理办法》第八条第（七）项."""
        out = f"《{self.law}》第{chinese_number(self.article)}条"
        if self.paragraph:
            out += f"第{chinese_number(self.paragraph)}款"
        if self.item:
            out += f"第（{chinese_number(self.item)}）项"
        return out


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    basis: Basis
    severity: str
    description: str
    patterns: tuple[Pattern, ...]
    exceptions: tuple[Pattern, ...]
    common_exceptions: bool
    sectors: tuple[str, ...]
    rewording: str
    examples_unfair: tuple[str, ...]
    examples_fair: tuple[str, ...]
    file: str


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    common_exceptions: tuple[Pattern, ...]
    version: str
    files: tuple[str, ...] = field(default=())

    def get(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


def _where(file: str, rule_id: str | None) -> str:
    return f"{file} 规则 {rule_id}" if rule_id else file


def _text(value: object, what: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{where}：字段 {what} 必须是非空文字")
    return value.strip()


def _compile(source: str, where: str) -> re.Pattern:
    if _REPEATED_GROUP.search(source):
        # A repeated group whose alternatives overlap backtracks exponentially on long
        # clauses; a bounded gap [^。;]{0,N} says the same thing safely.
        raise RuleError(
            f"{where}：正则中不要重复整个分组（…)* 或 …)+），"
            f"请改用 [^。;]{{0,N}} 这样有上限的间隔：{source}"
        )
    try:
        return re.compile(to_simplified(source.translate(_REGEX_PUNCT)))
    except re.error as exc:
        raise RuleError(f"{where}：正则表达式无法编译（{exc}）：{source}") from exc


def _pattern(raw: object, where: str) -> Pattern:
    if isinstance(raw, str):
        raw = {"regex": raw}
    if not isinstance(raw, dict):
        raise RuleError(f"{where}：模式必须是 regex 或 all 形式的映射，而不是 {raw!r}")
    unknown = set(raw) - _PATTERN_KEYS
    if unknown:
        raise RuleError(f"{where}：模式中有未知字段 {', '.join(sorted(map(str, unknown)))}")
    if ("regex" in raw) == ("all" in raw):
        raise RuleError(f"{where}：每个模式必须恰好有 regex 或 all 之一")
    tests = []
    for key in _NUMBER_TESTS:
        if key in raw:
            if isinstance(raw[key], bool) or not isinstance(raw[key], int | float):
                raise RuleError(f"{where}：{key} 必须是数字")
            tests.append((key, float(raw[key])))
    if "regex" in raw:
        regex = _compile(_text(raw["regex"], "regex", where), where)
        if tests and "n" not in regex.groupindex:
            raise RuleError(f"{where}：使用 gt/ge/lt/le 时正则必须含命名分组 (?P<n>…)")
        return Pattern(regex=regex, number_tests=tuple(tests), source=raw["regex"])
    if tests:
        raise RuleError(f"{where}：gt/ge/lt/le 只能与 regex 一起使用")
    groups = raw["all"]
    if not isinstance(groups, list) or not groups:
        raise RuleError(f"{where}：all 必须是关键词组的列表，如 [[退款, 退费], [不予, 概不]]")
    compiled = []
    for group in groups:
        words = [group] if isinstance(group, str) else group
        if not isinstance(words, list) or not words:
            raise RuleError(f"{where}：all 中的每一组必须是非空的关键词列表")
        literals = []
        for word in words:
            if not isinstance(word, str | int) or not str(word).strip():
                raise RuleError(f"{where}：关键词必须是非空文字：{word!r}")
            literals.append(normalize_literal(str(word)))
        literals.sort(key=len, reverse=True)  # longest first: 概不 before 不
        compiled.append(re.compile("|".join(map(re.escape, literals))))
    window = raw.get("window", DEFAULT_WINDOW)
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise RuleError(f"{where}：window 必须是正整数（字数）")
    ordered = raw.get("ordered", False)
    if not isinstance(ordered, bool):
        raise RuleError(f"{where}：ordered 必须是 true 或 false")
    return Pattern(groups=tuple(compiled), window=window, ordered=ordered, source=str(groups))


def _patterns(raw: object, what: str, where: str, *, required: bool) -> tuple[Pattern, ...]:
    if raw is None and not required:
        return ()
    if not isinstance(raw, list) or (required and not raw):
        raise RuleError(f"{where}：字段 {what} 必须是非空列表")
    return tuple(_pattern(item, f"{where} {what}[{i + 1}]") for i, item in enumerate(raw))


def _basis(raw: object, where: str) -> Basis:
    if not isinstance(raw, dict):
        raise RuleError(f"{where}：字段 basis 必须含 law、article（可选 paragraph、item、text）")
    unknown = set(raw) - _BASIS_KEYS
    if unknown:
        raise RuleError(f"{where}：basis 中有未知字段 {', '.join(sorted(map(str, unknown)))}")
    law = _text(raw.get("law"), "basis.law", where).strip("《》")
    numbers = {}
    for key in ("article", "paragraph", "item"):
        value = raw.get(key)
        if value is None and key != "article":
            numbers[key] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 1000:
            raise RuleError(f"{where}：basis.{key} 必须是正整数（条、款、项的序号）")
        numbers[key] = value
    text = raw.get("text") or ""
    if not isinstance(text, str):
        raise RuleError(f"{where}：basis.text 必须是文字")
    return Basis(law=law, text=text.strip(), **numbers)


def _examples(raw: object, where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not isinstance(raw, dict) or set(raw) - {"unfair", "fair"}:
        raise RuleError(f"{where}：examples 必须含 unfair 和 fair 两个列表")
    out = []
    for key in ("unfair", "fair"):
        items = raw.get(key)
        if not isinstance(items, list) or len(items) < MIN_EXAMPLES:
            raise RuleError(f"{where}：examples.{key} 至少需要 {MIN_EXAMPLES} 条例句")
        out.append(tuple(_text(item, f"examples.{key}", where) for item in items))
    return out[0], out[1]


def _rule(raw: object, file: str, index: int) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError(f"{file}：rules 的第 {index} 项不是映射")
    rule_id = raw.get("id")
    where = _where(file, rule_id if isinstance(rule_id, str) else f"（第 {index} 条）")
    for key in _REQUIRED:
        if key not in raw or raw[key] in (None, "", [], {}):
            raise RuleError(f"{where}：缺少字段 {key}")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise RuleError(f"{where}：未知字段 {', '.join(sorted(map(str, unknown)))}")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise RuleError(f"{where}：id 只能由字母、数字、- 和 _ 组成")
    if raw["severity"] not in SEVERITIES:
        raise RuleError(
            f"{where}：未知的严重程度 {raw['severity']!r}，只能是 {' / '.join(SEVERITIES)}"
        )
    sectors = raw.get("sectors") or []
    if not isinstance(sectors, list) or not all(isinstance(s, str) and s for s in sectors):
        raise RuleError(f"{where}：sectors 必须是行业名称的列表")
    common = raw.get("common_exceptions", True)
    if not isinstance(common, bool):
        raise RuleError(f"{where}：common_exceptions 必须是 true 或 false")
    unfair, fair = _examples(raw["examples"], where)
    return Rule(
        id=rule_id,
        title=_text(raw["title"], "title", where),
        basis=_basis(raw["basis"], where),
        severity=raw["severity"],
        description=_text(raw["description"], "description", where),
        patterns=_patterns(raw["patterns"], "patterns", where, required=True),
        exceptions=_patterns(raw.get("exceptions"), "exceptions", where, required=False),
        common_exceptions=common,
        sectors=tuple(sectors),
        rewording=_text(raw["rewording"], "rewording", where),
        examples_unfair=unfair,
        examples_fair=fair,
        file=file,
    )


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Every `*.yaml` under `path` (default: the library shipped in `rules/`), in name order.

    A file holds `rules:` (a list of rules) and/or `common_exceptions:` (patterns that defuse
    every rule that does not opt out). The version is a hash of the files' names and bytes."""
    folder = Path(path) if path is not None else RULES_DIR
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise RuleError(f"{folder}：没有找到规则文件（*.yaml）")
    digest = hashlib.sha256()
    rules: list[Rule] = []
    common: list[Pattern] = []
    seen: dict[str, str] = {}
    for file in files:
        data = file.read_bytes()
        digest.update(file.name.encode() + b"\0" + data + b"\0")
        try:
            doc = yaml.safe_load(data.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise RuleError(f"{file.name}：不是有效的 UTF-8 YAML（{exc}）") from exc
        if doc is None:
            continue
        if not isinstance(doc, dict) or set(doc) - {"group", "rules", "common_exceptions"}:
            raise RuleError(f"{file.name}：顶层只能有 group、rules、common_exceptions")
        common.extend(
            _patterns(doc.get("common_exceptions"), "common_exceptions", file.name, required=False)
        )
        raw_rules = doc.get("rules") or []
        if not isinstance(raw_rules, list):
            raise RuleError(f"{file.name}：rules 必须是列表")
        for i, raw in enumerate(raw_rules, start=1):
            rule = _rule(raw, file.name, i)
            if rule.id in seen:
                raise RuleError(
                    f"{file.name} 规则 {rule.id}：id 重复（已在 {seen[rule.id]} 中定义）"
                )
            seen[rule.id] = file.name
            rules.append(rule)
    if not rules:
        raise RuleError(f"{folder}：规则库中没有任何规则")
    return RuleSet(
        rules=tuple(rules),
        common_exceptions=tuple(common),
        version=digest.hexdigest()[:12],
        files=tuple(f.name for f in files),
    )


@functools.cache
def default_rules() -> RuleSet:
    """The shipped library, loaded once per process."""
    return load_rules()
