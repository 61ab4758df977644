"""The selection's state machine, candidates, eligibility, expert scores and the final list."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fangxin.audit.models import AuditEvent
from fangxin.selections import services, voting
from fangxin.selections.models import Candidate, ExpertScore, FinalList, Selection
from tests.campaigns.factories import campaign
from tests.selections.factories import candidate, make_selection, noon, phone, score_all

pytestmark = pytest.mark.django_db
SCORES = {"兴县红枣": ("90", "80"), "兴县小米": ("70", "80"), "沙棘汁": ("60", "62")}


def _create(personas, org, **overrides):
    values = {
        "actor": personas["leader"],
        "campaign": campaign(org),
        "kind": Selection.Kind.SOUVENIR,
        "title": "兴县伴手礼评选",
        "winners_count": 3,
        "expert_weight": Decimal("60"),
        "vote_weight": Decimal("40"),
        "public_vote": False,
    }
    return services.selection_create(**{**values, **overrides})


def test_weights_that_do_not_sum_to_100_are_refused_and_nothing_is_written(org, personas):
    with pytest.raises(ValidationError) as caught:
        _create(personas, org, public_vote=True, vote_starts_on=noon().date(),
                vote_ends_on=noon().date(), vote_weight=Decimal("30"))  # fmt: skip
    assert caught.value.message_dict == {"vote_weight": ["专家评分权重与公众投票权重之和应为100。"]}
    assert not Selection.objects.exists()


def test_a_selection_without_a_public_vote_gives_the_vote_no_weight(org, personas):
    with pytest.raises(ValidationError) as caught:
        _create(personas, org)
    assert caught.value.message_dict == {"vote_weight": ["不设公众投票时，公众投票权重应为0。"]}


def test_a_public_vote_needs_its_dates(org, personas):
    with pytest.raises(ValidationError) as caught:
        _create(personas, org, public_vote=True)
    assert "vote_starts_on" in caught.value.message_dict


def test_a_handler_cannot_create_a_selection(org, personas):
    with pytest.raises(ValidationError, match="单位负责人、局领导或管理员"):
        _create(personas, org, actor=personas["handler"], expert_weight=Decimal("100"),
                vote_weight=Decimal("0"))  # fmt: skip


def test_each_move_is_stored_with_who_and_why(org, personas):
    selection = make_selection(org, personas, state="reviewing")
    moves = list(selection.transitions.values_list("from_state", "to_state", "actor", "reason"))
    leader = personas["leader"].pk
    assert moves == [
        ("draft", "nominating", leader, "进入nominating"),
        ("nominating", "reviewing", leader, "进入reviewing"),
    ]
    assert AuditEvent.objects.filter(action="selection.move").count() == 2


def test_an_illegal_move_is_refused_and_nothing_changes(org, personas):
    selection = make_selection(org, personas, state="draft")
    with pytest.raises(ValidationError) as caught:
        services.selection_move(
            actor=personas["leader"], selection=selection, to_state="voting", reason="跳过"
        )
    assert caught.value.message_dict == {"state": ["评选当前为“草稿”，不能转为“公众投票”。"]}
    selection.refresh_from_db()
    assert selection.state == "draft" and not selection.transitions.exists()


def test_a_move_needs_a_reason(org, personas):
    selection = make_selection(org, personas, state="draft")
    with pytest.raises(ValidationError) as caught:
        services.selection_move(
            actor=personas["leader"], selection=selection, to_state="nominating", reason=""
        )
    assert caught.value.message_dict == {"reason": ["请填写说明。"]}


def test_scoring_cannot_start_while_a_candidate_awaits_its_eligibility_review(org, personas):
    selection = make_selection(org, personas, state="nominating")
    selection = services.selection_move(
        actor=personas["leader"], selection=selection, to_state="reviewing", reason="截止"
    )
    with pytest.raises(ValidationError, match="还有3个候选对象未作资格审查"):
        services.selection_move(
            actor=personas["leader"], selection=selection, to_state="scoring", reason="评审"
        )


def test_a_candidate_found_ineligible_needs_a_reason(org, personas):
    selection = make_selection(org, personas, state="reviewing")
    with pytest.raises(ValidationError) as caught:
        services.candidate_decide(
            actor=personas["leader"], candidate=candidate(selection), eligible=False, reason=""
        )
    assert caught.value.message_dict == {"reason": ["请填写审查意见。"]}


def test_a_duplicate_nomination_is_refused(org, personas):
    selection = make_selection(org, personas, state="nominating")
    with pytest.raises(ValidationError) as caught:
        services.candidate_nominate(
            actor=personas["leader"], selection=selection, name="兴县红枣",
            organisation="兴县某农业合作社",
        )  # fmt: skip
    assert caught.value.message_dict == {"name": ["该候选对象已在名单中。"]}
    assert selection.candidates.count() == 3


def test_an_application_keeps_the_contact_number_and_awaits_review(org, personas):
    selection = make_selection(org, personas, state="nominating")
    applied = services.candidate_apply(
        selection=selection, phone=phone(5), name="兴县粉条", organisation="某粉条厂",
        description="传统工艺。",
    )  # fmt: skip
    assert applied.source == Candidate.Source.APPLIED and applied.eligibility == "pending"
    event = AuditEvent.objects.filter(action="selection.candidate_add").last()
    assert phone(5) not in str(event.changes)


def test_only_an_assigned_expert_scores(org, personas):
    selection = make_selection(org, personas, state="scoring")
    with pytest.raises(ValidationError, match="不是本次评选的评审专家"):
        services.score_submit(
            actor=personas["handler"], candidate=candidate(selection), score=Decimal("90")
        )
    assert not ExpertScore.objects.exists()


def test_a_score_above_100_is_refused(org, personas):
    selection = make_selection(org, personas, state="scoring")
    with pytest.raises(ValidationError) as caught:
        services.score_submit(
            actor=personas["head"], candidate=candidate(selection), score=Decimal("100.5")
        )
    assert caught.value.message_dict == {"score": ["评分应在0至100之间。"]}


def test_an_expert_corrects_a_score_and_keeps_one_per_candidate(org, personas):
    selection = make_selection(org, personas, state="scoring")
    for value in ("80", "85"):
        services.score_submit(
            actor=personas["head"], candidate=candidate(selection), score=Decimal(value)
        )
    assert list(ExpertScore.objects.values_list("score", flat=True)) == [Decimal("85")]


def test_finalising_waits_for_every_experts_scores(org, personas):
    selection = make_selection(org, personas, state="scoring", public_vote=False)
    services.score_submit(
        actor=personas["head"], candidate=candidate(selection), score=Decimal("80")
    )
    with pytest.raises(ValidationError, match="尚有2个候选对象未评分"):
        services.selection_move(
            actor=personas["leader"], selection=selection, to_state="finalised", reason="核定"
        )
    assert not FinalList.objects.exists()


def test_finalising_waits_until_held_votes_are_reviewed(org, personas):
    selection = make_selection(org, personas)
    score_all(selection, personas, SCORES)
    for i in range(1, 4):
        voting.vote_cast(
            selection=selection, candidate=candidate(selection), phone=f"1390000000{i}",
            address=f"10.0.0.{i}", now=noon(),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="还有3张待审核的投票"):
        services.selection_move(
            actor=personas["leader"], selection=selection, to_state="finalised", reason="核定"
        )


def test_a_selection_with_a_public_vote_cannot_skip_the_vote(org, personas):
    selection = make_selection(org, personas, state="scoring")
    score_all(selection, personas, SCORES)
    with pytest.raises(ValidationError, match="请先进行投票"):
        services.selection_move(
            actor=personas["leader"], selection=selection, to_state="finalised", reason="核定"
        )


def test_the_final_list_weights_expert_scores_and_counted_votes_only(org, personas):
    selection = make_selection(org, personas, winners=1)
    score_all(selection, personas, SCORES)
    vote_phones = {"兴县红枣": 1, "兴县小米": 2}
    i = 0
    for name, n in vote_phones.items():
        for _ in range(n):
            i += 1
            voting.vote_cast(
                selection=selection, candidate=candidate(selection, name), phone=phone(i),
                address=f"10.0.{i}.1", now=noon(),
            )  # fmt: skip
    # A block for 沙棘汁, held and then rejected: it must not count.
    for k in range(1, 4):
        voting.vote_cast(
            selection=selection, candidate=candidate(selection, "沙棘汁"),
            phone=f"1390000000{k}", address=f"10.9.{k}.1", now=noon(),
        )  # fmt: skip
    voting.votes_review(
        actor=personas["leader"], selection=selection,
        vote_ids=selection.votes.filter(status="held").values_list("pk", flat=True),
        release=False, note="连号刷票",
    )  # fmt: skip
    selection = services.selection_move(
        actor=personas["leader"], selection=selection, to_state="finalised", reason="核定"
    )
    final = selection.final
    entries = {e.candidate.name: e for e in final.entries.select_related("candidate")}
    # 小米: 75 × 0.7 + 100 × 0.3 = 82.5; 红枣: 85 × 0.7 + 50 × 0.3 = 74.5; 沙棘汁: 61 × 0.7
    assert entries["兴县小米"].total == Decimal("82.50") and entries["兴县小米"].is_winner
    assert entries["兴县红枣"].total == Decimal("74.50") and not entries["兴县红枣"].is_winner
    assert entries["沙棘汁"].votes == 0 and entries["沙棘汁"].total == Decimal("42.70")
    assert (final.votes_counted, final.votes_rejected, final.votes_held) == (3, 3, 0)
    row = final.inputs["candidates"][0]
    assert row["name"] == "兴县小米" and row["scores"] == {"专家1": "70.00", "专家2": "80.00"}


def test_publishing_records_the_time_and_is_final(org, personas):
    selection = make_selection(org, personas, state="scoring", public_vote=False)
    score_all(selection, personas, SCORES)
    leader = personas["leader"]
    services.selection_move(actor=leader, selection=selection, to_state="finalised", reason="核定")
    selection = services.selection_move(
        actor=leader, selection=selection, to_state="published", reason="局务会通过"
    )
    assert selection.published_at is not None
    with pytest.raises(ValidationError):
        services.selection_move(
            actor=leader, selection=selection, to_state="finalised", reason="重算"
        )
