from django.conf import settings
from django.db import models

from fangxin.core.models import Bureau

GENESIS_HASH = "0" * 64


class AppendOnlyError(RuntimeError):
    pass


class AuditEvent(models.Model):
    """One write, as it happened. Rows are never updated; each carries the SHA-256 of its own
    content and of the previous row, so an edited or removed row breaks the chain
    (`manage.py audit_verify`). Database triggers refuse UPDATE, and DELETE of rows still
    inside the retention period."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField("操作人", max_length=150)
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, db_index=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    changes = models.JSONField("变更摘要", default=dict, blank=True)
    address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计日志"
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events are removed only by audit_prune")


class AuditChainHead(models.Model):
    """A single row holding the last sequence number and hash. Locking it serialises appends
    on PostgreSQL; SQLite's IMMEDIATE transactions serialise them anyway."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)
    # Where verification starts: the last pruned event (or the genesis before any prune).
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit chain head #{self.seq}"
