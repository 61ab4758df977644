"""Writes on organisation and legal data: bureaus, units, territories, holiday table, rules."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from fangxin.audit.services import field_changes, record_event, update_with_audit
from fangxin.core.models import (
    Bureau,
    CalendarDay,
    HolidayNotice,
    RuleSet,
    TimeLimit,
    Township,
    Unit,
)


def bureau_create(
    *, actor, name: str, short_name: str, division_code: str, region: str = ""
) -> Bureau:
    bureau = Bureau(name=name, short_name=short_name, region=region, division_code=division_code)
    with transaction.atomic():
        bureau.full_clean()
        bureau.save()
        record_event(
            actor=actor,
            action="bureau.create",
            obj=bureau,
            bureau_id=bureau.pk,
            changes={"name": name, "short_name": short_name},
        )
    return bureau


def unit_create(
    *, actor, bureau: Bureau, name: str, kind: str, phone: str = "", is_coordinator: bool = False
) -> Unit:
    unit = Unit(bureau=bureau, name=name, kind=kind, phone=phone, is_coordinator=is_coordinator)
    with transaction.atomic():
        unit.full_clean()
        unit.save()
        record_event(
            actor=actor,
            action="unit.create",
            obj=unit,
            changes={"name": name, "kind": kind, "is_coordinator": is_coordinator},
        )
    return unit


def unit_set_territory(*, actor, unit: Unit, township_names: list[str]) -> list[Township]:
    """Make `unit` the territory owner of exactly these townships (created when new).
    A township moves from its previous unit, which the audit event records."""
    names = [n.strip() for n in township_names if n.strip()]
    if len(set(names)) != len(names):
        raise ValidationError({"townships": ["乡镇/街道名称重复。"]})
    with transaction.atomic():
        before = sorted(unit.townships.values_list("name", flat=True))
        unit.townships.exclude(name__in=names).update(unit=None)
        townships = []
        moved = {}
        for name in names:
            township, _ = Township.objects.get_or_create(bureau=unit.bureau, name=name)
            if township.unit_id not in (None, unit.pk):
                moved[name] = township.unit.name
            if township.unit_id != unit.pk:
                township.unit = unit
                township.save(update_fields=["unit"])
            townships.append(township)
        record_event(
            actor=actor,
            action="unit.set_territory",
            obj=unit,
            changes={"townships": [before, sorted(names)], "moved_from": moved},
        )
    return townships


# --- Holiday table -------------------------------------------------------------------------


def holiday_notice_save(
    *,
    actor,
    year: int,
    title: str,
    document_number: str = "",
    published_on: datetime.date | None = None,
    source: str = "",
) -> HolidayNotice:
    fields = ["title", "document_number", "published_on", "source"]
    with transaction.atomic():
        # get_or_create survives two administrators creating the same year at once.
        notice, created = HolidayNotice.objects.get_or_create(year=year, defaults={"title": title})
        notice = HolidayNotice.objects.select_for_update().get(pk=notice.pk)
        before = {} if created else {f: getattr(notice, f) for f in fields}
        notice.title, notice.document_number = title, document_number
        notice.published_on, notice.source = published_on, source
        notice.full_clean()
        notice.save()
        record_event(
            actor=actor,
            action="holiday_notice.save",
            obj=notice,
            changes=field_changes(notice, before, fields),
        )
    return notice


def calendar_day_set(
    *, actor, notice: HolidayNotice, date: datetime.date, kind: str, name: str = ""
) -> CalendarDay:
    if date.year != notice.year:
        raise ValidationError({"date": [f"日期必须在{notice.year}年内。"]})
    if kind == CalendarDay.Kind.ADJUSTED_WORKING_DAY and date.weekday() < 5:
        raise ValidationError({"kind": ["调休上班日应为周六或周日。"]})
    with transaction.atomic():
        day = CalendarDay.objects.select_for_update().filter(date=date).first()
        before = {"kind": day.kind, "name": day.name} if day else {}
        day = day or CalendarDay(date=date, notice=notice)
        day.kind, day.name = kind, name
        day.full_clean()
        day.save()
        record_event(
            actor=actor,
            action="calendar_day.set",
            obj=day,
            changes=field_changes(day, before, ["kind", "name"]),
        )
    return day


def calendar_day_remove(*, actor, day: CalendarDay) -> None:
    with transaction.atomic():
        record_event(
            actor=actor,
            action="calendar_day.remove",
            obj=day,
            changes={"kind": [day.kind, None], "name": [day.name, None]},
        )
        day.delete()


# --- Legal rule sets -----------------------------------------------------------------------


def rule_set_create(
    *,
    actor,
    code: str,
    name: str,
    citation: str,
    effective_from: datetime.date,
    verified: bool,
    note: str = "",
    limits: list[dict] | None = None,
) -> RuleSet:
    """A new version of the time limits. Without `limits`, it starts as a copy of the rule set
    in force the day before, so an administrator only edits what the new law changed."""
    with transaction.atomic():
        rule_set = RuleSet(
            code=code,
            name=name,
            citation=citation,
            effective_from=effective_from,
            verified=verified,
            note=note,
        )
        rule_set.full_clean()
        rule_set.save()
        if limits is None:
            previous = (
                RuleSet.objects.filter(effective_from__lt=effective_from)
                .order_by("-effective_from")
                .first()
            )
            limits = (
                []
                if previous is None
                else list(
                    previous.limits.values(
                        "key", "label", "days", "day_kind", "extension_days", "article", "note"
                    )
                )
            )
        for values in limits:
            limit = TimeLimit(rule_set=rule_set, **values)
            limit.full_clean()
            limit.save()
        record_event(
            actor=actor,
            action="rule_set.create",
            obj=rule_set,
            changes={
                "code": code,
                "effective_from": effective_from,
                "verified": verified,
                "limits": {v["key"]: v["days"] for v in limits},
            },
        )
    return rule_set


def rule_set_update(*, actor, rule_set: RuleSet, **values) -> RuleSet:
    return update_with_audit(
        actor=actor,
        obj=rule_set,
        action="rule_set.update",
        values=values,
        allowed=frozenset({"name", "citation", "verified", "note"}),
    )


def time_limit_update(*, actor, limit: TimeLimit, **values) -> TimeLimit:
    """Correct a time limit. Deadlines already stored on cases are not recomputed: a changed
    number applies to what is computed from now on, and the audit event says who changed it."""
    return update_with_audit(
        actor=actor,
        obj=limit,
        action="time_limit.update",
        values=values,
        allowed=frozenset({"days", "extension_days", "article", "note"}),
        context={"rule_set": limit.rule_set.code, "key": limit.key},
    )
