import json
import os
import threading

import numpy as np
import pytest

from fangxin.textintel import classify
from fangxin.textintel.classify import (
    DEV_PATH,
    PROBLEMS,
    SECTORS,
    TRAIN_PATH,
    ComplaintClassifier,
    Suggestion,
    compare_and_promote,
    evaluate_classifier,
    read_records,
    train,
)
from fangxin.textintel.lexicon import Lexicon
from fangxin.textintel.normalize import normalize
from fangxin.textintel.vectorize import gram_code, gram_codes, gram_text, prepare

# DOMAIN.md §3, copied by hand: the classifier must use exactly these strings.
DOMAIN_SECTORS = [
    "预付式消费",
    "网络购物",
    "食品",
    "汽车(含新能源)",
    "网络游戏",
    "教育培训(含校外培训)",
    "医疗美容",
    "家用电器",
    "通信服务",
    "房屋装修",
    "旅游",
    "餐饮住宿",
    "美容美发",
    "老年消费/保健品",
    "快递物流",
    "其他",
]
DOMAIN_PROBLEMS = [
    "质量",
    "售后服务",
    "合同",
    "虚假宣传",
    "价格",
    "安全",
    "假冒",
    "计量",
    "人格尊严/个人信息",
    "其他",
]

GARBAGE = [
    "",
    "   \n\t ",
    "😀😡🤬👍" * 20,
    os.urandom(3000).decode("utf-8", errors="replace"),
    "\x00\x01\x02\x7f",
    "健身房 gym тренажёрный зал ジム 헬스장 نادي 跑路了！！",
    "退款" * 500_000,  # a megabyte of text
    None,
]


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    """The default model, trained once for this module from the repository's corpus."""
    os.environ["FANGXIN_TEXTINTEL_DIR"] = str(tmp_path_factory.mktemp("textintel"))
    classify.reset_default_classifier()
    try:
        yield classify.default_classifier()
    finally:
        classify.reset_default_classifier()
        del os.environ["FANGXIN_TEXTINTEL_DIR"]


def test_labels_are_exactly_the_domain_strings():
    assert list(SECTORS) == DOMAIN_SECTORS and list(PROBLEMS) == DOMAIN_PROBLEMS


def test_the_corpora_are_large_labelled_and_separate():
    train_records, dev_records = read_records(TRAIN_PATH), read_records(DEV_PATH)
    assert len(train_records) >= 1500 and len(dev_records) >= 320
    for records in (train_records, dev_records):
        assert {r["sector"] for r in records} == set(SECTORS)
        assert {r["problem"] for r in records} == set(PROBLEMS)
    train_texts = {normalize(r["text"]) for r in train_records}
    assert not any(normalize(r["text"]) in train_texts for r in dev_records)


def test_clear_complaints_get_their_sector_and_problem(model):
    cases = [
        ("健身房突然关门跑路了，年卡才用了三个月，卡里的钱不给退", "预付式消费", "合同"),
        ("在拼多多买的耐克鞋，专柜鉴定是假货", "网络购物", "假冒"),
        ("菜市场买的排骨回家一称少了三两，摊主的秤有问题", "食品", "计量"),
        ("新买的电动汽车在小区充电时自燃了", "汽车(含新能源)", "安全"),
        ("快递丢件了，快递公司拖着不给理赔", "快递物流", "售后服务"),
        ("运营商每个月乱扣我十几块钱话费，开通了我没订过的增值业务", "通信服务", "价格"),
        ("保健品讲座上说这个产品能治高血压，我爸花了一万多", "老年消费/保健品", "虚假宣传"),
    ]
    for text, sector, problem in cases:
        s = model.suggest(text)
        assert (s.sector, s.problem) == (sector, problem), text


def test_the_tie_rule_between_prepaid_and_the_service_sector(model):
    # DOMAIN §3: a prepaid balance or package → 预付式消费; otherwise the service's sector.
    assert model.suggest("美术班还剩40节课没上，机构倒闭了，剩余课时费不退").sector == "预付式消费"
    assert model.suggest("美术班交钱后把素描课换成了手工课，老师也换了").sector == (
        "教育培训(含校外培训)"
    )
    assert model.suggest("理发师推销进口护理，剪个头收了我一千多").sector == "美容美发"
    assert model.suggest("旅行社擅自取消了行程里的两个景点").sector == "旅游"


