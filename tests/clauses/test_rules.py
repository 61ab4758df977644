"""The rule library: every rule's own examples, and strict validation of what experts write."""

import re
import shutil
from pathlib import Path

import pytest

from fangxin.clauses.engine import review
from fangxin.clauses.ruleset import (
    RULES_DIR,
    RuleError,
    chinese_number,
    default_rules,
    load_rules,
)

RULES = default_rules().rules


def _fired(text: str) -> set[str]:
    return {f.rule_id for f in review(text).findings}


# Parametrised from the YAML: a rule an expert adds is tested without touching this file.
@pytest.mark.parametrize(
    ("rule_id", "text"),
    [(r.id, t) for r in RULES for t in r.examples_unfair],
)
def test_unfair_example_is_flagged_by_its_rule(rule_id, text):
    assert rule_id in _fired(text)


@pytest.mark.parametrize(
    ("rule_id", "text"),
    [(r.id, t) for r in RULES for t in r.examples_fair],
)
def test_fair_example_is_not_flagged_by_its_rule(rule_id, text):
    assert rule_id not in _fired(text)


def test_library_covers_every_item_of_the_law():
    cited = {(r.basis.law, r.basis.article, r.basis.item) for r in RULES}
    order = "合同行政监督管理办法"
    for item in range(1, 7):
        assert (order, 7, item) in cited, f"第七条第{item}项"
    for item in range(1, 9):
        assert (order, 8, item) in cited, f"第八条第{item}项"
    assert any(law == order and article == 9 for law, article, _ in cited)
    consumer_law = "中华人民共和国消费者权益保护法"
    assert any(law == consumer_law and article == 26 for law, article, _ in cited)
    assert any(law == consumer_law and article == 25 for law, article, _ in cited)


def test_every_rule_has_what_the_review_shows():
    for rule in RULES:
        assert rule.title and rule.description and rule.rewording
        assert rule.basis.citation().startswith("《")
        assert rule.severity in {"high", "medium", "low"}
        assert len(rule.examples_unfair) >= 3 and len(rule.examples_fair) >= 3


def test_citation_names_article_and_item_in_chinese():
    rule = default_rules().get("A8-7-final-interpretation")
    assert rule.basis.citation() == "《合同行政监督管理办法》第八条第（七）项"
    law26 = default_rules().get("L26-no-return")
    assert law26.basis.citation() == "《中华人民共和国消费者权益保护法》第二十六条第二款"


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (10, "十"), (12, "十二"), (26, "二十六"), (105, "一百零五")]
)
def test_chinese_number(n, text):
    assert chinese_number(n) == text


def test_default_rules_are_loaded_once():
    assert default_rules() is default_rules()


GOOD_RULE = """
rules:
  - id: X-1-test
    title: 测试规则
    basis: {law: 合同行政监督管理办法, article: 8, item: 7}
    severity: medium
    description: 测试
    patterns:
      - regex: '最终解释权'
      - all: [[退款, 退费], [概不, 不予]]
        window: 8
    rewording: 如有疑问请咨询
    examples:
      unfair: [最终解释权归本店, 课程概不退费, 本店保留最终解释权]
      fair: [欢迎咨询, 可以退费, 依法退款]
"""


def _write(tmp_path: Path, text: str, name: str = "x.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_a_good_rule_file_loads_and_its_patterns_run(tmp_path):
    rules = load_rules(_write(tmp_path, GOOD_RULE))
    assert [r.id for r in rules.rules] == ["X-1-test"]
    assert {f.rule_id for f in review("本课程概不退费。", rules).findings} == {"X-1-test"}
    assert review("本课程可以退费。", rules).findings == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("    severity: medium\n", ""), "缺少字段 severity"),
        (("severity: medium", "severity: urgent"), "未知的严重程度"),
        (("regex: '最终解释权'", "regex: '最终(解释权'"), "正则表达式无法编译"),
        (("    rewording:", "    colour: red\n    rewording:"), "未知字段 colour"),
        (("fair: [欢迎咨询, 可以退费, 依法退款]", "fair: [欢迎咨询]"), "至少需要 3 条例句"),
        (("article: 8", "article: 第八条"), "basis.article"),
        (("window: 8", "window: -1"), "window"),
        (("id: X-1-test", "id: 'X 1'"), "id 只能由"),
        (("regex: '最终解释权'", "regex: '(向|就向)*退款'"), "不要重复整个分组"),
    ],
)
def test_validation_names_file_rule_and_problem(tmp_path, change, message):
    old, new = change
    assert old in GOOD_RULE
    _write(tmp_path, GOOD_RULE.replace(old, new, 1))
    with pytest.raises(RuleError) as error:
        load_rules(tmp_path)
    text = str(error.value)
    assert "x.yaml" in text
    assert message in text
    if "id 只能由" not in message:
        assert "X-1-test" in text


def test_duplicate_id_across_files_is_refused(tmp_path):
    _write(tmp_path, GOOD_RULE, "a.yaml")
    _write(tmp_path, GOOD_RULE, "b.yaml")
    with pytest.raises(RuleError, match=r"b\.yaml 规则 X-1-test：id 重复.*a\.yaml"):
        load_rules(tmp_path)


def test_broken_yaml_and_empty_folder_are_refused(tmp_path):
    with pytest.raises(RuleError, match="没有找到规则文件"):
        load_rules(tmp_path)
    _write(tmp_path, "rules: [\n")
    with pytest.raises(RuleError, match="x.yaml：不是有效的 UTF-8 YAML"):
        load_rules(tmp_path)


def test_number_bounds_need_a_named_group(tmp_path):
    _write(
        tmp_path, GOOD_RULE.replace("regex: '最终解释权'", "regex: '定金(\\d+)%'\n        gt: 20")
    )
    with pytest.raises(RuleError, match=r"\(\?P<n>"):
        load_rules(tmp_path)


def test_version_changes_with_the_rule_files(tmp_path):
    shutil.copytree(RULES_DIR, tmp_path / "rules")
    before = load_rules(tmp_path / "rules").version
    assert before == default_rules().version
    path = tmp_path / "rules" / "common.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# 修改\n", encoding="utf-8")
    assert load_rules(tmp_path / "rules").version != before
    assert re.fullmatch(r"[0-9a-f]{12}", before)


def test_an_expert_can_add_a_rule_file_without_python(tmp_path):
    shutil.copytree(RULES_DIR, tmp_path / "rules")
    _write(tmp_path / "rules", GOOD_RULE.replace("最终解释权", "霸王条款专用词"), "zz_new.yaml")
    rules = load_rules(tmp_path / "rules")
    assert rules.get("X-1-test") is not None
    assert "X-1-test" in {f.rule_id for f in review("这里有霸王条款专用词。", rules).findings}
