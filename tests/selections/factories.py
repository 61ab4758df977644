"""Selections built through the services, as staff would, up to the state a test needs."""

import datetime
from decimal import Decimal

from django.utils import timezone

from fangxin.selections import services
from fangxin.selections.models import Selection
from tests.campaigns.factories import campaign

NAMES = ("兴县红枣", "兴县小米", "沙棘汁")
ORDER = ["nominating", "reviewing", "scoring", "voting"]
# Irregular gaps (seconds) between ordinary votes: people do not vote on a timer.
GAPS = (37, 211, 95, 402, 13, 160, 71, 288, 49, 133, 512, 21)


def noon(days: int = 0) -> datetime.datetime:
    """Local noon, so that a few minutes either way stay on the same day."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def phone(i: int) -> str:
    """A valid mobile number; different i give numbers of different blocks."""
    return f"1{3 + i % 6}{i % 100:02d}{(i * 7919 + 1234567) % 10**7:07d}"


def address(i: int) -> str:
    return f"10.{i // 250 % 250}.{i % 250}.{(i * 37) % 250 + 1}"


def make_selection(
    org,
    personas,
    *,
    state: str = "voting",
    public_vote: bool = True,
    names=NAMES,
    expert_weight: str = "70",
    vote_weight: str = "30",
    winners: int = 2,
    experts=("head", "leader"),
) -> Selection:
    leader = personas["leader"]
    today = timezone.localdate()
    selection = services.selection_create(
        actor=leader,
        campaign=campaign(org),
        kind=Selection.Kind.SOUVENIR,
        title="兴县伴手礼评选",
        rules="本县生产、品质稳定、无投诉记录。",
        winners_count=winners,
        expert_weight=Decimal(expert_weight if public_vote else "100"),
        vote_weight=Decimal(vote_weight if public_vote else "0"),
        public_vote=public_vote,
        vote_starts_on=today - datetime.timedelta(days=1) if public_vote else None,
        vote_ends_on=today + datetime.timedelta(days=7) if public_vote else None,
    )
    services.selection_experts_set(
        actor=leader, selection=selection, experts=[personas[e] for e in experts]
    )
    targets = ORDER[: ORDER.index(state) + 1] if state in ORDER else []
    for step in targets:
        if step == "voting" and not public_vote:
            break
        selection = services.selection_move(
            actor=leader, selection=selection, to_state=step, reason=f"进入{step}"
        )
        if step == "nominating":
            for name in names:
                services.candidate_nominate(
                    actor=leader, selection=selection, name=name, organisation="兴县某农业合作社"
                )
        if step == "reviewing":
            for candidate in selection.candidates.all():
                services.candidate_decide(
                    actor=leader, candidate=candidate, eligible=True, reason="材料齐全"
                )
    return selection


def score_all(selection, personas, scores: dict[str, tuple[str, ...]], experts=("head", "leader")):
    """scores: candidate name → one score per expert, in the order of `experts`."""
    for candidate in selection.candidates.all():
        for expert, value in zip(experts, scores[candidate.name], strict=True):
            services.score_submit(actor=personas[expert], candidate=candidate, score=Decimal(value))


def candidate(selection, name: str = NAMES[0]):
    return selection.candidates.get(name=name)