def test_suggestions_are_well_formed_and_in_order(model):
    texts = [r["text"] for r in read_records(DEV_PATH)[:50]]
    many = model.suggest_many(texts)
    assert [model.suggest(t) for t in texts[:5]] == many[:5]
    for s in many:
        assert isinstance(s, Suggestion) and s.model_version == model.version
        assert s.sector in SECTORS and s.problem in PROBLEMS
        assert 0.0 <= s.sector_confidence <= 1.0 and 0.0 <= s.problem_confidence <= 1.0
    assert model.suggest_many([]) == []
    assert model.suggest_many(iter(texts[:3])) == many[:3]


def test_garbage_gets_a_defined_answer_never_an_exception(model):
    for suggestions in (model.suggest_many(GARBAGE), [model.suggest(t) for t in GARBAGE]):
        assert len(suggestions) == len(GARBAGE)
        for text, s in zip(GARBAGE, suggestions, strict=True):
            assert s.sector in SECTORS and s.problem in PROBLEMS
            if not any(ch.isalnum() for ch in normalize(text)):
                assert (s.sector, s.sector_confidence, s.problem, s.problem_confidence) == (
                    "其他",
                    0.0,
                    "其他",
                    0.0,
                )
    sector, problem = model.probabilities(GARBAGE)
    assert np.allclose(sector.sum(axis=1), 1) and np.allclose(problem.sum(axis=1), 1)


def test_training_is_deterministic_and_the_version_names_data_and_params():
    records = read_records(TRAIN_PATH)[:400]
    a, b = train(records), train(records)
    assert a.version == b.version and a.version.startswith("cc-")
    texts = [r["text"] for r in read_records(DEV_PATH)[:40]]
    assert np.array_equal(a.probabilities(texts)[0], b.probabilities(texts)[0])
    assert train(records, C_problem=2.0).version != a.version
    assert train(records[:-1]).version != a.version


def test_records_with_unknown_labels_still_train_the_other_task():
    records = read_records(TRAIN_PATH)[:300]
    records.append({"text": "一条没有行业的记录", "sector": "不存在的行业", "problem": "质量"})
    clf = train(records)
    assert clf.meta["skipped"]["unknown_sector"] == 1
    with pytest.raises(ValueError):
        train([{"text": "只有一种标签", "sector": "食品", "problem": "质量"}] * 3)


def test_save_and_load_give_the_same_answers(model, tmp_path):
    path = model.save(tmp_path / "m.npz")
    loaded = ComplaintClassifier.load(path)
    texts = [r["text"] for r in read_records(DEV_PATH)] + GARBAGE[:4]
    assert loaded.version == model.version
    assert loaded.suggest_many(texts) == model.suggest_many(texts)
    (tmp_path / "junk.npz").write_bytes(b"not a model")
    with pytest.raises(ValueError):
        ComplaintClassifier.load(tmp_path / "junk.npz")
    with pytest.raises(ValueError):
        ComplaintClassifier.load(tmp_path / "missing.npz")


