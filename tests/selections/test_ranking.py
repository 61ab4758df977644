"""The weighted final ranking."""

from decimal import Decimal

import pytest

from fangxin.selections.ranking import CandidateInput, expert_average, rank


def d(*values):
    return tuple(Decimal(v) for v in values)


def test_total_is_the_weighted_expert_average_plus_the_weighted_normalised_vote_score():
    rows = rank(
        [
            CandidateInput(1, "红枣", d("90", "80"), 50),
            CandidateInput(2, "小米", d("70", "80"), 100),
        ],
        expert_weight=Decimal("70"),
        vote_weight=Decimal("30"),
        winners_count=1,
    )
    by_name = {r.name: r for r in rows}
    # 红枣: 85 × 0.7 + 50 × 0.3 = 74.5; 小米: 75 × 0.7 + 100 × 0.3 = 82.5
    assert by_name["红枣"].expert_average == Decimal("85.00")
    assert by_name["红枣"].vote_score == Decimal("50.00")
    assert by_name["红枣"].total == Decimal("74.50")
    assert by_name["小米"].total == Decimal("82.50")
    assert [r.name for r in rows] == ["小米", "红枣"]
    assert [r.is_winner for r in rows] == [True, False]
    assert by_name["红枣"].vote_share == Decimal("33.33")


def test_without_votes_only_the_experts_decide():
    rows = rank(
        [CandidateInput(1, "甲", d("60"), 0), CandidateInput(2, "乙", d("88.5"), 0)],
        expert_weight=Decimal("100"),
        vote_weight=Decimal("0"),
        winners_count=1,
    )
    assert rows[0].name == "乙" and rows[0].total == Decimal("88.50")


def test_equal_candidates_share_a_rank_and_a_tie_at_the_last_place_all_enter():
    rows = rank(
        [
            CandidateInput(1, "甲", d("90"), 10),
            CandidateInput(2, "乙", d("80"), 10),
            CandidateInput(3, "丙", d("80"), 10),
        ],
        expert_weight=Decimal("50"),
        vote_weight=Decimal("50"),
        winners_count=2,
    )
    assert [r.rank for r in rows] == [1, 2, 2]
    assert all(r.is_winner for r in rows)


def test_weights_that_do_not_sum_to_100_are_refused():
    with pytest.raises(ValueError):
        rank([], expert_weight=Decimal("60"), vote_weight=Decimal("30"), winners_count=1)


def test_the_expert_average_rounds_half_up_to_cents():
    assert expert_average(d("80", "85", "85")) == Decimal("83.33")
    assert expert_average(d("80.005")) == Decimal("80.01")
