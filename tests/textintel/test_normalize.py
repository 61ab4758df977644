import os
import time

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fangxin.textintel.normalize import MAX_CHARS, normalize, to_simplified
from fangxin.textintel.segment import domain_tokens, index_tokens, query_tokens

TRADITIONAL = [
    "我在健身房辦了一張年卡，結果商家三個月後就關門跑路了",
    "理髮店的頭髮護理收費太貴",
    "一目瞭然的乾坤大挪移，乾燥的天氣",
    "著名的著作，我們的錢被騙了",
    "遊戲帳號被盜，客服說帳號安全是玩家自己的責任",
]


def test_full_width_forms_become_ordinary_and_spaces_collapse():
    assert normalize("  ＡＢＣ健身房\n\n\t花了３８００元，　太坑了！  ") == (
        "ABC健身房 花了3800元, 太坑了!"
    )


def test_traditional_text_becomes_simplified_as_opencc_does():
    converter = opencc.OpenCC("t2s")
    for text in TRADITIONAL:
        assert to_simplified(text) == converter.convert(text)
    assert normalize(TRADITIONAL[0]).startswith("我在健身房办了一张年卡")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(list("辦張結後關門錢騙著乾瞭髮頭遊帳號盜說責任们的了 ，")), max_size=40
    )
)
def test_conversion_matches_opencc_on_mixed_characters(chars):
    text = "".join(chars)
    assert to_simplified(text) == opencc.OpenCC("t2s").convert(text)


def test_control_and_binary_junk_is_removed():
    assert normalize("退\x00款\x07\ufeff\u200b了\ud800\ue000") == "退款了"
    assert normalize("a\u202eb") == "ab"


@pytest.mark.parametrize(
    "value",
    [None, "", "   ", 12, 3.5, b"\xff\xfe\x00abc", bytearray(b"\xe4\xbd\xa0"), ["list"]],
)
def test_any_value_gives_a_string(value):
    assert isinstance(normalize(value), str)


def test_emoji_only_and_mixed_scripts_are_kept_as_text():
    assert normalize("😀😀😀") == "😀😀😀"
    mixed = normalize("我买的iPhone 15 Pro, тест, テスト, 한국어, العربية 坏了")
    assert "iPhone 15 Pro" in mixed and "坏了" in mixed


def test_long_input_is_cut_and_cheap():
    big = "我們的錢被騙了，" * 150_000  # about 1.2 million characters
    start = time.perf_counter()
    out = normalize(big)
    assert time.perf_counter() - start < 0.5
    assert len(out) <= MAX_CHARS and out.startswith("我们的钱被骗了")


def test_random_bytes_decoded_with_replacement_never_break_it():
    for _ in range(20):
        text = os.urandom(5000).decode("utf-8", errors="replace")
        out = normalize(text)
        assert "\ufffd" not in out and len(out) <= MAX_CHARS


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_normalize_never_raises_and_leaves_no_controls(text):
    out = normalize(text)
    assert len(out) <= MAX_CHARS
    assert out == out.strip()
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in out)
    out.encode("utf-8")  # no lone surrogates left


def test_realistic_texts_are_stable_under_a_second_pass():
    for text in TRADITIONAL + ["投诉：在ＸＸ超市买的牛奶过期了！！", "健身房跑路了 卡里还有3000"]:
        once = normalize(text)
        assert normalize(once) == once


def test_domain_words_stay_whole_and_search_tokens_are_unchanged():
    words = domain_tokens(normalize("私教课还剩20节，直播带货买的医美项目，预付卡跑路了").lower())
    assert {"私教课", "直播带货", "预付卡"} <= set(words)
    assert "," not in words and " " not in words
    # Search keeps the default dictionary (stored search texts were built with it).
    assert "健身" in index_tokens("健身房") and "健身房" in index_tokens("健身房")
    assert query_tokens("健身房 退款") == ["健身房", "退款"]


def test_the_gb2312_shortcut_misses_no_character_opencc_converts():
    from fangxin.textintel.normalize import _GB2312_CONVERTED, _t2s_tables

    for ch in _t2s_tables()[0]:
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        assert _GB2312_CONVERTED.search(ch), ch