def test_the_default_model_is_cached_and_built_once_across_threads(tmp_path, monkeypatch):
    monkeypatch.setenv("FANGXIN_TEXTINTEL_DIR", str(tmp_path))
    classify.reset_default_classifier()
    try:
        seen = []
        threads = [
            threading.Thread(target=lambda: seen.append(classify.default_classifier()))
            for _ in range(6)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(seen) == 6 and all(c is seen[0] for c in seen)
        cached = list(tmp_path.glob("complaints-default-*.npz"))
        assert len(cached) == 1
        classify.reset_default_classifier()
        again = classify.default_classifier()  # loaded from the cache, not retrained
        assert again is not seen[0] and again.version == seen[0].version
        # A promoted live model wins over the default.
        seen[0].save(tmp_path / classify.LIVE_MODEL_NAME)
        classify.reset_default_classifier()
        assert classify.default_classifier().version == seen[0].version
    finally:
        classify.reset_default_classifier()


def test_the_lexicon_alone_answers_at_the_cold_start(tmp_path):
    clf = ComplaintClassifier.lexicon_only()
    assert not clf.trained
    s = clf.suggest("健身房的预付卡，老板卷款跑路了")
    assert (s.sector, s.problem) == ("预付式消费", "合同")
    assert clf.suggest("今天天气不错").sector == "其他"
    assert clf.suggest("").sector_confidence == 0.0
    with pytest.raises(ValueError):
        clf.save(tmp_path / "never-written.npz")


def test_vectorised_cue_scores_agree_with_the_reference_definition(model):
    # The batch path finds cue words through n-grams (words longer than four characters by
    # their first four); the reference looks for each word in the text.
    lexicon = model.lexicon
    texts = [prepare(r["text"]) for r in read_records(DEV_PATH)]
    sector, problem = model.vectorizer.cue_scores(model.vectorizer.counts(texts))
    same = 0
    for i, text in enumerate(texts):
        ref_sector, ref_problem = lexicon.scores(text)
        same += np.allclose(sector[i], ref_sector) and np.allclose(problem[i], ref_problem)
    assert same / len(texts) > 0.9


def test_one_text_alone_gets_exactly_the_batch_answer(model):
    # Intake classifies one filing at a time through a path without sparse matrices.
    texts = [r["text"] for r in read_records(DEV_PATH)][:400] + ["", "😀", "12315", "退款"]
    sector, problem = model.probabilities(texts)
    for i, text in enumerate(texts):
        one_sector, one_problem = model.probabilities([text])
        assert np.allclose(one_sector[0], sector[i], rtol=0, atol=1e-12), text
        assert np.allclose(one_problem[0], problem[i], rtol=0, atol=1e-12), text


def test_garbage_alone_gets_the_same_defined_answer(model):
    for junk in GARBAGE:
        assert model.suggest(junk) == model.suggest_many([junk, "健身卡退费"])[0]


def test_ngram_codes_round_trip_and_never_cross_texts():
    assert gram_text(gram_code("预付卡")) == "预付卡"
    codes, owners = gram_codes(["ab", "c"])
    grams = sorted((int(o), gram_text(int(c))) for c, o in zip(codes, owners, strict=True))
    assert grams == [(0, "a"), (0, "ab"), (0, "b"), (1, "c")]


def test_lexicon_data_is_valid():
    raw = json.loads(classify.LEXICON_PATH.read_text(encoding="utf-8"))
    lexicon = Lexicon(raw, sectors=SECTORS, problems=PROBLEMS)
    assert set(raw["sector"]) == set(SECTORS) and set(raw["problem"]) == set(PROBLEMS)
    assert all(1 <= w <= 3 for _, _, _, w in lexicon.entries())
    with pytest.raises(ValueError):
        Lexicon({"sector": {"不存在": {"词语": 1}}}, sectors=SECTORS, problems=PROBLEMS)


def test_evaluation_report_has_scores_per_class_and_confusion_matrices(model):
    records = read_records(DEV_PATH)[:60] + [
        {"text": "健身房跑路了", "sector": "健身", "problem": "合同"},
        {"text": "车子自燃了", "sector": "汽车（含新能源）", "problem": "安全"},  # full-width
        {"text": "", "sector": "食品", "problem": "质量"},
    ]
    report = evaluate_classifier(model, records)
    assert report["n"] == 62 and report["skipped"]["unknown_sector"] == 1
    assert report["skipped"]["empty_text"] == 1
    assert report["sector"]["n"] == 61 and report["problem"]["n"] == 62
    for task, labels in (("sector", SECTORS), ("problem", PROBLEMS)):
        part = report[task]
        assert list(part["per_class"]) == list(labels)
        assert part["confusion"]["labels"] == list(labels)
        matrix = np.array(part["confusion"]["matrix"])
        assert matrix.shape == (len(labels), len(labels)) and matrix.sum() == part["n"]
    assert 0 <= report["sector_accuracy"] <= 1 and 0 <= report["problem_macro_f1"] <= 1


def test_a_worse_candidate_is_not_promoted(model):
    heldout = read_records(DEV_PATH)
    promoted, report = compare_and_promote(ComplaintClassifier.lexicon_only(), model, heldout)
    assert not promoted and "低于" in report["reason"]
    assert report["candidate"]["sector_accuracy"] < report["live"]["sector_accuracy"]
    assert compare_and_promote(model, model, heldout)[0]  # not worse: may go live
    assert compare_and_promote(model, None, heldout)[0]
    assert not compare_and_promote(model, model, [])[0]


def test_the_development_set_goals_are_met(model):
    report = evaluate_classifier(model, read_records(DEV_PATH))
    assert report["sector_accuracy"] >= 0.90
    assert report["problem_macro_f1"] >= 0.80
