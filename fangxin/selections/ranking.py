"""The final ranking, a pure computation the results page explains:

    专家得分 = the mean of the experts' scores (0–100)
    投票得分 = 100 × the candidate's counted votes / the most counted votes of any candidate
    综合得分 = 专家得分 × 专家权重% + 投票得分 × 投票权重%

Each intermediate value is rounded to 0.01 (half up) before it is used, so anyone can redo
the sum from the published figures. Candidates are ordered by 综合得分, then 专家得分, then
votes; equal on all three they share a rank, and a tie at the last place all enter the list."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CandidateInput:
    candidate_id: int
    name: str
    scores: tuple[Decimal, ...]
    votes: int


@dataclass(frozen=True)
class RankedRow:
    candidate_id: int
    name: str
    expert_average: Decimal
    votes: int
    vote_share: Decimal  # percent of all counted votes, for information
    vote_score: Decimal
    total: Decimal
    rank: int
    is_winner: bool


def expert_average(scores: Sequence[Decimal]) -> Decimal:
    if not scores:
        return Decimal("0.00")
    return _round(sum(scores, Decimal(0)) / len(scores))


def rank(
    candidates: Sequence[CandidateInput],
    *,
    expert_weight: Decimal,
    vote_weight: Decimal,
    winners_count: int,
) -> list[RankedRow]:
    if expert_weight + vote_weight != HUNDRED:
        raise ValueError("weights must sum to 100")
    most = max((c.votes for c in candidates), default=0)
    all_votes = sum(c.votes for c in candidates)
    scored = []
    for c in candidates:
        average = expert_average(c.scores)
        vote_score = _round(HUNDRED * c.votes / most) if most else Decimal("0.00")
        share = _round(HUNDRED * c.votes / all_votes) if all_votes else Decimal("0.00")
        total = _round((average * expert_weight + vote_score * vote_weight) / HUNDRED)
        scored.append((c, average, vote_score, share, total))
    scored.sort(key=lambda s: (-s[4], -s[1], -s[0].votes, s[0].name, s[0].candidate_id))
    rows: list[RankedRow] = []
    previous_key, previous_rank = None, 0
    for position, (c, average, vote_score, share, total) in enumerate(scored, start=1):
        key = (total, average, c.votes)
        place = previous_rank if key == previous_key else position
        previous_key, previous_rank = key, place
        rows.append(
            RankedRow(
                candidate_id=c.candidate_id,
                name=c.name,
                expert_average=average,
                votes=c.votes,
                vote_share=share,
                vote_score=vote_score,
                total=total,
                rank=place,
                is_winner=place <= winners_count,
            )
        )
    return rows
