"""Public votes through the service: one a day per number, fraud patterns held (never
dropped), staff review, and the race the database constraint settles."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from fangxin.audit.models import AuditEvent
from fangxin.selections import services, voting
from fangxin.selections.models import Vote
from tests.selections.factories import GAPS, address, candidate, make_selection, noon, phone

pytestmark = pytest.mark.django_db
# A few minutes of irregular clicks: one person at work, or a small crowd.
QUICK = (23, 41, 17, 58, 33, 29)


def cast(selection, i, *, at, who=None, where=None, name="兴县红枣", verified=None):
    return voting.vote_cast(
        selection=selection,
        candidate=candidate(selection, name),
        phone=who or phone(i),
        address=where or address(i),
        user_agent="Mozilla/5.0",
        verified_at=verified,
        now=at,
    )


def later(seconds: float, days: int = 0) -> datetime.datetime:
    return noon(days) + datetime.timedelta(seconds=seconds)


def statuses(selection):
    return list(selection.votes.order_by("created_at", "id").values_list("status", flat=True))


def test_a_vote_by_a_verified_number_is_counted_and_audited_without_the_number(org, personas):
    selection = make_selection(org, personas)
    vote = cast(selection, 1, at=later(0))
    assert vote.status == Vote.Status.COUNTED and vote.reasons == []
    event = AuditEvent.objects.get(action="selection.vote")
    assert phone(1) not in str(event.changes) and event.changes["phone"].startswith(phone(1)[:3])


def test_a_second_vote_of_the_same_number_on_the_same_day_is_refused_in_chinese(org, personas):
    selection = make_selection(org, personas)
    cast(selection, 1, at=later(0))
    with pytest.raises(ValidationError) as caught:
        cast(selection, 1, at=later(600), name="兴县小米")
    assert caught.value.message_dict == {"phone": [voting.ALREADY_VOTED]}
    assert selection.votes.count() == 1


def test_the_same_number_may_vote_again_the_next_day(org, personas):
    selection = make_selection(org, personas)
    cast(selection, 1, at=later(0))
    again = cast(selection, 1, at=later(0, days=1))
    assert again.status == Vote.Status.COUNTED and selection.votes.count() == 2


def test_a_racing_duplicate_is_stopped_by_the_database_constraint(org, personas, monkeypatch):
    selection = make_selection(org, personas)
    cast(selection, 1, at=later(0))
    events = AuditEvent.objects.count()
    # The other request passed the check before this one's vote was committed.
    monkeypatch.setattr(voting, "already_voted", lambda *args: False)
    with pytest.raises(ValidationError) as caught:
        cast(selection, 1, at=later(1))
    assert caught.value.message_dict == {"phone": [voting.ALREADY_VOTED]}
    assert selection.votes.count() == 1 and AuditEvent.objects.count() == events


def test_ordinary_votes_of_many_people_are_all_counted(org, personas):
    selection = make_selection(org, personas)
    t = 0
    for i, gap in enumerate(GAPS[:8], start=1):
        t += gap
        cast(selection, i, at=later(t))
    assert set(statuses(selection)) == {Vote.Status.COUNTED}


def test_number_rotation_from_one_address_holds_the_later_votes_and_the_earlier_ones(org, personas):
    selection = make_selection(org, personas)
    names = ["兴县红枣", "兴县小米", "沙棘汁"]
    t = 0
    for i, gap in enumerate(QUICK, start=1):
        t += gap
        cast(selection, i, at=later(t), where="10.8.8.8", name=names[i % 3])
    assert statuses(selection) == [Vote.Status.HELD] * 6
    fifth = selection.votes.order_by("created_at")[4]
    assert [r["code"] for r in fifth.reasons] == ["address_burst"]
    first = selection.votes.order_by("created_at")[0]
    assert "由投票#" in first.reasons[0]["message"]


def test_slow_rotation_of_numbers_from_one_address_over_a_day_is_held(org, personas):
    selection = make_selection(org, personas)
    names = ["兴县红枣", "兴县小米", "沙棘汁"]
    for i in range(1, 10):
        cast(selection, i, at=later(i * 1500 - 30000), where="10.8.8.8", name=names[i % 3])
    ninth = selection.votes.order_by("created_at").last()
    assert ninth.status == Vote.Status.HELD
    assert [r["code"] for r in ninth.reasons] == ["address_rotation"]


def test_a_block_of_sequential_numbers_for_one_candidate_is_held(org, personas):
    selection = make_selection(org, personas)
    for i, gap in enumerate((0, 313, 1207), start=1):
        cast(selection, i, at=later(gap), who=f"1390000000{i}")
    assert statuses(selection) == [Vote.Status.HELD] * 3
    assert selection.votes.order_by("created_at").last().reasons[0]["code"] == "number_block"


def test_a_scripted_burst_at_even_intervals_is_held(org, personas):
    selection = make_selection(org, personas)
    for i in range(1, 8):
        cast(selection, i, at=later(i * 30))
    assert statuses(selection) == [Vote.Status.HELD] * 7
    last = selection.votes.order_by("created_at").last()
    assert "regular_timing" in [r["code"] for r in last.reasons]


def test_votes_cast_seconds_after_each_verification_are_held(org, personas):
    selection = make_selection(org, personas)
    t = 0
    for i, gap in enumerate(QUICK[:5], start=1):
        t += gap
        cast(selection, i, at=later(t), verified=later(t - 2))
    assert selection.votes.order_by("created_at").last().reasons[0]["code"] == (
        "quick_after_verify"
    )
    assert selection.votes.filter(status=Vote.Status.COUNTED).count() == 0


def test_one_person_cannot_win_the_vote_with_a_script(org, personas):
    selection = make_selection(org, personas)
    t = 0
    for i, gap in enumerate(GAPS[:5], start=1):
        t += gap
        cast(selection, i, at=later(t), name="沙棘汁")
    # A script rotates a block of numbers from one machine, every 20 seconds.
    for i in range(1, 21):
        cast(selection, 100 + i, at=later(3000 + i * 20), who=f"1860000{i:04d}", where="10.7.7.7")
    counted = selection.votes.filter(status=Vote.Status.COUNTED)
    assert counted.filter(candidate__name="兴县红枣").count() == 0
    assert counted.filter(candidate__name="沙棘汁").count() == 5
    assert selection.votes.filter(status=Vote.Status.HELD).count() == 20


def test_staff_release_held_votes_and_they_count(org, personas):
    selection = make_selection(org, personas)
    for i, gap in enumerate((0, 313, 1207), start=1):
        cast(selection, i, at=later(gap), who=f"1390000000{i}")
    ids = list(selection.votes.values_list("pk", flat=True))
    voting.votes_review(
        actor=personas["leader"], selection=selection, vote_ids=ids, release=True,
        note="电话回访，确为一家人的号码",
    )  # fmt: skip
    assert set(statuses(selection)) == {Vote.Status.COUNTED}
    assert AuditEvent.objects.filter(action="selection.votes_release").exists()


def test_staff_reject_held_votes_and_they_do_not_count(org, personas):
    selection = make_selection(org, personas)
    for i in range(1, 7):
        cast(selection, i, at=later(i * 30))
    ids = list(selection.votes.values_list("pk", flat=True))
    voting.votes_review(
        actor=personas["head"], selection=selection, vote_ids=ids, release=False, note="脚本刷票"
    )
    assert set(statuses(selection)) == {Vote.Status.REJECTED}
    vote = selection.votes.first()
    assert vote.reviewed_by == personas["head"] and vote.review_note == "脚本刷票"


def test_a_released_vote_stays_counted_when_a_later_pattern_appears(org, personas):
    selection = make_selection(org, personas)
    for i, gap in enumerate((0, 313, 1207), start=1):
        cast(selection, i, at=later(gap), who=f"1390000000{i}")
    ids = list(selection.votes.values_list("pk", flat=True))
    voting.votes_review(
        actor=personas["leader"], selection=selection, vote_ids=ids, release=True, note="已核实"
    )
    cast(selection, 4, at=later(1500), who="13900000004")
    assert statuses(selection) == [Vote.Status.COUNTED] * 3 + [Vote.Status.HELD]


def test_a_handler_cannot_review_votes(org, personas):
    selection = make_selection(org, personas)
    for i, gap in enumerate((0, 313, 1207), start=1):
        cast(selection, i, at=later(gap), who=f"1390000000{i}")
    with pytest.raises(ValidationError):
        voting.votes_review(
            actor=personas["handler"], selection=selection,
            vote_ids=list(selection.votes.values_list("pk", flat=True)), release=True, note="x",
        )  # fmt: skip
    assert set(statuses(selection)) == {Vote.Status.HELD}


def test_a_review_without_a_note_is_refused_and_changes_nothing(org, personas):
    selection = make_selection(org, personas)
    for i, gap in enumerate((0, 313, 1207), start=1):
        cast(selection, i, at=later(gap), who=f"1390000000{i}")
    with pytest.raises(ValidationError) as caught:
        voting.votes_review(
            actor=personas["leader"], selection=selection,
            vote_ids=list(selection.votes.values_list("pk", flat=True)), release=True, note=" ",
        )  # fmt: skip
    assert caught.value.message_dict == {"note": ["请填写核实意见。"]}
    assert set(statuses(selection)) == {Vote.Status.HELD}


def test_no_vote_outside_the_voting_stage(org, personas):
    selection = make_selection(org, personas, state="scoring")
    with pytest.raises(ValidationError, match="不在投票阶段"):
        cast(selection, 1, at=later(0))
    assert not Vote.objects.exists()


def test_no_vote_after_the_vote_window_closes(org, personas):
    selection = make_selection(org, personas)
    with pytest.raises(ValidationError, match="投票时间为"):
        cast(selection, 1, at=later(0, days=30))
    assert not Vote.objects.exists()


def test_no_vote_for_a_candidate_found_ineligible(org, personas):
    selection = make_selection(org, personas, state="nominating")
    services.candidate_nominate(actor=personas["leader"], selection=selection, name="外县产品")
    services.selection_move(
        actor=personas["leader"], selection=selection, to_state="reviewing", reason="截止"
    )
    leader = personas["leader"]
    for c in selection.candidates.all():
        services.candidate_decide(
            actor=leader, candidate=c, eligible=c.name != "外县产品", reason="非本县产品"
        )
    services.selection_move(actor=leader, selection=selection, to_state="scoring", reason="评审")
    selection = services.selection_move(
        actor=leader, selection=selection, to_state="voting", reason="投票"
    )
    with pytest.raises(ValidationError, match="请选择本次评选的候选对象"):
        cast(selection, 1, at=later(0), name="外县产品")
    assert not Vote.objects.exists()
