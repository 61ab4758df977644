"""Reads of the selections app, and the one access helper staff views go through."""

import datetime

from django.db.models import Count, Q
from django.http import Http404

from fangxin.engagement.models import PhoneChallenge
from fangxin.selections.models import Candidate, Selection, Vote
from fangxin.selections.services import may_plan


def selection_for_staff(user, pk: int) -> tuple[Selection, bool]:
    """The bureau's selection and whether the user may manage it; 404 for anyone else's."""
    selection = (
        Selection.objects.select_related("campaign").filter(pk=pk, bureau_id=user.bureau_id).first()
    )
    if selection is None:
        raise Http404
    return selection, may_plan(user, selection)


def selection_list_for_bureau(bureau_id: int):
    return (
        Selection.objects.filter(bureau_id=bureau_id)
        .select_related("campaign")
        .annotate(n_candidates=Count("candidates", distinct=True))
        .order_by("-created_at", "-id")
    )


def selection_list_public():
    return (
        Selection.objects.exclude(state=Selection.State.DRAFT)
        .select_related("bureau", "campaign")
        .order_by("-created_at", "-id")
    )


def selection_get_public(pk: int) -> Selection:
    selection = selection_list_public().filter(pk=pk).first()
    if selection is None:
        raise Http404
    return selection


def candidates_public(selection: Selection):
    """What the public sees of the candidates: the eligible ones only (an applicant under
    review is not yet public), and never an applicant's contact."""
    return (
        selection.candidates.filter(eligibility=Candidate.Eligibility.ELIGIBLE)
        .order_by("id")
        .only("id", "name", "organisation", "description", "selection_id")
    )


def vote_counts(selection: Selection) -> dict[str, int]:
    counts = {status: 0 for status in Vote.Status.values}
    for row in selection.votes.values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts


def candidates_for_staff(selection: Selection):
    return (
        selection.candidates.select_related("merchant", "decided_by")
        .annotate(
            n_scores=Count("scores", distinct=True),
            n_counted=Count("votes", filter=Q(votes__status=Vote.Status.COUNTED), distinct=True),
            n_held=Count("votes", filter=Q(votes__status=Vote.Status.HELD), distinct=True),
        )
        .order_by("id")
    )


def held_votes(selection: Selection, status: str = Vote.Status.HELD):
    return selection.votes.filter(status=status).select_related("candidate", "reviewed_by")


def phone_verified_at(phone: str) -> datetime.datetime | None:
    """When the number last passed its text-message check (for the timing signal)."""
    challenge = (
        PhoneChallenge.objects.filter(phone=phone, verified_at__isnull=False)
        .order_by("-verified_at")
        .first()
    )
    return challenge.verified_at if challenge else None
