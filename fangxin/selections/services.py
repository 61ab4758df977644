"""Every write of the selections app: keyword-only, one transaction, audited."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fangxin.accounts.models import Role, User
from fangxin.audit.services import record_event
from fangxin.campaigns.models import Campaign
from fangxin.core.masking import mask_phone
from fangxin.core.validators import text_field
from fangxin.selections import ranking
from fangxin.selections.models import (
    Candidate,
    ExpertScore,
    FinalEntry,
    FinalList,
    Selection,
    SelectionTransition,
    Vote,
)

PLANNER_ROLES = frozenset({Role.UNIT_HEAD, Role.LEADER, Role.ADMIN})
S = Selection.State

# The allowed moves. Finalising computes the final list; a selection without a public vote
# goes from scoring straight to finalised.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.NOMINATING}),
    S.NOMINATING: frozenset({S.REVIEWING}),
    S.REVIEWING: frozenset({S.NOMINATING, S.SCORING}),
    S.SCORING: frozenset({S.VOTING, S.FINALISED}),
    S.VOTING: frozenset({S.FINALISED}),
    S.FINALISED: frozenset({S.PUBLISHED}),
    S.PUBLISHED: frozenset(),
}


def may_plan(user, selection_or_bureau_id) -> bool:
    bureau_id = getattr(selection_or_bureau_id, "bureau_id", selection_or_bureau_id)
    return (
        getattr(user, "is_bureau_staff", False)
        and user.bureau_id == bureau_id
        and user.role in PLANNER_ROLES
    )


def require_planner(actor, selection_or_bureau_id) -> None:
    if not may_plan(actor, selection_or_bureau_id):
        raise ValidationError({"selection": ["只有本局单位负责人、局领导或管理员可以管理评选。"]})


def audit_selection(actor, action: str, obj, selection: Selection, **changes) -> None:
    record_event(
        actor=actor, action=action, obj=obj, changes=changes, bureau_id=selection.bureau_id
    )


# --- the selection and its state --------------------------------------------------------


def selection_create(
    *,
    actor,
    campaign: Campaign,
    kind: str,
    title: str,
    winners_count: int,
    expert_weight: Decimal,
    vote_weight: Decimal,
    public_vote: bool,
    vote_starts_on: datetime.date | None = None,
    vote_ends_on: datetime.date | None = None,
    rules: str = "",
) -> Selection:
    require_planner(actor, campaign.bureau_id)
    selection = Selection(
        bureau_id=campaign.bureau_id,
        campaign=campaign,
        kind=kind,
        title=text_field(title, "title", "名称", 100),
        rules=text_field(rules, "rules", "评选办法", 5000, required=False),
        public_vote=public_vote,
        vote_starts_on=vote_starts_on if public_vote else None,
        vote_ends_on=vote_ends_on if public_vote else None,
        expert_weight=expert_weight,
        vote_weight=vote_weight,
        winners_count=winners_count,
        created_by=actor,
    )
    with transaction.atomic():
        selection.full_clean()
        selection.save()
        audit_selection(
            actor,
            "selection.create",
            selection,
            selection,
            kind=kind,
            public_vote=public_vote,
            expert_weight=expert_weight,
            vote_weight=vote_weight,
            winners_count=winners_count,
        )
    return selection


def selection_experts_set(*, actor, selection: Selection, experts) -> Selection:
    require_planner(actor, selection)
    experts = list(experts)
    if selection.state not in (S.DRAFT, S.NOMINATING, S.REVIEWING, S.SCORING):
        raise ValidationError({"experts": ["评审结束后不能再调整评审专家。"]})
    if not experts:
        raise ValidationError({"experts": ["请至少选择一名评审专家。"]})
    if any(not (e.is_bureau_staff and e.bureau_id == selection.bureau_id) for e in experts):
        raise ValidationError({"experts": ["评审专家应为本局工作人员。"]})
    with transaction.atomic():
        selection.experts.set(experts)
        audit_selection(
            actor,
            "selection.experts",
            selection,
            selection,
            experts=sorted(e.username for e in experts),
        )
    return selection


def _guard_move(selection: Selection, to_state: str) -> None:
    eligible = selection.candidates.filter(eligibility=Candidate.Eligibility.ELIGIBLE)
    if to_state == S.REVIEWING and not selection.candidates.exists():
        raise ValidationError({"state": ["还没有候选对象，不能进入资格审查。"]})
    if to_state == S.SCORING:
        pending = selection.candidates.filter(eligibility=Candidate.Eligibility.PENDING).count()
        if pending:
            raise ValidationError({"state": [f"还有{pending}个候选对象未作资格审查。"]})
        if not eligible.exists():
            raise ValidationError({"state": ["没有符合条件的候选对象。"]})
        if not selection.experts.exists():
            raise ValidationError({"state": ["请先指定评审专家。"]})
    if to_state == S.VOTING and not selection.public_vote:
        raise ValidationError({"state": ["本次评选不设公众投票。"]})
    if to_state == S.FINALISED:
        if selection.public_vote and selection.state != S.VOTING:
            raise ValidationError({"state": ["本次评选设公众投票，请先进行投票。"]})
        held = selection.votes.filter(status=Vote.Status.HELD).count()
        if held:
            raise ValidationError({"state": [f"还有{held}张待审核的投票，请先逐一核实。"]})
        missing = []
        for expert in selection.experts.order_by("username"):
            scored = ExpertScore.objects.filter(candidate__in=eligible, expert=expert).count()
            if scored < eligible.count():
                label = expert.full_name or expert.username
                missing.append(f"{label}尚有{eligible.count() - scored}个候选对象未评分")
        if missing:
            raise ValidationError({"state": ["；".join(missing) + "。"]})


def selection_move(*, actor, selection: Selection, to_state: str, reason: str) -> Selection:
    """Move the selection to `to_state` if the map allows it; finalising computes the list."""
    require_planner(actor, selection)
    reason = text_field(reason, "reason", "说明", 300)
    with transaction.atomic():
        selection = Selection.objects.select_for_update().get(pk=selection.pk)
        if to_state not in TRANSITIONS.get(selection.state, ()):
            label = S(to_state).label if to_state in S.values else to_state
            raise ValidationError(
                {"state": [f"评选当前为“{selection.get_state_display()}”，不能转为“{label}”。"]}
            )
        _guard_move(selection, to_state)
        before = selection.state
        selection.state = to_state
        fields = ["state"]
        if to_state == S.PUBLISHED:
            selection.published_at = timezone.now()
            fields.append("published_at")
        selection.save(update_fields=fields)
        SelectionTransition.objects.create(
            selection=selection, from_state=before, to_state=to_state, actor=actor, reason=reason
        )
        if to_state == S.FINALISED:
            _final_compute(actor=actor, selection=selection)
        audit_selection(
            actor, "selection.move", selection, selection, state=[before, to_state], reason=reason
        )
    return selection


def _final_compute(*, actor, selection: Selection) -> FinalList:
    eligible = list(
        selection.candidates.filter(eligibility=Candidate.Eligibility.ELIGIBLE).order_by("id")
    )
    experts = {e.pk: i for i, e in enumerate(selection.experts.order_by("id"), start=1)}
    counted: dict[int, int] = {}
    for vote in selection.votes.filter(status=Vote.Status.COUNTED).values("candidate_id"):
        counted[vote["candidate_id"]] = counted.get(vote["candidate_id"], 0) + 1
    inputs, audit_rows = [], []
    for c in eligible:
        scores = list(c.scores.filter(expert_id__in=experts).order_by("expert_id"))
        votes = counted.get(c.pk, 0) if selection.public_vote else 0
        inputs.append(ranking.CandidateInput(c.pk, c.name, tuple(s.score for s in scores), votes))
        audit_rows.append(
            {
                "candidate": c.pk,
                "name": c.name,
                # Experts by number, not name: the published method shows the figures only.
                "scores": {f"专家{experts[s.expert_id]}": str(s.score) for s in scores},
                "votes": votes,
            }
        )
    rows = ranking.rank(
        inputs,
        expert_weight=selection.expert_weight,
        vote_weight=selection.vote_weight,
        winners_count=selection.winners_count,
    )
    by_id = {r.candidate_id: r for r in rows}
    for item in audit_rows:
        row = by_id[item["candidate"]]
        item.update(
            expert_average=str(row.expert_average),
            vote_share=str(row.vote_share),
            vote_score=str(row.vote_score),
            total=str(row.total),
            rank=row.rank,
            is_winner=row.is_winner,
        )
    statuses = {s: selection.votes.filter(status=s).count() for s in Vote.Status.values}
    final = FinalList.objects.create(
        selection=selection,
        computed_by=actor,
        computed_at=timezone.now(),
        expert_weight=selection.expert_weight,
        vote_weight=selection.vote_weight,
        winners_count=selection.winners_count,
        experts_count=len(experts),
        votes_counted=statuses[Vote.Status.COUNTED],
        votes_held=statuses[Vote.Status.HELD],
        votes_rejected=statuses[Vote.Status.REJECTED],
        inputs={
            "formula": "综合得分 = 专家平均分 × 专家权重% + 投票得分 × 投票权重%；"
            "投票得分 = 100 × 本候选有效票数 ÷ 最高有效票数",
            "candidates": sorted(audit_rows, key=lambda r: (r["rank"], r["name"])),
        },
    )
    FinalEntry.objects.bulk_create(
        FinalEntry(
            final=final,
            candidate_id=r.candidate_id,
            rank=r.rank,
            expert_average=r.expert_average,
            votes=r.votes,
            vote_score=r.vote_score,
            total=r.total,
            is_winner=r.is_winner,
        )
        for r in rows
    )
    audit_selection(
        actor,
        "selection.finalise",
        selection,
        selection,
        winners=[r.name for r in rows if r.is_winner],
        votes_counted=final.votes_counted,
        votes_rejected=final.votes_rejected,
    )
    return final


# --- candidates ---------------------------------------------------------------------------


def candidate_nominate(
    *,
    actor,
    selection: Selection,
    name: str,
    organisation: str = "",
    description: str = "",
    merchant=None,
    source: str = Candidate.Source.NOMINATED,
) -> Candidate:
    """Staff record a nomination, or an application received on paper."""
    require_planner(actor, selection)
    if selection.state not in (S.DRAFT, S.NOMINATING):
        raise ValidationError({"name": ["推荐申报阶段已结束，不能再添加候选对象。"]})
    if merchant is not None and merchant.bureau_id != selection.bureau_id:
        raise ValidationError({"merchant": ["关联经营者应为本局登记的经营者。"]})
    candidate = Candidate(
        selection=selection,
        name=text_field(name, "name", "名称/姓名", 100),
        organisation=text_field(
            organisation, "organisation", "单位/生产经营者", 200, required=False
        ),
        description=text_field(description, "description", "简介/事迹", 2000, required=False),
        merchant=merchant,
        source=source,
        nominated_by=actor,
    )
    return _candidate_save(actor, candidate)


def candidate_apply(
    *,
    selection: Selection,
    phone: str,
    name: str,
    organisation: str,
    description: str,
) -> Candidate:
    """A unit or a person applies online with a verified number, while nominations are open."""
    if selection.state != S.NOMINATING:
        raise ValidationError({"name": ["本次评选当前不接受申报。"]})
    candidate = Candidate(
        selection=selection,
        name=text_field(name, "name", "名称/姓名", 100),
        organisation=text_field(organisation, "organisation", "单位/生产经营者", 200),
        description=text_field(description, "description", "简介/事迹", 2000),
        source=Candidate.Source.APPLIED,
        contact_phone=phone,
    )
    return _candidate_save(None, candidate)


def _candidate_save(actor, candidate: Candidate) -> Candidate:
    selection = candidate.selection
    with transaction.atomic():
        if Candidate.objects.filter(
            selection=selection, name=candidate.name, organisation=candidate.organisation
        ).exists():
            raise ValidationError({"name": ["该候选对象已在名单中。"]})
        candidate.full_clean()
        candidate.save()
        audit_selection(
            actor,
            "selection.candidate_add",
            candidate,
            selection,
            candidate=candidate.name,
            source=candidate.source,
            contact_phone=mask_phone(candidate.contact_phone),
        )
    return candidate


def candidate_decide(*, actor, candidate: Candidate, eligible: bool, reason: str) -> Candidate:
    selection = candidate.selection
    require_planner(actor, selection)
    if selection.state not in (S.NOMINATING, S.REVIEWING):
        raise ValidationError({"eligibility": ["资格审查只能在推荐申报或资格审查阶段进行。"]})
    reason = text_field(reason, "reason", "审查意见", 300, required=not eligible)
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        before = candidate.eligibility
        candidate.eligibility = (
            Candidate.Eligibility.ELIGIBLE if eligible else Candidate.Eligibility.INELIGIBLE
        )
        candidate.eligibility_reason = reason
        candidate.decided_by = actor
        candidate.decided_at = timezone.now()
        candidate.save(
            update_fields=["eligibility", "eligibility_reason", "decided_by", "decided_at"]
        )
        audit_selection(
            actor,
            "selection.eligibility",
            candidate,
            selection,
            candidate=candidate.name,
            eligibility=[before, candidate.eligibility],
            reason=reason,
        )
    return candidate


# --- expert scores --------------------------------------------------------------------------


def score_submit(*, actor, candidate: Candidate, score: Decimal, comment: str = "") -> ExpertScore:
    """An assigned expert scores an eligible candidate; a second call corrects the score until
    the selection is finalised."""
    selection = candidate.selection
    if not selection.experts.filter(pk=getattr(actor, "pk", None)).exists():
        raise ValidationError({"score": ["您不是本次评选的评审专家。"]})
    if selection.state not in (S.SCORING, S.VOTING):
        raise ValidationError({"score": ["当前不在专家评审阶段。"]})
    if candidate.eligibility != Candidate.Eligibility.ELIGIBLE:
        raise ValidationError({"score": ["只能为符合条件的候选对象评分。"]})
    if score is None or not Decimal("0") <= score <= Decimal("100"):
        raise ValidationError({"score": ["评分应在0至100之间。"]})
    comment = text_field(comment, "comment", "评语", 300, required=False)
    with transaction.atomic():
        existing = ExpertScore.objects.select_for_update().filter(candidate=candidate, expert=actor)
        row = existing.first() or ExpertScore(candidate=candidate, expert=actor)
        before = None if row.pk is None else str(row.score)
        row.score, row.comment, row.scored_at = score, comment, timezone.now()
        row.full_clean(validate_constraints=False)
        row.save()
        audit_selection(
            actor,
            "selection.score",
            row,
            selection,
            candidate=candidate.name,
            score=[before, str(score)],
        )
    return row


def expert_choices(bureau_id: int):
    return User.objects.filter(
        bureau_id=bureau_id, is_active=True, role__in=[Role.HANDLER, *PLANNER_ROLES]
    ).order_by("username")
