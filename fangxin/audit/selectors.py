import datetime

from django.db.models import Q, QuerySet

from fangxin.accounts.access import is_installation_admin
from fangxin.audit.models import AuditEvent


def audit_event_list_for_user(
    user,
    *,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events the administrator may read: their bureau's (and, for the installation
    administrator, every bureau's and the installation-wide ones), newest first."""
    events = AuditEvent.objects.all()
    if not is_installation_admin(user):
        events = events.filter(bureau_id=user.bureau_id)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if action:
        events = events.filter(Q(action=action) | Q(action__startswith=f"{action}."))
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if date_from:
        events = events.filter(at__date__gte=date_from)
    if date_to:
        events = events.filter(at__date__lte=date_to)
    return events.order_by("-seq")


def audit_action_choices(user) -> list[str]:
    events = AuditEvent.objects.all()
    if not is_installation_admin(user):
        events = events.filter(bureau_id=user.bureau_id)
    return list(events.order_by("action").values_list("action", flat=True).distinct()[:200])
