"""Splitting, offset-preserving normalisation, context, garbage input and cost of the review."""

import json
import os
import time

import pytest

from fangxin.clauses.engine import (
    SEVERITY_WEIGHTS,
    Finding,
    document_score,
    normalize_mapped,
    review,
)
from fangxin.clauses.split import split_document


def _ids(text: str) -> set[str]:
    return {f.rule_id for f in review(text).findings}


# --- splitting ---------------------------------------------------------------------------


CONTRACT = (
    "健身服务合同\n"
    "第一条 会员卡有效期一年。第二条 本卡一经售出概不退款；\n"
    "一、会员须遵守场馆规定。二、本活动最终解释权归本馆所有！\n"
    "注意事项：1.请妥善保管物品 2.禁止吸烟 (3)场内禁止奔跑 ④请勿带宠物\n"
    "项目\t价格\t备注\n私教课|300元/节|概不退费\n"
)


def test_every_clause_is_its_span_of_the_original_text():
    clauses = split_document(CONTRACT)
    assert clauses
    for i, clause in enumerate(clauses):
        assert clause.index == i
        assert CONTRACT[clause.start : clause.end] == clause.text
        assert clause.text == clause.text.strip()
    starts = [c.start for c in clauses]
    assert starts == sorted(starts)


def test_numbered_items_sentences_and_table_cells_are_cut():
    texts = [c.text for c in split_document(CONTRACT)]
    assert "第二条 本卡一经售出概不退款；" in texts
    assert "二、本活动最终解释权归本馆所有！" in texts
    assert "2.禁止吸烟" in texts
    assert "(3)场内禁止奔跑" in texts
    assert "概不退费" in texts  # a table cell


def test_short_fragments_join_the_next_clause():
    text = "一、\n本店保留最终解释权。"
    clauses = split_document(text)
    assert len(clauses) == 1
    assert clauses[0].text == text
    assert split_document("好。") == [split_document("好。")[0]]


def test_decimal_numbers_are_not_item_markers():
    assert len(split_document("违约金为1.5倍 2.0版本的规则")) == 1


def test_splitting_is_linear_on_huge_input():
    text = ("条款内容很长但没有标点" * 20_000) + "。" + ("短句。" * 50_000)
    started = time.process_time()
    clauses = split_document(text)
    assert time.process_time() - started < 2.0
    assert all(len(c.text) <= 600 for c in clauses)
    assert all(text[c.start : c.end] == c.text for c in clauses[:50])


# --- normalisation mapped back to the original -------------------------------------------


def test_normalised_characters_point_at_their_original():
    text = "本活動　最終解釋權，歸ＡＢＣ所有"
    mapped = normalize_mapped(text)
    assert mapped.text == "本活动最终解释权,归ABC所有"
    for char_index, origin in enumerate(mapped.origin):
        assert 0 <= origin < len(text)
        if mapped.text[char_index] == "A":
            assert text[origin] == "Ａ"


def test_traditional_finding_is_reported_on_the_original_span():
    text = "會員須知：本活動最終解釋權歸本公司所有。"
    findings = [f for f in review(text).findings if f.rule_id == "A8-7-final-interpretation"]
    assert len(findings) == 1
    finding = findings[0]
    assert text[finding.start : finding.end] == finding.matched
    assert "最終解釋" in finding.matched
    assert finding.basis == "《合同行政监督管理办法》第八条第（七）项"


def test_full_width_and_spaced_text_is_reviewed_and_mapped_back():
    text = "（３）　本 卡 一 經 售 出 ， 概 不 退 款 ！"
    findings = review(text).findings
    assert "A8-4-no-refund" in {f.rule_id for f in findings}
    for finding in findings:
        assert text[finding.start : finding.end] == finding.matched
        assert finding.matched.startswith(("概", "售", "本", "一"))


# --- context and negation ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "会员卡可以退款，退款时扣除已消费金额。",
        "课程开课前申请退费的，全额退款。",
        "本店不得以任何理由拒绝消费者的退款要求。",
        "本卡售出后不予退款，但不影响消费者依法享有的权利。",
        "特价商品不退换，法律法规另有规定的，从其规定。",
        "本条款的解释依据国家有关法律法规。",
        "赠送的课时不予退还。",
    ],
)
def test_clauses_that_grant_or_keep_a_right_are_not_flagged(text):
    assert _ids(text) == set()


