from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangxin.accounts.access import (
    installation_admin_required,
    is_installation_admin,
    staff_required,
)
from fangxin.core import selectors, services
from fangxin.core.access import unit_get_for_user
from fangxin.core.calendar import add_working_days
from fangxin.core.forms import (
    CalendarDayForm,
    HolidayNoticeForm,
    RuleSetCreateForm,
    TerritoryForm,
    TimeLimitForm,
    WorkingDaysForm,
)
from fangxin.core.models import CalendarDay, RuleSet, TimeLimit
from fangxin.web.forms import apply_validation_error


@staff_required
def working_days(request):
    form = WorkingDaysForm(request.GET or None)
    result = None
    if request.GET and form.is_valid():
        result = add_working_days(form.cleaned_data["start"], form.cleaned_data["days"])
    template = "core/_working_days_result.html" if request.htmx else "core/working_days.html"
    return render(request, template, {"form": form, "result": result})


@staff_required
def rule_sets(request):
    form = None
    if is_installation_admin(request.user):
        form = RuleSetCreateForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.rule_set_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request, "已新增规则集，时限数值已从此前施行的规则集复制，请逐项核对。"
                )
                return redirect("core:rule_sets")
    elif request.method == "POST":
        raise PermissionDenied("只有平台管理员可以维护法定时限。")
    return render(
        request, "core/rule_sets.html", {"rule_sets": selectors.rule_set_list(), "form": form}
    )


@installation_admin_required
def time_limit_edit(request, limit_id: int):
    limit = get_object_or_404(TimeLimit.objects.select_related("rule_set"), pk=limit_id)
    form = TimeLimitForm(
        request.POST if request.method == "POST" else None,
        initial={
            "days": limit.days,
            "extension_days": limit.extension_days,
            "article": limit.article,
            "note": limit.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.time_limit_update(actor=request.user, limit=limit, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"“{limit.label}”已更新。")
            return redirect("core:rule_sets")
    return render(request, "core/time_limit_edit.html", {"limit": limit, "form": form})


@installation_admin_required
def holidays(request):
    notices = selectors.holiday_notice_list()
    current = timezone.localdate().year
    # A year counts once its days off are entered, as the calendar itself decides.
    known = {n.year for n in notices if n.holiday_count}
    missing = [y for y in (current, current + 1) if y not in known]
    return render(request, "core/holidays.html", {"notices": notices, "missing": missing})


@installation_admin_required
def holiday_year(request, year: int):
    if not 2000 <= year <= 2100:
        raise Http404
    notice = selectors.holiday_notice_get(year)
    initial = {"title": f"国务院办公厅关于{year}年部分节假日安排的通知"}
    notice_form = HolidayNoticeForm(
        request.POST if request.POST.get("form") == "notice" else None,
        initial=initial
        if notice is None
        else {
            "title": notice.title,
            "document_number": notice.document_number,
            "published_on": notice.published_on,
            "source": notice.source,
        },
    )
    day_form = CalendarDayForm(request.POST if request.POST.get("form") == "day" else None)
    if request.method == "POST":
        if request.POST.get("form") == "notice" and notice_form.is_valid():
            services.holiday_notice_save(actor=request.user, year=year, **notice_form.cleaned_data)
            messages.success(request, f"{year}年节假日安排通知已保存。")
            return redirect("core:holiday_year", year=year)
        if request.POST.get("form") == "day" and notice is not None and day_form.is_valid():
            try:
                services.calendar_day_set(
                    actor=request.user, notice=notice, **day_form.cleaned_data
                )
            except ValidationError as exc:
                apply_validation_error(day_form, exc)
            else:
                messages.success(request, f"{day_form.cleaned_data['date']} 已保存。")
                return redirect("core:holiday_year", year=year)
    return render(
        request,
        "core/holiday_year.html",
        {"year": year, "notice": notice, "notice_form": notice_form, "day_form": day_form},
    )


@installation_admin_required
@require_POST
def calendar_day_remove(request, year: int, day_id: int):
    day = get_object_or_404(CalendarDay, pk=day_id, notice__year=year)
    services.calendar_day_remove(actor=request.user, day=day)
    messages.success(request, f"已删除 {day.date} 的{day.get_kind_display()}记录。")
    return redirect("core:holiday_year", year=year)


@staff_required
def units(request):
    return render(
        request,
        "core/units.html",
        {"units": selectors.unit_list_for_bureau(request.user.bureau_id)},
    )


@staff_required
def unit_detail(request, unit_id: int):
    unit, access = unit_get_for_user(request.user, unit_id)
    form = None
    if access.can_manage:
        current = "、".join(unit.townships.order_by("name").values_list("name", flat=True))
        form = TerritoryForm(
            request.POST if request.method == "POST" else None, initial={"townships": current}
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.unit_set_territory(
                    actor=request.user, unit=unit, township_names=form.cleaned_data["townships"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"{unit.name}的辖区已更新。")
                return redirect("core:unit_detail", unit_id=unit.pk)
    elif request.method == "POST":
        raise PermissionDenied("只有系统管理员可以调整辖区。")
    return render(
        request,
        "core/unit_detail.html",
        {"unit": unit, "access": access, "form": form, "members": selectors.unit_member_list(unit)},
    )


@installation_admin_required
@require_POST
def rule_set_verify(request, rule_set_id: int):
    """The administrator checked the numbers against the official text: drop the 待核实 mark."""
    rule_set = get_object_or_404(RuleSet, pk=rule_set_id)
    services.rule_set_update(
        actor=request.user, rule_set=rule_set, verified=request.POST.get("verified") == "1"
    )
    messages.success(request, f"“{rule_set.name}”已更新核实状态。")
    return redirect("core:rule_sets")
