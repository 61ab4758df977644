from django.db.models import Count, Prefetch, Q, QuerySet

from fangxin.core.models import CalendarDay, HolidayNotice, RuleSet, Township, Unit


def unit_list_for_bureau(bureau_id: int) -> QuerySet[Unit]:
    return Unit.objects.filter(bureau_id=bureau_id, is_active=True).prefetch_related(
        Prefetch("townships", queryset=Township.objects.order_by("name"))
    )


def rule_set_list() -> QuerySet[RuleSet]:
    return RuleSet.objects.prefetch_related("limits")


def holiday_notice_list() -> QuerySet[HolidayNotice]:
    return HolidayNotice.objects.annotate(
        holiday_count=Count("days", filter=Q(days__kind=CalendarDay.Kind.HOLIDAY)),
        working_count=Count("days", filter=Q(days__kind=CalendarDay.Kind.ADJUSTED_WORKING_DAY)),
    ).order_by("-year")  # Meta.ordering is not applied to aggregate queries


def holiday_notice_get(year: int) -> HolidayNotice | None:
    return HolidayNotice.objects.filter(year=year).prefetch_related("days").first()


def unit_member_list(unit: Unit):
    return unit.memberships.select_related("user").order_by("-is_head", "user__username")