def test_an_exception_in_the_following_clause_still_counts():
    assert "A8-4-no-refund" in _ids("会员卡售出后概不退款。")
    assert _ids("会员卡售出后概不退款；法律另有规定的除外。") == set()
    # A clause that does not continue the previous one does not defuse it.
    assert "A8-4-no-refund" in _ids("会员卡售出后概不退款。会员卡可以转让。")


@pytest.mark.parametrize(
    "text",
    [
        "本卡售出概不退款，如因本店原因停业的，全额退还余款。",
        "学员不得因效果不满意要求退款。",
    ],
)
def test_a_refund_only_for_the_merchant_s_own_fault_does_not_defuse(text):
    assert "A8-4-no-refund" in _ids(text)


def test_double_negation_is_not_a_refusal():
    assert _ids("本店不会因会员卡过期而不退还余额。") == set()


def test_the_final_interpretation_rule_is_not_defused_by_boilerplate():
    assert "A8-7-final-interpretation" in _ids(
        "本活动最终解释权归本店所有，法律法规另有规定的，从其规定。"
    )


def test_each_finding_names_rule_basis_span_and_rewording():
    text = "一、本店商品一经售出概不退换。\n二、本店谢绝自带酒水。"
    result = review(text)
    assert {f.rule_id for f in result.findings} >= {"L26-no-return", "A8-3-outside-drinks"}
    for finding in result.findings:
        assert finding.basis.startswith("《") and "第" in finding.basis
        assert finding.rewording and finding.explanation and finding.title
        clause = result.clauses[finding.clause_index]
        assert clause.start <= finding.start < finding.end <= clause.end
        assert finding in result.findings_for(finding.clause_index)


# --- score and serialisation -------------------------------------------------------------


def _finding(severity: str) -> Finding:
    return Finding("X", "t", "b", "", severity, 0, 0, 1, "x", "e", "r")


def test_document_score():
    assert document_score([]) == 100
    assert document_score([_finding("high")]) == round(100 * (1 - SEVERITY_WEIGHTS["high"]))
    assert document_score([_finding("high")] * 2) == 49
    assert document_score([_finding("low")] * 200) == 0
    assert review("本店商品一经售出概不退换。").score < 100


def test_review_is_json_serialisable():
    result = review("本活动最终解释权归本店所有。")
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert set(data) >= {"ruleset_version", "score", "clauses", "findings", "truncated"}
    assert data["findings"][0]["rule_id"] == "A8-7-final-interpretation"
    assert set(data["findings"][0]) >= {
        "rule_id",
        "title",
        "basis",
        "severity",
        "clause_index",
        "start",
        "end",
        "matched",
        "explanation",
        "rewording",
    }
    assert set(data["clauses"][0]) == {"index", "text", "start", "end"}


# --- garbage in --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [None, "", "   \n\t  ", 42, ["列表"], b"\xff\xfe\x00binary", "😀🎉👍" * 100, "\ufffd\x00\x07"],
)
def test_garbage_gives_a_defined_review(value):
    result = review(value)
    assert result.findings == []
    assert result.score == 100
    json.dumps(result.to_dict())


def test_random_bytes_and_a_megabyte_do_not_raise():
    result = review(os.urandom(100_000))
    json.dumps(result.to_dict())
    big = "本店商品一经售出概不退换。" * 80_000  # about 1 MB of text
    result = review(big)
    assert result.truncated
    assert result.findings


def test_bytes_are_decoded_and_spans_refer_to_the_decoded_text():
    raw = "本活动最终解释权归本店所有。".encode()
    result = review(raw)
    text = raw.decode()
    assert result.findings
    assert all(text[f.start : f.end] == f.matched for f in result.findings)


# --- cost --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "不得" + "向" * 600,
        "不得再以任何理由就向对在通过" * 40,
        "不" * 300 + "退" * 300,
        "百分之" + "十" * 590,
    ],
)
def test_adversarial_clauses_do_not_backtrack(text):
    review("热身")  # load the tables outside the measurement
    started = time.process_time()
    review(text)
    assert time.process_time() - started < 0.5


