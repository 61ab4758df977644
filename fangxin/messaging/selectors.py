from fangxin.messaging.models import OutboundSms


def sms_for(reference: str):
    """The messages about one thing (e.g. "case:<tracking no>"), oldest first."""
    return OutboundSms.objects.filter(reference=reference).order_by("created_at", "pk")
