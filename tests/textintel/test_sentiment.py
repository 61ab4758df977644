"""Sentiment of short consumer texts: the API, garbage input, the cached default model, and
the held-out comparison with SnowNLP. The model is trained once for the module (about ten
seconds) into a temporary model directory."""

import json
import threading

import numpy as np
import pytest

from fangxin.textintel import sentiment
from fangxin.textintel.sentiment import (
    LABELS,
    SentimentModel,
    default_sentiment_model,
    evaluate_sentiment,
    evaluate_sentiment_report,
    snownlp_label,
)


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    directory = tmp_path_factory.mktemp("textintel")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FANGXIN_TEXTINTEL_DIR", str(directory))
        sentiment.reset_default_sentiment_model()
        trained = default_sentiment_model()  # trains on first use and caches the file
        yield trained
    sentiment.reset_default_sentiment_model()


@pytest.fixture
def model_dir(model, monkeypatch):
    """The module's model directory, with the default model loaded from it."""
    directory = sentiment.model_dir()  # still the module's directory inside the fixture
    return directory


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("工作人员很耐心，三天就帮我退了款，非常满意！", "positive"),
        ("这家店的东西新鲜，老板也实在，推荐。", "positive"),
        ("投诉一个月了都没人管，太失望了。", "negative"),
        ("菜里吃出了虫子，老板还不承认，再也不来了。", "negative"),
        ("请问七天无理由退货需要保留包装吗？", "neutral"),
        ("本店营业时间为上午九点至晚上九点。", "neutral"),
        ("无", "neutral"),
    ],
)
def test_clear_cases_get_their_label(model, text, label):
    assert model.predict(text) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("没毛病，下次还来", "positive"),
        ("不是不满意，是非常满意", "positive"),
        ("踩雷了，大家避雷这家店", "negative"),
        ("服务太拉胯了", "negative"),
        ("虽然等了几天，但结果很满意", "positive"),
        ("人倒是挺客气，可就是不给退款", "negative"),
        ("服務態度很好，非常滿意", "positive"),
        ("请问健身卡可以转给别人吗？", "neutral"),
    ],
)
def test_negation_contrast_slang_and_traditional_characters(model, text, label):
    assert model.predict(text) == label


def test_cue_words_are_negated_across_degree_words():
    assert sentiment._cues("不太满意")[:2] == [0, 1]
    assert sentiment._cues("不是不满意")[:2] == [1, 0]
    assert sentiment._cues("很不满意")[:2] == [0, 1]
    # the clause after the last turn is counted again
    assert sentiment._cues("还行吧，就是太贵了")[-2:] == [0, 1]


def test_one_by_one_scoring_matches_the_batch_path(model):
    texts = ["服务很好", "太差了", "请问地址在哪里", "还行吧，价格有点贵", "👍", "x"] * 5
    assert len(texts) > sentiment._SMALL_BATCH
    batch = model._probabilities(texts)
    single = [model._probabilities([t])[0] for t in texts]
    np.testing.assert_allclose(batch, np.array(single), atol=1e-9)


def test_probabilities_cover_the_three_labels_and_agree_with_the_answer(model):
    for text in ("服务很好", "态度恶劣，拖了两个月", "包裹已到达转运中心", ""):
        proba = model.predict_proba(text)
        assert set(proba) == set(LABELS)
        assert abs(sum(proba.values()) - 1) < 1e-4
        assert all(0 <= p <= 1 for p in proba.values())
        assert model.predict(text) == max(proba, key=proba.get)


def test_predict_many_answers_like_predict(model):
    texts = ["很满意，谢谢", "差评，骗人的", "请问怎么查询进度？", "一般吧"]
    assert model.predict_many(texts) == [model.predict(t) for t in texts]
    assert model.predict_many([]) == []


@pytest.mark.parametrize(
    "junk",
    [
        "",
        None,
        "   \n\t ",
        "。。。！！！",
        "\x00\x01\ufffd\ufffd",
        b"\xff\xfe\x89\x00\r\n",
        "\ud800\udfff",
        12345,
        ["not", "text"],
    ],
)
def test_text_without_words_is_neutral_and_never_raises(model, junk):
    assert model.predict(junk) == "neutral"
    assert model.predict_proba(junk)["neutral"] == 1.0