def test_a_twenty_page_contract_is_reviewed_in_under_a_second():
    article = (
        "第{n}条 会员应遵守场馆的各项管理规定，爱护公共设施；会员卡有效期内可暂停使用两次，"
        "每次不超过三十日。如对服务有异议，可向前台反映或拨打12315投诉。本卡一经售出概不退款。\n"
    )
    text = "".join(article.format(n=n) for n in range(1, 400))[:20_000]
    review(text)  # warm the caches (OpenCC tables, regexes)
    started = time.process_time()
    result = review(text)
    elapsed = time.process_time() - started
    assert len(text) == 20_000
    assert result.findings
    assert elapsed < 1.0, f"{elapsed:.2f} s"


# --- the model behind the rules ----------------------------------------------------------


# Phrasings no pattern expects; the model names the rule and so the legal basis.
MODEL_ONLY = "顾客在店内滑倒扭伤脚踝，店方只表示遗憾。"


def test_the_model_reports_what_no_pattern_matches_under_a_rule_and_its_basis():
    assert review(MODEL_ONLY, use_model=False).findings == []
    findings = review(MODEL_ONLY).findings
    assert [f.rule_id for f in findings] == ["A7-1-personal-injury"]
    finding = findings[0]
    assert finding.basis == "《合同行政监督管理办法》第七条第（一）项"
    assert finding.rewording and "统计模型" in finding.explanation
    assert MODEL_ONLY[finding.start : finding.end] == finding.matched


@pytest.mark.parametrize(
    "text",
    [
        "本店营业时间为每日上午十点至晚上十点。",
        "强身健身俱乐部会员须知",  # a title
        "旅行社不得擅自减少行程中的景点。",  # binds the merchant
        "会员可以随时申请退还卡内剩余金额。",  # grants a right
        "定金为车款的10%，客户违约的定金不予退还。",  # a number the rule already judged
    ],
)
def test_the_model_keeps_quiet_on_fair_clauses(text):
    assert _ids(text) == set()


def test_the_stored_model_loads_without_pickle_and_names_known_rules():
    from fangxin.clauses.model import MODEL_PATH, ClauseModel
    from fangxin.clauses.ruleset import default_rules

    model = ClauseModel.load(MODEL_PATH)
    known = {r.id for r in default_rules().rules}
    assert set(model.rule_ids) <= known
    assert 0.5 <= model.threshold < 1.0
    p = model.unfair_probability("本店概不负责")
    assert 0.0 <= p <= 1.0
    ranked = model.rule_probabilities("本店概不负责")
    assert abs(sum(q for _, q in ranked) - 1.0) < 1e-6


# A fair look-alike a pattern matches word for word: the statutory exclusion applied as the law
# allows (confirmed at purchase, unopened goods still returnable).
LOOK_ALIKE = (
    "内衣、泳衣等贴身衣物拆封后易影响人身健康，经您在下单页面勾选确认后，拆封的不适用七天无理由"
    "退货；未拆封的仍可七日无理由退货。"
)


def test_the_model_vetoes_a_pattern_finding_on_a_clause_it_is_sure_is_fair():
    assert review(LOOK_ALIKE, use_model=False).flagged
    assert review(LOOK_ALIKE).findings == []


def test_the_veto_leaves_a_plainly_unfair_clause_reported():
    text = "本店商品拆封后一律不退不换，七天无理由退货不适用于任何商品。"
    assert review(text).flagged


def test_the_stored_veto_is_below_the_reporting_threshold():
    from fangxin.clauses.model import MODEL_PATH, ClauseModel

    model = ClauseModel.load(MODEL_PATH)
    # A clause the model would report is never vetoed, and the veto is on.
    assert 0.0 < model.veto < model.threshold


def test_a_model_file_without_a_veto_loads_with_the_veto_off(tmp_path):
    import numpy as np

    from fangxin.clauses.model import MODEL_PATH, ClauseModel

    with np.load(MODEL_PATH, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files if k != "veto"}
    old = tmp_path / "old.npz"
    np.savez_compressed(old, **arrays)
    assert ClauseModel.load(old).veto == 0.0


def test_custom_rule_sets_get_no_model_findings_for_rules_they_lack(tmp_path):
    from fangxin.clauses.ruleset import load_rules

    (tmp_path / "x.yaml").write_text(
        "rules:\n  - id: X-1\n    title: t\n    basis: {law: 法, article: 1}\n"
        "    severity: low\n    description: d\n    patterns: ['霸王词']\n    rewording: r\n"
        "    examples: {unfair: [霸王词, 霸王词一, 霸王词二], fair: [a, b, c]}\n",
        encoding="utf-8",
    )
    assert review(MODEL_ONLY, load_rules(tmp_path)).findings == []
