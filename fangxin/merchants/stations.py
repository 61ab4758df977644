"""Service stations and contact points (消费维权服务站/联络点): the register, and what each
took in — filings made on the spot carry their station."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from fangxin.audit.services import field_changes, record_event
from fangxin.merchants.models import ServiceStation

FIELDS = (
    "kind",
    "name",
    "host_kind",
    "host_merchant",
    "address",
    "township",
    "contact_person",
    "contact_phone",
    "opening_hours",
    "is_active",
)
PUBLIC = frozenset({"kind", "name", "host_kind", "address", "opening_hours", "is_active"})


def station_save(*, actor, bureau, values: dict, station: ServiceStation | None = None):
    """Create (no `station`) or edit a station of `bureau`."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"cannot set {sorted(unknown)}")
    for key in ("township", "host_merchant"):
        related = values.get(key)
        if related is not None and related.bureau_id != bureau.pk:
            raise ValidationError({key: ["只能选择本局辖区内的记录。"]})
    creating = station is None
    station = station or ServiceStation(bureau=bureau)
    before = {name: getattr(station, name, None) for name in values}
    for name, value in values.items():
        setattr(station, name, value.strip() if isinstance(value, str) else value)
    with transaction.atomic():
        station.full_clean(exclude=["bureau"], validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                station.save()
        except IntegrityError as exc:
            raise ValidationError({"name": ["已有同名的服务站或联络点。"]}) from exc
        changes = field_changes(station, before, list(values))
        for key in ("township", "host_merchant"):
            if key in changes:
                changes[key] = [str(v or "") for v in changes[key]]
        record_event(
            actor=actor,
            action="station.create" if creating else "station.update",
            obj=station,
            changes=changes,
            public=PUBLIC,
        )
    return station


def station_stats(bureau_id: int, *, year: int | None = None):
    """Each station of the bureau with the filings it took: in all, this year, still open."""
    year = year or timezone.localdate().year
    return (
        ServiceStation.objects.filter(bureau_id=bureau_id)
        .select_related("township")
        .annotate(
            filings=Count("cases"),
            filings_this_year=Count("cases", filter=Q(cases__received_at__year=year)),
            open_cases=Count("cases", filter=Q(cases__closed_at__isnull=True)),
        )
        .order_by("-is_active", "name")
    )