@pytest.mark.parametrize(
    "odd",
    [
        "😀😀😀",
        "👍👍",
        "😡😡",
        "a" * 1_000_000,
        "好" * 100_000,
        "مرحبا Привет 你好 hello",
        "垃圾" * 50,
    ],
)
def test_odd_input_gets_a_label(model, odd):
    assert model.predict(odd) in LABELS


def test_emoji_carry_sentiment(model):
    assert model.predict("👍👍👍") == "positive"
    assert model.predict("😡😡😡") == "negative"


def test_a_saved_model_loads_with_the_same_answers(model, tmp_path):
    path = model.save(tmp_path / "sentiment.npz")
    loaded = SentimentModel.load(path)
    assert loaded.version == model.version and loaded.version.startswith("sent-")
    for text in ("服务很好", "太差了", "请问地址在哪里", "还行吧，价格有点贵"):
        assert loaded.predict_proba(text) == pytest.approx(model.predict_proba(text), abs=1e-4)


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(ValueError):
        SentimentModel.load(bad)


def test_the_default_model_is_cached_and_loaded_once_per_process(model, model_dir):
    cached = list(model_dir.glob("sentiment-*.npz"))
    assert len(cached) == 1
    sentiment.reset_default_sentiment_model()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FANGXIN_TEXTINTEL_DIR", str(model_dir))
        mp.setattr(sentiment, "train_sentiment", lambda **_: pytest.fail("must load, not train"))
        seen = []
        threads = [
            threading.Thread(target=lambda: seen.append(default_sentiment_model()))
            for _ in range(8)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len({id(m) for m in seen}) == 1
        assert seen[0].version == model.version
    sentiment.reset_default_sentiment_model()


def test_snownlp_label_reads_the_documented_band():
    assert snownlp_label("非常好，很满意，强烈推荐") == "positive"
    assert snownlp_label("太差了，非常失望，再也不买了") == "negative"
    assert snownlp_label("") == "neutral"
    assert snownlp_label(None) == "neutral"


def test_evaluation_scores_both_models_and_skips_unlabelled_records(model):
    records = [
        {"text": "服务很好，谢谢", "label": "positive"},
        {"text": "太坑了", "label": "negative"},
        {"text": "请问几点下班？", "label": "neutral"},
        {"text": "没有标签"},
        {"text": "标签不对", "label": "happy"},
    ]
    report = evaluate_sentiment(records, model=model)
    assert report["n"] == 3 and report["skipped"] == 2
    assert 0 <= report["accuracy"] <= 1 and 0 <= report["snownlp_accuracy"] <= 1
    assert set(report["per_class"]) == set(LABELS)
    assert set(report["per_class"]["positive"]) == {"precision", "recall", "f1", "support"}
    assert report["confusion"]["labels"] == list(LABELS)
    assert sum(map(sum, report["confusion"]["matrix"])) == 3
    json.dumps(report)  # evaluate.py prints it as JSON


def test_the_dev_set_has_all_three_labels_and_no_training_text():
    data = sentiment.dataset()
    dev = data["dev"]
    assert len(dev) >= 200
    assert {r["label"] for r in dev} == set(LABELS)
    train = {r["text"] for r in data["train"]}
    assert not train & {r["text"] for r in dev}
    assert not train & {r["text"] for r in data["heldout_corpus"] + data["heldout_neutral"]}


def test_on_held_out_texts_the_model_beats_snownlp(model):
    report = evaluate_sentiment_report(corpus_limit=300)
    assert report["n"] >= 300 + 200
    assert report["accuracy"] > report["snownlp_accuracy"]
    for part in ("corpus", "neutral", "dev"):
        scores = report["parts"][part]
        assert scores["accuracy"] > scores["snownlp_accuracy"], part
    assert report["parts"]["dev"]["accuracy"] >= 0.85
    assert report["parts"]["neutral"]["accuracy"] >= 0.85
