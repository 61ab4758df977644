"""Fraud signals for public votes: pure functions over the votes already cast.

Each signal looks at the new vote and the earlier votes of the same selection and answers
whether the new vote belongs to a pattern one person produces more easily than a crowd:

- address_burst: many votes from one network address within minutes;
- address_rotation: many different numbers voting from one address within a day;
- number_block: several numbers of one block (same leading digits) voting for the same
  candidate within an hour — bought or sequential SIM cards;
- regular_timing: the last votes for a candidate arriving at machine-like even intervals;
- quick_after_verify: many votes for a candidate each cast within seconds of its number's
  verification — a script that verifies and votes in one go.

A vote that raises a signal is held for review, and so are the earlier votes of the same
pattern (the `related` ids); none is dropped. The thresholds are local policy, not law: see
docs/selections.md, and FANGXIN_SELECTION_FRAUD in settings may override them."""

import datetime
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace


@dataclass(frozen=True)
class Rules:
    burst_window_seconds: int = 600
    burst_limit: int = 4  # votes from one address in the window; the next one is held
    rotation_window_seconds: int = 86400
    rotation_limit: int = 8  # distinct numbers from one address in the window
    block_prefix_digits: int = 8
    block_window_seconds: int = 3600
    block_limit: int = 2  # numbers of one block for one candidate in the window
    timing_sample: int = 6  # the newest votes for a candidate looked at together
    timing_window_seconds: int = 1800
    timing_max_mean_seconds: float = 120.0
    timing_max_variation: float = 0.15  # standard deviation / mean of the intervals
    quick_seconds: int = 10
    quick_window_seconds: int = 600
    quick_limit: int = 4  # quick votes for one candidate in the window


DEFAULT_RULES = Rules()


def rules_from(overrides: dict | None) -> Rules:
    """The default rules with the known keys of `overrides` replaced."""
    known = {f.name for f in fields(Rules)}
    return replace(DEFAULT_RULES, **{k: v for k, v in (overrides or {}).items() if k in known})


@dataclass(frozen=True)
class VoteFact:
    id: int | None
    phone: str
    address: str | None
    candidate_id: int
    at: datetime.datetime
    verified_at: datetime.datetime | None = None


@dataclass(frozen=True)
class Signal:
    code: str
    message: str
    related: tuple[int, ...] = ()


def _within(votes: Iterable[VoteFact], now: datetime.datetime, seconds: float) -> list[VoteFact]:
    start = now - datetime.timedelta(seconds=seconds)
    return [v for v in votes if start <= v.at <= now]


def _ids(votes: Iterable[VoteFact]) -> tuple[int, ...]:
    return tuple(sorted(v.id for v in votes if v.id is not None))


def address_burst(vote: VoteFact, earlier: Sequence[VoteFact], rules: Rules) -> Signal | None:
    if not vote.address:
        return None
    same = [
        v
        for v in _within(earlier, vote.at, rules.burst_window_seconds)
        if v.address == vote.address
    ]
    if len(same) + 1 <= rules.burst_limit:
        return None
    minutes = rules.burst_window_seconds // 60
    return Signal(
        "address_burst",
        f"同一网络地址{minutes}分钟内投票{len(same) + 1}次（上限{rules.burst_limit}次）",
        _ids(same),
    )


def address_rotation(vote: VoteFact, earlier: Sequence[VoteFact], rules: Rules) -> Signal | None:
    if not vote.address:
        return None
    same = [
        v
        for v in _within(earlier, vote.at, rules.rotation_window_seconds)
        if v.address == vote.address
    ]
    numbers = {v.phone for v in same} | {vote.phone}
    if len(numbers) <= rules.rotation_limit:
        return None
    hours = rules.rotation_window_seconds // 3600
    return Signal(
        "address_rotation",
        f"同一网络地址{hours}小时内轮换使用{len(numbers)}个号码投票（上限{rules.rotation_limit}个）",
        _ids(same),
    )


