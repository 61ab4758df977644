"""The campaign plan in the workbench: the leader's overview of tasks and who is late, a task
with its units' progress reports, reporting progress, adding and closing tasks."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.campaigns import services
from fangxin.campaigns.forms import ReportForm, TaskForm
from fangxin.campaigns.models import Campaign, CampaignTask, TaskReport
from fangxin.campaigns.selectors import plan_overview
from fangxin.campaigns.summary import campaign_summary, summary_rows
from fangxin.core.models import Unit
from fangxin.web.forms import apply_validation_error, error_sentence
from fangxin.web.spreadsheets import xlsx_response


def _campaign(user, year: str | None) -> Campaign | None:
    campaigns = Campaign.objects.filter(bureau_id=user.bureau_id)
    if year and year.isdigit():
        return campaigns.filter(year=int(year)).first()
    return campaigns.order_by("-year").first()


def _task(user, pk: int) -> CampaignTask:
    task = (
        CampaignTask.objects.select_related("campaign")
        .filter(pk=pk, campaign__bureau_id=user.bureau_id)
        .first()
    )
    if task is None:
        raise Http404
    return task


@staff_required
def plan(request):
    campaign = _campaign(request.user, request.GET.get("year"))
    years = Campaign.objects.filter(bureau_id=request.user.bureau_id).values_list("year", flat=True)
    form = None
    if campaign is not None and request.user.role in services.PLANNER_ROLES:
        form = TaskForm(request.POST or None, bureau_id=request.user.bureau_id)
        if request.method == "POST" and form.is_valid():
            try:
                services.task_create(actor=request.user, campaign=campaign, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, "任务已添加。")
                return redirect(f"{request.path}?year={campaign.year}")
    if request.method == "POST" and form is None:
        raise Http404
    return render(
        request,
        "campaigns/plan.html",
        {
            "campaign": campaign,
            "years": years,
            "overview": plan_overview(campaign) if campaign else None,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _own_units(user, task: CampaignTask):
    """The task's responsible units the user belongs to: the units they may report for."""
    return Unit.objects.filter(pk__in=task.units.values("pk"), memberships__user=user).distinct()


def _task_page(request, task, form=None, status=200):
    own_units = _own_units(request.user, task)
    return render(
        request,
        "campaigns/task.html",
        {
            "task": task,
            "reports": task.reports.select_related("unit", "reported_by"),
            "form": form or (ReportForm(units=own_units) if own_units.exists() else None),
            "may_complete": request.user.role in services.PLANNER_ROLES and not task.done_at,
        },
        status=status,
    )


@staff_required
def task_detail(request, task_id: int):
    return _task_page(request, _task(request.user, task_id))


@staff_required
@require_POST
def task_report(request, task_id: int):
    task = _task(request.user, task_id)
    own_units = _own_units(request.user, task)
    form = ReportForm(request.POST, request.FILES, units=own_units)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.task_report_submit(
                actor=request.user,
                task=task,
                unit=data["unit"],
                progress=data["progress"],
                text=data["text"],
                upload=data["attachment"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "进展已报送。")
            return redirect("campaigns_staff:task", task_id=task.pk)
    return _task_page(request, task, form, status=400)


@staff_required
@require_POST
def task_complete(request, task_id: int):
    task = _task(request.user, task_id)
    try:
        services.task_complete(actor=request.user, task=task)
    except ValidationError as exc:
        messages.error(request, error_sentence(exc))
    else:
        messages.success(request, "任务已办结。")
    return redirect("campaigns_staff:task", task_id=task.pk)


@staff_required
def report_attachment(request, task_id: int, report_id: int):
    task = _task(request.user, task_id)
    report = TaskReport.objects.filter(pk=report_id, task=task).first()
    if report is None or not report.attachment:
        raise Http404
    response = FileResponse(
        report.attachment.open("rb"), as_attachment=True, filename=report.attachment_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
def summary(request):
    """The campaign's figures for the summary report; ?format=xlsx downloads them."""
    campaign = _campaign(request.user, request.GET.get("year"))
    if campaign is None:
        return render(request, "campaigns/summary.html", {"campaign": None})
    sections = campaign_summary(campaign)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"campaign-{campaign.year}-summary.xlsx",
            "活动数据汇总",
            ["类别", "项目", "数值"],
            summary_rows(sections),
        )
    years = Campaign.objects.filter(bureau_id=request.user.bureau_id).values_list("year", flat=True)
    return render(
        request,
        "campaigns/summary.html",
        {"campaign": campaign, "sections": sections, "years": years},
    )
