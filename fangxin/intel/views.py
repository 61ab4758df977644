"""Staff pages for text intelligence: hotspots, mass complaints (one matter, one reply, a
referral mark), the classifier's versions, and confirming a case's category."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.complaints.access import case_get_for_user
from fangxin.complaints.models import Case
from fangxin.intel import mass as mass_services
from fangxin.intel.feedback import satisfaction_feedback
from fangxin.intel.forms import (
    CategoryForm,
    FeedbackFilterForm,
    MassAddForm,
    MassReplyForm,
    MassUpdateForm,
)
from fangxin.intel.models import MassComplaint, ModelRecord
from fangxin.intel.selectors import DIMENSIONS, PERIODS, hotspot_rows, hotspots
from fangxin.intel.suggest import case_categorize
from fangxin.web.forms import apply_validation_error, error_sentence
from fangxin.web.paging import page_of
from fangxin.web.spreadsheets import xlsx_response


@staff_required
@require_POST
def case_category(request, tracking_no: str):
    case, access = case_get_for_user(request.user, tracking_no)
    if not access.can_act:
        raise PermissionDenied("只有承办单位可以确认分类。")
    form = CategoryForm(request.POST)
    if form.is_valid():
        try:
            case_categorize(
                actor=request.user,
                case=case,
                sector=form.cleaned_data["sector"],
                problem=form.cleaned_data["problem_type"],
            )
        except ValidationError as exc:
            messages.error(request, error_sentence(exc))
        else:
            messages.success(request, "分类已确认。")
    else:
        messages.error(request, "请从列表中选择行业和问题类别。")
    return redirect("complaints_staff:case", tracking_no=case.tracking_no)


@staff_required
def hotspot_page(request):
    dimension = request.GET.get("dimension", "sector")
    dimension = dimension if dimension in DIMENSIONS else "sector"
    period = request.GET.get("period", "week")
    period = period if period in PERIODS else "week"
    data = hotspots(bureau_id=request.user.bureau_id, dimension=dimension, period=period)
    if request.GET.get("export") == "xlsx":
        return _hotspot_export(data)
    peak = max((n for _, n in data.top), default=0) or 1
    history = []
    for key, n in data.top:
        series = [c.get(key, 0) for c in data.counts]
        history.append({"key": key, "n": n, "width": round(100 * n / peak), "series": series})
    return render(
        request,
        "intel/hotspots.html",
        {
            "data": data,
            "dimension_label": DIMENSIONS[dimension][0],
            "history": history,
            "dimensions": [(k, v[0]) for k, v in DIMENSIONS.items()],
            "periods": PERIODS.items(),
            "selected": {"dimension": dimension, "period": period},
        },
    )


def _hotspot_export(data):
    label = DIMENSIONS[data.dimension][0]
    starts = [s.isoformat() for s in data.starts]
    header = [label, *starts, "本期", "明显上升", "预期", "倍数", "q 值"]
    rows = (
        [r["key"], *r["series"], r["current"]]
        + (
            ["是", r["rise"]["expected"], r["rise"]["ratio"], round(r["rise"]["q_value"], 6)]
            if r["rise"]
            else ["", "", "", ""]
        )
        for r in hotspot_rows(data)
    )
    name = f"hotspots-{data.dimension}-{data.period}-{data.current_start.isoformat()}.xlsx"
    return xlsx_response(name, "投诉热点", header, rows)


@staff_required
def mass_list(request):
    status = request.GET.get("status", "")
    rows = MassComplaint.objects.filter(bureau_id=request.user.bureau_id)
    if status in MassComplaint.Status.values:
        rows = rows.filter(status=status)
    return render(
        request,
        "intel/mass_list.html",
        {**page_of(request, rows, 30), "status": status, "statuses": MassComplaint.Status.choices},
    )


def _mass(user, pk: int) -> MassComplaint:
    found = MassComplaint.objects.filter(pk=pk, bureau_id=user.bureau_id).first()
    if found is None:
        raise Http404
    return found


def _mass_page(request, mass, *, forms_=None, status=200):
    forms_ = forms_ or {}
    cases = Case.objects.filter(mass_membership__mass=mass).select_related("unit")
    return render(
        request,
        "intel/mass_detail.html",
        {
            "mass": mass,
            "cases": cases.order_by("received_at")[:500],
            "reply_form": forms_.get("reply") or MassReplyForm(),
            "update_form": forms_.get("update")
            or MassUpdateForm(
                initial={"status": mass.status, "referral": mass.referral, "note": mass.note}
            ),
            "add_form": forms_.get("add") or MassAddForm(),
        },
        status=status,
    )


@staff_required
def mass_detail(request, mass_id: int):
    return _mass_page(request, _mass(request.user, mass_id))


@staff_required
@require_POST
def mass_action(request, mass_id: int, action: str):
    mass = _mass(request.user, mass_id)
    form_class = {"reply": MassReplyForm, "update": MassUpdateForm, "add": MassAddForm}.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "reply":
                n = mass_services.mass_reply(actor=request.user, mass=mass, text=data["text"])
                messages.success(request, f"已向 {n} 件投诉发送统一答复。")
            elif action == "update":
                mass_services.mass_update(actor=request.user, mass=mass, **data)
                messages.success(request, "已保存。")
            else:
                case = Case.objects.filter(
                    bureau_id=mass.bureau_id, tracking_no=data["tracking_no"].strip()
                ).first()
                if case is None:
                    raise ValidationError({"tracking_no": ["本局没有该编号的案件。"]})
                mass_services.mass_add_case(actor=request.user, mass=mass, case=case)
                messages.success(request, "已关联。")
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("intel:mass_detail", mass_id=mass.pk)
    return _mass_page(request, mass, forms_={action: form}, status=400)


@staff_required
def model_list(request):
    return render(request, "intel/models.html", {**page_of(request, ModelRecord.objects.all(), 30)})


@staff_required
def feedback_page(request):
    # Bound even when empty: clean() fills in the last twelve months.
    form = FeedbackFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "intel/feedback.html", {"form": form}, status=400)
    filters = form.cleaned_data
    data = satisfaction_feedback(request.user, **filters)
    return render(
        request,
        "intel/feedback.html",
        {"form": form, "data": data, "filters": filters, **page_of(request, data.rows, 30)},
    )