def number_block(vote: VoteFact, earlier: Sequence[VoteFact], rules: Rules) -> Signal | None:
    prefix = vote.phone[: rules.block_prefix_digits]
    same = [
        v
        for v in _within(earlier, vote.at, rules.block_window_seconds)
        if v.candidate_id == vote.candidate_id
        and v.phone[: rules.block_prefix_digits] == prefix
        and v.phone != vote.phone
    ]
    numbers = {v.phone for v in same} | {vote.phone}
    if len(numbers) <= rules.block_limit:
        return None
    minutes = rules.block_window_seconds // 60
    return Signal(
        "number_block",
        f"{minutes}分钟内有{len(numbers)}个前{rules.block_prefix_digits}位相同的号码"
        f"投给同一候选对象（号段{prefix[:3]}****）",
        _ids(same),
    )


def regular_timing(vote: VoteFact, earlier: Sequence[VoteFact], rules: Rules) -> Signal | None:
    mine = sorted(
        (
            v
            for v in _within(earlier, vote.at, rules.timing_window_seconds)
            if v.candidate_id == vote.candidate_id
        ),
        key=lambda v: v.at,
    )
    sample = [*mine[-(rules.timing_sample - 1) :], vote] if rules.timing_sample > 1 else [vote]
    if len(sample) < rules.timing_sample:
        return None
    gaps = [(b.at - a.at).total_seconds() for a, b in zip(sample, sample[1:], strict=False)]
    mean = statistics.fmean(gaps)
    if mean > rules.timing_max_mean_seconds:
        return None
    # Nearly simultaneous votes, or intervals as even as a timer's: people do not click so.
    variation = statistics.pstdev(gaps) / mean if mean >= 1 else 0.0
    if variation > rules.timing_max_variation:
        return None
    return Signal(
        "regular_timing",
        f"最近{len(sample)}张投给同一候选对象的票间隔过于规律（平均{mean:.0f}秒，"
        f"离散系数{variation:.2f}）",
        _ids(sample[:-1]),
    )


def _quick(vote: VoteFact, seconds: int) -> bool:
    return vote.verified_at is not None and datetime.timedelta(
        0
    ) <= vote.at - vote.verified_at <= datetime.timedelta(seconds=seconds)


def quick_after_verify(vote: VoteFact, earlier: Sequence[VoteFact], rules: Rules) -> Signal | None:
    if not _quick(vote, rules.quick_seconds):
        return None
    quick = [
        v
        for v in _within(earlier, vote.at, rules.quick_window_seconds)
        if v.candidate_id == vote.candidate_id and _quick(v, rules.quick_seconds)
    ]
    if len(quick) + 1 <= rules.quick_limit:
        return None
    return Signal(
        "quick_after_verify",
        f"{rules.quick_window_seconds // 60}分钟内有{len(quick) + 1}张投给同一候选对象的票"
        f"在号码验证后{rules.quick_seconds}秒内投出",
        _ids(quick),
    )


SIGNALS = (address_burst, address_rotation, number_block, regular_timing, quick_after_verify)
CODES = {
    "address_burst": "同一地址集中投票",
    "address_rotation": "同一地址轮换号码",
    "number_block": "连号/同号段投票",
    "regular_timing": "投票时间规律异常",
    "quick_after_verify": "验证后秒投",
}


def evaluate(
    vote: VoteFact, earlier: Sequence[VoteFact], rules: Rules = DEFAULT_RULES
) -> list[Signal]:
    """Every signal the new vote raises, given the selection's earlier votes."""
    found = []
    for check in SIGNALS:
        signal = check(vote, earlier, rules)
        if signal is not None:
            found.append(signal)
    return found


def lookback(rules: Rules = DEFAULT_RULES) -> tuple[int, int]:
    """How far back (seconds) the signals look at votes from the same address, and at votes
    for the same candidate: only those earlier votes need loading."""
    by_address = max(rules.burst_window_seconds, rules.rotation_window_seconds)
    by_candidate = max(
        rules.block_window_seconds, rules.timing_window_seconds, rules.quick_window_seconds
    )
    return by_address, by_candidate
