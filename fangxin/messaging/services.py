"""Queueing and sending text messages (outbox). Queued in the caller's transaction, so a
message exists exactly when the event it tells of does; sent by claiming each row with a
conditional UPDATE, so two senders running at once never send the same message twice."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from fangxin.audit.services import Actor, record_event
from fangxin.core.validators import mobile_error, normalize_mobile
from fangxin.messaging.backends import SmsError, sms_backend
from fangxin.messaging.models import OutboundSms

SENDER = Actor(label="短信发送")
MAX_ATTEMPTS = 5
# A claim older than this belongs to a sender that died mid-send: the message is tried again.
STALE_CLAIM = datetime.timedelta(minutes=10)
MAX_TEXT = 500


def sms_queue(*, bureau_id: int, phone: str, text: str, reference: str = "") -> OutboundSms | None:
    """Queue a message to a mobile number; landlines and empty numbers get none."""
    if not phone or mobile_error(phone):
        return None
    return OutboundSms.objects.create(
        bureau_id=bureau_id,
        phone=normalize_mobile(phone),
        text=text[:MAX_TEXT],
        reference=reference[:80],
    )


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0


def _claim(message_id: int, now) -> bool:
    ready = OutboundSms.objects.filter(pk=message_id, attempts__lt=MAX_ATTEMPTS)
    pending = ready.filter(state__in=[OutboundSms.State.PENDING, OutboundSms.State.FAILED])
    stale = ready.filter(state=OutboundSms.State.SENDING, claimed_at__lt=now - STALE_CLAIM)
    claimed = pending.update(state=OutboundSms.State.SENDING, claimed_at=now)
    return bool(claimed or stale.update(claimed_at=now))


def sms_send_pending(*, limit: int = 500) -> SendReport:
    report = SendReport()
    backend = sms_backend()
    now = timezone.now()
    candidates = OutboundSms.objects.filter(attempts__lt=MAX_ATTEMPTS).exclude(
        state=OutboundSms.State.SENT
    )
    for message in candidates.order_by("created_at", "pk")[:limit]:
        if not _claim(message.pk, now):
            continue  # another sender has it
        try:
            backend.send(message.phone, message.text)
        except SmsError as exc:
            state, error = OutboundSms.State.FAILED, str(exc)[:300]
        else:
            state, error = OutboundSms.State.SENT, ""
        with transaction.atomic():
            OutboundSms.objects.filter(pk=message.pk).update(
                state=state,
                attempts=message.attempts + 1,
                last_error=error,
                sent_at=timezone.now() if state == OutboundSms.State.SENT else None,
            )
            record_event(
                actor=SENDER,
                action=f"sms.{state}",
                obj=message,
                bureau_id=message.bureau_id,
                changes={"phone": message.phone, "reference": message.reference},
                public=frozenset({"reference"}),
            )
        if state == OutboundSms.State.SENT:
            report.sent += 1
        else:
            report.failed += 1
    return report
