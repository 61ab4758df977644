"""Who may see and do what with a case. Every view and API call goes through here."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from fangxin.accounts.models import Role, UnitMembership
from fangxin.complaints.models import Case, Kind
from fangxin.complaints.workflow import Status


@dataclass(frozen=True)
class Viewer:
    """A staff member's standing, read once per request (not once per case)."""

    user: object
    unit_ids: frozenset[int]
    head_unit_ids: frozenset[int]
    whole_bureau: bool  # leaders, administrators and the coordinating unit


@dataclass(frozen=True)
class CaseAccess:
    can_act: bool  # take the workflow's next steps
    can_see_identity: bool  # the complainant's or reporter's identity in clear
    is_head: bool  # approvals (extensions) and assignment


def viewer_for(user) -> Viewer:
    rows = list(
        UnitMembership.objects.filter(user=user).values_list(
            "unit_id", "is_head", "unit__is_coordinator"
        )
    )
    return Viewer(
        user=user,
        unit_ids=frozenset(r[0] for r in rows),
        head_unit_ids=frozenset(r[0] for r in rows if r[1]),
        whole_bureau=user.role in (Role.LEADER, Role.ADMIN) or any(r[2] for r in rows),
    )


def case_scope_for_user(user, viewer: Viewer | None = None) -> QuerySet[Case]:
    """The cases a staff member may see: the whole bureau for leaders, administrators and the
    coordinating unit; otherwise the cases of their own units."""
    if not getattr(user, "is_bureau_staff", False):
        return Case.objects.none()
    viewer = viewer or viewer_for(user)
    cases = Case.objects.filter(bureau_id=user.bureau_id)
    return cases if viewer.whole_bureau else cases.filter(unit_id__in=viewer.unit_ids)


def case_access(viewer: Viewer, case: Case) -> CaseAccess:
    member = case.unit_id in viewer.unit_ids
    triage = case.status == Status.TRIAGE and viewer.whole_bureau
    # A reporter is known only to the unit verifying the report (DOMAIN.md §2).
    identity = member if case.kind == Kind.REPORT else (member or viewer.whole_bureau)
    head = case.unit_id in viewer.head_unit_ids or viewer.user.role == Role.LEADER
    return CaseAccess(can_act=member or triage, can_see_identity=identity, is_head=head)


def case_get_for_user(user, tracking_no: str) -> tuple[Case, CaseAccess]:
    viewer = viewer_for(user) if getattr(user, "is_bureau_staff", False) else None
    if viewer is None:
        raise Http404
    case = (
        case_scope_for_user(user, viewer)
        .select_related("unit", "township", "merchant", "assignee")
        .filter(tracking_no=tracking_no)
        .first()
    )
    if case is None:
        raise Http404
    return case, case_access(viewer, case)
