"""record_event(): the one way a write leaves a trace. Called by every service inside its own
transaction, so an event exists exactly when the write it describes was committed."""

import contextvars
import datetime
import hashlib
import ipaddress
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from fangxin.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from fangxin.core.masking import mask_field

# The request's source address, set by AuditContextMiddleware (and by commands as None), so that
# services need not thread the request through every call.
_address: contextvars.ContextVar[str | None] = contextvars.ContextVar("audit_address", default=None)


@contextmanager
def audit_address(address: str | None) -> Iterator[None]:
    token = _address.set(address)
    try:
        yield
    finally:
        _address.reset(token)


def _scrub(value: Any) -> Any:
    # Floats do not survive PostgreSQL's jsonb unchanged (1e20, -0.0) and NUL is refused there:
    # keep numbers as text and drop NUL, so the stored summary hashes as it was hashed.
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {str(k).replace("\x00", ""): _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(v) for v in value]
    return value


def _canonical(value: Any) -> Any:
    """JSON-safe form that survives a database round trip unchanged (Decimal, dates → str)."""
    return _scrub(json.loads(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)))


def _stored_address(address: str | None) -> str | None:
    """The address as GenericIPAddressField will store it, so the hash matches after saving."""
    if not address:
        return None
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    if parsed.version == 6:
        return clean_ipv6_address(str(parsed))
    return str(parsed)


def event_digest(
    *,
    seq: int,
    at: datetime.datetime,
    bureau_id: int | None,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    changes: dict,
    address: str | None,
    prev_hash: str,
) -> str:
    payload = {
        "seq": seq,
        "at": at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
        "bureau": bureau_id,
        "actor": actor_id,
        "actor_label": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr,
        "changes": changes,
        "address": address,
        "prev": prev_hash,
    }
    blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def digest_of(event: AuditEvent) -> str:
    return event_digest(
        seq=event.seq,
        at=event.at,
        bureau_id=event.bureau_id,
        actor_id=event.actor_id,
        actor_label=event.actor_label,
        action=event.action,
        object_type=event.object_type,
        object_id=event.object_id,
        object_repr=event.object_repr,
        changes=event.changes,
        address=event.address,
        prev_hash=event.prev_hash,
    )


def mask_changes(changes: dict[str, Any], public: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Mask personal data in a {field: value} or {field: [old, new]} summary. Fields named in
    `public` are published data of that object (a merchant's name and premises) and stay."""
    masked: dict[str, Any] = {}
    for name, value in changes.items():
        if name in public:
            masked[name] = value
        elif isinstance(value, list | tuple):
            masked[name] = [mask_field(name, item) for item in value]
        else:
            masked[name] = mask_field(name, value)
    return _canonical(masked)


def field_changes(
    instance: models.Model, before: dict[str, Any], fields: list[str]
) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value differs from `before`."""
    changed = {}
    for name in fields:
        new = getattr(instance, name)
        if before.get(name) != new:
            changed[name] = [before.get(name), new]
    return changed


def update_with_audit(
    *,
    actor: Any,
    obj: models.Model,
    action: str,
    values: dict[str, Any],
    allowed: frozenset[str],
    exclude_from_clean: tuple[str, ...] = (),
    context: dict[str, Any] | None = None,
) -> models.Model:
    """The common edit: set the allowed fields, validate, save only those, record what changed.
    Anything outside `allowed` is a programming error, not user input."""
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"cannot update {sorted(unknown)}")
    before = {name: getattr(obj, name) for name in values}
    for name, value in values.items():
        setattr(obj, name, value)
    with transaction.atomic():
        obj.full_clean(exclude=list(exclude_from_clean))
        obj.save(update_fields=list(values))
        record_event(
            actor=actor,
            action=action,
            obj=obj,
            changes={**(context or {}), **field_changes(obj, before, list(values))},
        )
    return obj


@dataclass(frozen=True)
class Actor:
    """Who acted when there is no user: the system itself, a command, an anonymous filer."""

    label: str
    id: int | None = None
    bureau_id: int | None = None


SYSTEM = Actor(label="系统")


def record_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    public: frozenset[str] = frozenset(),
    bureau_id: int | None = None,
) -> AuditEvent:
    """Append one event to the chain. `actor` is a User, an `Actor`, or None (anonymous)."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        # Some objects are people: their label must not carry a name in clear.
        object_repr = object_repr or str(getattr(obj, "audit_label", None) or obj)[:200]
    if actor is None:
        actor_id, actor_label, actor_bureau = None, "匿名", None
    elif isinstance(actor, Actor):
        actor_id, actor_label, actor_bureau = actor.id, actor.label, actor.bureau_id
    else:
        actor_id, actor_label = actor.pk, actor.get_username()
        actor_bureau = getattr(actor, "bureau_id", None)
    if bureau_id is None:
        bureau_id = getattr(obj, "bureau_id", None) or actor_bureau
    summary = mask_changes(changes or {}, public)
    # No savepoint inside a caller's transaction: an append that fails fails the whole write.
    with transaction.atomic(savepoint=False):
        head = AuditChainHead.objects.select_for_update().filter(id=1).first()
        if head is None:
            head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        event = AuditEvent(
            seq=head.seq + 1,
            at=timezone.now(),
            bureau_id=bureau_id,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:200],
            changes=summary,
            address=_stored_address(_address.get()),
            prev_hash=head.hash or GENESIS_HASH,
        )
        event.hash = digest_of(event)
        event.save(force_insert=True)
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event
