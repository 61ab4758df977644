from django.db import models


class OutboundSms(models.Model):
    """A text message to a complainant, reporter or participant: written in the same
    transaction as the event it tells of (an outbox), sent later by `manage.py sms_send`."""

    class State(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    bureau = models.ForeignKey("core.Bureau", on_delete=models.PROTECT, related_name="+")
    phone = models.CharField("手机号", max_length=11)
    text = models.CharField("内容", max_length=500)
    # What the message is about, e.g. "case:141123-2026-TS000123" (no personal data).
    reference = models.CharField("关联", max_length=80, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "短信"
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_state_display()}"
