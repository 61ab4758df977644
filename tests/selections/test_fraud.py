"""The fraud signals as pure functions: what each one catches and what it lets through."""

import datetime

from fangxin.selections import fraud
from fangxin.selections.fraud import VoteFact

T0 = datetime.datetime(2026, 3, 15, 4, 0, tzinfo=datetime.UTC)


def at(seconds: float) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=seconds)


def fact(i, seconds, *, phone=None, address=None, candidate=1, verified=None):
    return VoteFact(
        id=i,
        phone=phone or f"13{i:02d}{i * 7919 % 10**7:07d}",
        address=address or f"10.0.{i}.1",
        candidate_id=candidate,
        at=at(seconds),
        verified_at=at(verified) if verified is not None else None,
    )


def codes(vote, earlier):
    return [s.code for s in fraud.evaluate(vote, earlier)]


def test_ordinary_votes_from_different_people_raise_nothing():
    gaps = [0, 37, 248, 343, 745, 758, 918, 989]
    votes = [fact(i, s) for i, s in enumerate(gaps, start=1)]
    for n in range(1, len(votes)):
        assert codes(votes[n], votes[:n]) == []


def test_a_fifth_vote_from_one_address_within_ten_minutes_is_a_burst():
    earlier = [fact(i, i * 97, address="10.9.9.9", candidate=i) for i in range(1, 5)]
    vote = fact(5, 500, address="10.9.9.9", candidate=5)
    signal = fraud.address_burst(vote, earlier, fraud.DEFAULT_RULES)
    assert signal.code == "address_burst" and signal.related == (1, 2, 3, 4)
    assert fraud.address_burst(earlier[3], earlier[:3], fraud.DEFAULT_RULES) is None


def test_votes_from_one_address_spread_over_the_day_are_no_burst():
    earlier = [fact(i, i * 1800, address="10.9.9.9", candidate=i) for i in range(1, 5)]
    assert (
        fraud.address_burst(fact(5, 5 * 1800, address="10.9.9.9"), earlier, fraud.DEFAULT_RULES)
        is None
    )


def test_a_ninth_number_from_one_address_in_a_day_is_rotation():
    earlier = [fact(i, i * 1800, address="10.9.9.9", candidate=i) for i in range(1, 9)]
    vote = fact(9, 9 * 1800, address="10.9.9.9", candidate=9)
    assert "address_rotation" in codes(vote, earlier)
    assert "address_rotation" not in codes(earlier[7], earlier[:7])


def test_three_numbers_of_one_block_for_one_candidate_are_a_number_block():
    block = [fact(i, i * 300, phone=f"1390000000{i}") for i in range(1, 4)]
    signal = fraud.number_block(block[2], block[:2], fraud.DEFAULT_RULES)
    assert signal.code == "number_block" and signal.related == (1, 2)
    assert "139****" in signal.message and "1390000000" not in signal.message


def test_numbers_of_one_block_voting_for_different_candidates_are_not_a_block():
    block = [fact(i, i * 300, phone=f"1390000000{i}", candidate=i) for i in range(1, 4)]
    assert fraud.number_block(block[2], block[:2], fraud.DEFAULT_RULES) is None


def test_votes_at_even_intervals_for_one_candidate_are_machine_timing():
    votes = [fact(i, i * 30) for i in range(1, 7)]
    signal = fraud.regular_timing(votes[5], votes[:5], fraud.DEFAULT_RULES)
    assert signal.code == "regular_timing" and signal.related == (1, 2, 3, 4, 5)


def test_votes_at_the_same_second_are_machine_timing():
    votes = [fact(i, 100) for i in range(1, 7)]
    assert "regular_timing" in codes(votes[5], votes[:5])


def test_slightly_jittered_timer_votes_are_still_caught():
    seconds = [0, 30.5, 59.8, 90.2, 120.1, 150.4]
    votes = [fact(i, s) for i, s in enumerate(seconds, start=1)]
    assert "regular_timing" in codes(votes[5], votes[:5])


def test_a_fifth_vote_seconds_after_verification_for_one_candidate_is_flagged():
    gaps = [0, 37, 148, 243, 445]
    votes = [fact(i, s, verified=s - 3) for i, s in enumerate(gaps, start=1)]
    assert codes(votes[4], votes[:4]) == ["quick_after_verify"]
    assert codes(votes[3], votes[:3]) == []


def test_a_vote_long_after_verification_is_not_quick():
    gaps = [0, 37, 148, 243, 445]
    votes = [fact(i, s, verified=s - 3) for i, s in enumerate(gaps, start=1)]
    late = fact(9, 800, verified=500)
    assert fraud.quick_after_verify(late, votes, fraud.DEFAULT_RULES) is None


def test_thresholds_can_be_overridden_by_settings_values():
    rules = fraud.rules_from({"burst_limit": 2, "unknown": 1})
    assert rules.burst_limit == 2 and rules.rotation_limit == fraud.DEFAULT_RULES.rotation_limit
