"""Rises that chance does not explain, on made-up weekly counts."""

from fangxin.textintel.hotspots import rises, top

BASELINE = [
    {"预付式消费": 10, "食品": 20, "网络购物": 30},
    {"预付式消费": 12, "食品": 18, "网络购物": 28},
    {"预付式消费": 9, "食品": 22, "网络购物": 31},
    {"预付式消费": 11, "食品": 19, "网络购物": 29},
]


def test_a_sector_that_triples_is_a_rise():
    found = rises({"预付式消费": 33, "食品": 20, "网络购物": 30}, BASELINE)
    assert [r.key for r in found] == ["预付式消费"]
    assert found[0].ratio > 2 and found[0].q_value < 0.05


def test_ordinary_fluctuation_is_not_a_rise():
    assert rises({"预付式消费": 13, "食品": 17, "网络购物": 32}, BASELINE) == []


def test_a_busier_week_overall_does_not_make_every_sector_rise():
    assert rises({"预付式消费": 21, "食品": 40, "网络购物": 60}, BASELINE) == []


def test_a_new_key_with_many_complaints_rises_and_one_with_few_does_not():
    current = {"医疗美容": 8, "老年消费/保健品": 3, "预付式消费": 10, "食品": 20, "网络购物": 30}
    found = rises(current, BASELINE)
    assert [r.key for r in found] == ["医疗美容"]


def test_empty_input_gives_nothing():
    assert rises({}, BASELINE) == [] and rises({"食品": 5}, []) == []


def test_top_orders_by_count_then_name():
    assert top({"b": 2, "a": 2, "c": 5}, 2) == [("c", 5), ("a", 2)]
