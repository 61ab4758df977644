"""Repeated filings and mass-complaint clusters on hand-made batches."""

import datetime

from fangxin.textintel.cluster import Doc, block_key, clusters, keywords, near_duplicates

DAY = datetime.date(2026, 3, 1)
GYM = [
    "强身健身俱乐部突然关门，我办的年卡还有8个月没用，老板联系不上，要求退还预付款。",
    "健身房关门跑路了！年卡3000元刚办两个月，私教课也没上完，要求退钱",
    "强身健身俱乐部停业，门上贴了装修通知但一直不开门，会员卡余额无法退还。",
    "我在强身健身办的会员卡，现在健身房关门了，老板电话打不通，希望帮忙退卡费。",
    "健身俱乐部关门，预付的私教课费用6000元没人退，很多会员都在群里维权",
]


def _docs(texts, key="m:7", start=DAY, step=1, person=""):
    return [
        Doc(
            id=i + 1,
            text=t,
            key=key,
            day=start + datetime.timedelta(days=i * step),
            person=person or f"p{i}",
        )
        for i, t in enumerate(texts)
    ]


def test_complaints_about_a_closed_gym_form_one_cluster():
    found = clusters(_docs(GYM), min_size=3)
    assert len(found) == 1 and sorted(found[0].ids) == [1, 2, 3, 4, 5]
    assert found[0].first_day == DAY and found[0].last_day == DAY + datetime.timedelta(days=4)


def test_a_cluster_is_labelled_with_the_shared_words():
    assert {"关门", "健身房"} & set(keywords(GYM))


def test_unrelated_complaints_against_the_same_shop_do_not_cluster():
    texts = [
        "买的电视机屏幕有坏点，要求更换被拒绝",
        "店员态度恶劣，辱骂消费者",
        "收银多收了20元停车费",
    ]
    assert clusters(_docs(texts), min_size=3) == []


def test_complaints_far_apart_in_time_stay_apart():
    assert clusters(_docs(GYM, step=60), window_days=30, min_size=3) == []


def test_complaints_against_different_merchants_are_never_compared():
    docs = _docs(GYM[:3], key="m:1") + [
        Doc(id=10 + i, text=t, key="m:2", day=DAY) for i, t in enumerate(GYM[3:])
    ]
    assert clusters(docs, min_size=3)[0].ids == [1, 2, 3]


def test_the_same_person_filing_the_same_matter_again_is_a_near_duplicate():
    text = "强身健身俱乐部关门了，我的年卡还有8个月，要求退款3000元。"
    again = "强身健身俱乐部关门了，我的年卡还剩8个月，要求退款3000元！！"
    docs = [
        Doc(1, text, "m:7", DAY, person="a"),
        Doc(2, again, "m:7", DAY + datetime.timedelta(days=3), person="a"),
        Doc(3, again, "m:7", DAY + datetime.timedelta(days=3), person="b"),
    ]
    assert [(a, b) for a, b, _ in near_duplicates(docs)] == [(1, 2)]


def test_unregistered_respondents_are_blocked_by_their_distinctive_name():
    assert block_key(None, "兴县强身健身俱乐部") == block_key(None, "强身健身")
    assert block_key(5, "随便什么") == "m:5"
    assert block_key(None, "") == ""


def test_garbage_never_raises():
    docs = [Doc(i, t, "m:1", DAY) for i, t in enumerate(["", "😀😀", "\x00\x01", "a" * 100000])]
    assert clusters(docs) == [] or isinstance(clusters(docs), list)
    assert near_duplicates([]) == [] and clusters([]) == []
