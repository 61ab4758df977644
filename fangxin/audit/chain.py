"""Verification and pruning of the audit chain."""

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from fangxin.audit.models import AuditChainHead, AuditEvent
from fangxin.audit.services import SYSTEM, digest_of, record_event

# 网络安全法 art. 21: network logs are kept for at least six months — 184 days covers the
# longest six months of the calendar.
MIN_RETENTION_DAYS = 184


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def audit_chain_verify() -> ChainReport:
    """Walk the chain from the anchor; report the first event whose link or content is wrong."""
    head = AuditChainHead.objects.filter(id=1).first()
    if head is None:
        return (
            ChainReport(checked=0)
            if not AuditEvent.objects.exists()
            else ChainReport(checked=0, broken_seq=0, reason="链头记录缺失")
        )
    expected_seq, expected_prev = head.anchor_seq + 1, head.anchor_hash
    checked = 0
    # Only up to the head as read: events appended meanwhile are for the next run.
    events = AuditEvent.objects.filter(seq__lte=head.seq).order_by("seq")
    for event in events.iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"缺少序号 {expected_seq} 的事件")
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.seq, "前序哈希不一致（前一事件被修改或删除）")
        if digest_of(event) != event.hash:
            return ChainReport(checked, event.seq, "事件内容与哈希不一致（事件被修改）")
        checked += 1
        expected_seq, expected_prev = event.seq + 1, event.hash
    if head.seq != expected_seq - 1 or (checked and head.hash != expected_prev):
        return ChainReport(checked, expected_seq, "链尾事件缺失（最新事件被删除）")
    return ChainReport(checked)


def audit_prune(*, older_than_days: int, now: datetime.datetime | None = None) -> int:
    """Remove events older than the retention period, moving the verification anchor to the
    last removed event. Refuses a period shorter than the statutory minimum."""
    if older_than_days < MIN_RETENTION_DAYS:
        raise ValueError(f"审计日志至少保留 {MIN_RETENTION_DAYS} 天")
    cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(id=1)
        # Only a prefix of the chain may go (verification restarts from its end), and only the
        # part of it that is entirely older than the cutoff, whatever the clocks did.
        first_kept = (
            AuditEvent.objects.filter(at__gte=cutoff)
            .order_by("seq")
            .values_list("seq", flat=True)
            .first()
        )
        doomed = AuditEvent.objects.filter(at__lt=cutoff)
        if first_kept is not None:
            doomed = doomed.filter(seq__lt=first_kept)
        last = doomed.order_by("-seq").first()
        if last is None:
            return 0
        count = AuditEvent.objects.filter(seq__lte=last.seq).count()
        head.anchor_seq, head.anchor_hash = last.seq, last.hash
        head.save(update_fields=["anchor_seq", "anchor_hash"])
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq <= %s",  # noqa: S608
                [last.seq],
            )
        record_event(
            actor=SYSTEM,
            action="audit.prune",
            object_type="audit.auditevent",
            changes={
                "removed": count,
                "through_seq": last.seq,
                "anchor_hash": last.hash,
                "older_than_days": older_than_days,
            },
        )
    return count
