"""Public votes: one a day per verified number, the fraud signals, and staff review of the
votes they hold. Keyword-only, one transaction, audited, like every write of the app."""

import datetime
import hashlib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from fangxin.core.masking import mask_phone
from fangxin.core.validators import mobile_error, normalize_mobile, text_field
from fangxin.selections import fraud
from fangxin.selections.models import Candidate, Selection, Vote
from fangxin.selections.services import audit_selection, require_planner

S = Selection.State
ALREADY_VOTED = "该手机号今天已经在本次评选中投过票了，每个号码每天限投一票，请明天再来。"


def _rules() -> fraud.Rules:
    return fraud.rules_from(getattr(settings, "FANGXIN_SELECTION_FRAUD", None))


def already_voted(selection: Selection, phone: str, day: datetime.date) -> bool:
    return Vote.objects.filter(selection=selection, phone=phone, day=day).exists()


def vote_open(selection: Selection, day: datetime.date) -> str | None:
    """Why the selection takes no vote on `day`, or None when it does."""
    if not selection.public_vote:
        return "本次评选不设公众投票。"
    if selection.state != S.VOTING:
        return "本次评选当前不在投票阶段。"
    if not (selection.vote_starts_on <= day <= selection.vote_ends_on):
        return (
            f"投票时间为{selection.vote_starts_on:%Y年%m月%d日}至"
            f"{selection.vote_ends_on:%Y年%m月%d日}，现在不能投票。"
        )
    return None


def _fact(vote: Vote) -> fraud.VoteFact:
    return fraud.VoteFact(
        id=vote.pk,
        phone=vote.phone,
        address=vote.address,
        candidate_id=vote.candidate_id,
        at=vote.created_at,
        verified_at=vote.verified_at,
    )


def vote_cast(
    *,
    selection: Selection,
    candidate: Candidate,
    phone: str,
    address: str | None,
    user_agent: str = "",
    verified_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> Vote:
    """One vote by a verified number. Counted, or held with the fraud signals' reasons (and the
    earlier votes of the same pattern held with it). Refuses a second vote of the number on the
    same day, also when two requests race: the unique constraint decides."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    phone = normalize_mobile((phone or "").strip())
    if not phone or mobile_error(phone):
        raise ValidationError({"phone": ["请先验证有效的手机号码。"]})
    closed = vote_open(selection, day)
    if closed:
        raise ValidationError({"candidate": [closed]})
    if (
        candidate.selection_id != selection.pk
        or candidate.eligibility != Candidate.Eligibility.ELIGIBLE
    ):
        raise ValidationError({"candidate": ["请选择本次评选的候选对象。"]})
    if already_voted(selection, phone, day):
        raise ValidationError({"phone": [ALREADY_VOTED]})
    rules = _rules()
    with transaction.atomic():
        # The selection's row lock serialises the votes of one selection, so each vote's
        # signals see every vote before it.
        selection = Selection.objects.select_for_update().get(pk=selection.pk)
        if selection.state != S.VOTING:
            raise ValidationError({"candidate": ["本次评选当前不在投票阶段。"]})
        by_address, by_candidate = fraud.lookback(rules)
        nearby = Q(candidate=candidate, created_at__gte=now - timedelta(seconds=by_candidate))
        if address:
            nearby |= Q(address=address, created_at__gte=now - timedelta(seconds=by_address))
        earlier = [_fact(v) for v in selection.votes.filter(nearby, created_at__lte=now)]
        vote = Vote(
            selection=selection,
            candidate=candidate,
            phone=phone,
            day=day,
            address=address,
            user_agent_hash=hashlib.sha256(user_agent.encode()).hexdigest() if user_agent else "",
            verified_at=verified_at,
            created_at=now,
        )
        signals = fraud.evaluate(_fact(vote), earlier, rules)
        if signals:
            vote.status = Vote.Status.HELD
            vote.reasons = [
                {"code": s.code, "message": s.message, "at": now.isoformat()} for s in signals
            ]
        vote.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                vote.save()
        except IntegrityError as exc:
            raise ValidationError({"phone": [ALREADY_VOTED]}) from exc
        also_held = _hold_related(vote, signals, now)
        audit_selection(
            None,
            "selection.vote",
            vote,
            selection,
            candidate=candidate.name,
            phone=mask_phone(phone),
            status=vote.status,
            reasons=[s.code for s in signals],
            also_held=also_held,
        )
    return vote


def _hold_related(vote: Vote, signals: list[fraud.Signal], now) -> list[int]:
    """Earlier counted votes of the same pattern are held too, unless staff already released
    them; their reasons say which vote revealed the pattern."""
    held = []
    for signal in signals:
        related = Vote.objects.select_for_update().filter(
            pk__in=signal.related, status=Vote.Status.COUNTED, reviewed_by__isnull=True
        )
        for earlier in related:
            earlier.status = Vote.Status.HELD
            earlier.reasons = [
                *earlier.reasons,
                {
                    "code": signal.code,
                    "message": f"{signal.message}（由投票#{vote.pk}发现）",
                    "at": now.isoformat(),
                },
            ]
            earlier.save(update_fields=["status", "reasons"])
            held.append(earlier.pk)
    return sorted(set(held))


def votes_review(*, actor, selection: Selection, vote_ids, release: bool, note: str) -> list[Vote]:
    """Staff release held votes (they count) or reject them (they do not)."""
    require_planner(actor, selection)
    note = text_field(note, "note", "核实意见", 300)
    ids = sorted({int(v) for v in vote_ids})
    if not ids:
        raise ValidationError({"votes": ["请选择要处理的投票。"]})
    with transaction.atomic():
        selection = Selection.objects.select_for_update().get(pk=selection.pk)
        if selection.state != S.VOTING:
            raise ValidationError({"votes": ["只能在投票阶段核实投票。"]})
        votes = list(
            Vote.objects.select_for_update().filter(
                selection=selection, pk__in=ids, status=Vote.Status.HELD
            )
        )
        if len(votes) != len(ids):
            raise ValidationError({"votes": ["所选投票不存在或已处理，请刷新后重试。"]})
        status = Vote.Status.COUNTED if release else Vote.Status.REJECTED
        now = timezone.now()
        for vote in votes:
            vote.status, vote.reviewed_by, vote.reviewed_at, vote.review_note = (
                status,
                actor,
                now,
                note,
            )
            vote.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        audit_selection(
            actor,
            "selection.votes_release" if release else "selection.votes_reject",
            selection,
            selection,
            votes=ids,
            note=note,
        )
    return votes
