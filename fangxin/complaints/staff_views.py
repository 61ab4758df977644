"""The staff workbench: queues and filters, staff entry of filings, the case page with every
allowed next step, evidence downloads and exports."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.accounts.models import User
from fangxin.audit.services import record_event
from fangxin.complaints import mediation, services
from fangxin.complaints.access import CaseAccess, case_access, case_get_for_user, viewer_for
from fangxin.complaints.exports import EXPORT_LIMIT, export_csv, export_xlsx
from fangxin.complaints.forms import StaffFilingForm
from fangxin.complaints.intake import case_file, filing_problems
from fangxin.complaints.models import Case, Evidence, Kind
from fangxin.complaints.selectors import case_list_for_user
from fangxin.complaints.serialize import case_identity, deadlines_list
from fangxin.complaints.staff_forms import (
    AnswerForm,
    AssignForm,
    CloseForm,
    DecideForm,
    ExtendForm,
    FollowUpForm,
    NoticeForm,
    PauseForm,
    RefuseForm,
    ResumeForm,
    SessionForm,
    TransferForm,
    UnitChoiceForm,
    WorkbenchFilterForm,
)
from fangxin.complaints.workflow import OPEN, TERMINAL, Status, moves_from
from fangxin.intel.forms import CategoryForm
from fangxin.intel.selectors import case_intel
from fangxin.messaging.selectors import sms_for
from fangxin.web.forms import apply_validation_error, error_sentence

PAGE_SIZE = 30


@dataclass(frozen=True)
class Step:
    label: str
    form: type | None
    run: Callable  # (actor, case, cleaned_data) -> Case
    takes_case: bool = False  # the form needs the case (choices depend on it)
    danger: bool = False


STEPS = {
    "route": Step(
        "分派",
        UnitChoiceForm,
        lambda a, c, d: services.case_route(actor=a, case=c, unit=d["unit"]),
        takes_case=True,
    ),
    "assign": Step(
        "指定承办人",
        AssignForm,
        lambda a, c, d: services.case_assign(actor=a, case=c, assignee=d["assignee"]),
        takes_case=True,
    ),
    "accept": Step("受理", None, lambda a, c, d: services.case_accept(actor=a, case=c)),
    "refuse": Step(
        "不予受理",
        RefuseForm,
        lambda a, c, d: services.case_refuse(
            actor=a, case=c, ground_code=d["ground"], reason=d["reason"]
        ),
        takes_case=True,
        danger=True,
    ),
    "mediate": Step(
        "开始调解", None, lambda a, c, d: services.case_mediation_start(actor=a, case=c)
    ),
    "close": Step(
        "办结",
        CloseForm,
        lambda a, c, d: services.case_close(
            actor=a,
            case=c,
            outcome=d["outcome"],
            note=d["note"],
            recovered_amount=d["recovered_amount"],
            ground_code=d["ground"],
        ),
        takes_case=True,
    ),
    "answer": Step(
        "答复",
        AnswerForm,
        lambda a, c, d: services.case_answer(actor=a, case=c, reply_text=d["reply_text"]),
    ),
    "verify": Step("开始核查", None, lambda a, c, d: services.report_verify_start(actor=a, case=c)),
    "decide": Step(
        "作出立案决定",
        DecideForm,
        lambda a, c, d: services.report_decide(
            actor=a, case=c, open_case=d["open_case"], note=d["note"]
        ),
    ),
    "transfer": Step(
        "移送其他单位",
        TransferForm,
        lambda a, c, d: services.case_transfer(actor=a, case=c, unit=d["unit"], reason=d["reason"]),
        takes_case=True,
    ),
    "session": Step(
        "记录调解",
        SessionForm,
        lambda a, c, d: mediation.mediation_session_record(actor=a, case=c, **d),
    ),
    "pause": Step(
        "期限暂停",
        PauseForm,
        lambda a, c, d: mediation.clock_pause(actor=a, case=c, **d),
        takes_case=True,
    ),
    "resume": Step(
        "期限恢复",
        ResumeForm,
        lambda a, c, d: mediation.clock_resume(actor=a, case=c, **d),
        takes_case=True,
    ),
    "extend": Step(
        "批准延长期限",
        ExtendForm,
        lambda a, c, d: mediation.deadline_extension_approve(actor=a, case=c, **d),
        takes_case=True,
    ),
    "follow_up": Step(
        "回访", FollowUpForm, lambda a, c, d: mediation.follow_up_record(actor=a, case=c, **d)
    ),
    "notice": Step(
        "记录告知",
        NoticeForm,
        lambda a, c, d: mediation.notice_given(actor=a, case=c, **d),
        takes_case=True,
    ),
    "split": Step("拆分出举报", None, lambda a, c, d: services.case_split(actor=a, case=c)),
}


def allowed_steps(case: Case, access: CaseAccess) -> list[str]:
    """Only what the state machine and the caller's standing allow, in a sensible order."""
    if not access.can_act:
        return []
    names = [n for n in moves_from(case.kind, case.status) if n in STEPS]
    if case.transferred and "transfer" in names:
        names.remove("transfer")
    if case.status in OPEN and case.unit_id and access.is_head:
        names.append("assign")
    if case.kind == Kind.COMPLAINT and not case.linked_case_id and case.status in OPEN:
        names.append("split")
    if case.status == Status.MEDIATING:
        names.append("session")
    clocks = dict(case.deadlines.values_list("key", "state"))
    if case.status in OPEN and clocks.get("complaint.mediation") == "running":
        names.append("pause")
    if case.status in OPEN and clocks.get("complaint.mediation") == "paused":
        names.append("resume")
    if (
        case.status in OPEN
        and case.status != Status.ODR
        and access.is_head
        and "running" in (clocks.values())
    ):
        names.append("extend")
    if case.status in TERMINAL:
        names.append("follow_up")
    if case.deadlines.filter(state="running", key__in=list(mediation.NOTICES)).exists():
        names.append("notice")
    return [n for n in STEPS if n in names]


def _step_form(name: str, case: Case, data=None):
    step = STEPS[name]
    if step.form is None:
        return None
    return step.form(data, case=case) if step.takes_case else step.form(data)


@staff_required
def workbench(request):
    form = WorkbenchFilterForm(request.GET or None, bureau_id=request.user.bureau_id)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    if "township" in filters:
        filters["township"] = filters["township"].pk
    viewer = viewer_for(request.user)
    cases = case_list_for_user(request.user, viewer=viewer, **filters)
    export = request.GET.get("export")
    if export in ("csv", "xlsx") and form.is_bound and not form.is_valid():
        # Never export more than was asked for because one filter could not be read.
        messages.error(request, "筛选条件有误，未导出。请修正后再导出。")
        export = None
    if export in ("csv", "xlsx"):
        return _export(request, cases, export, viewer)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [(case, case_access(viewer, case)) for case in page]
    assignees = (
        User.objects.filter(memberships__unit_id__in=viewer.head_unit_ids, is_active=True)
        .distinct()
        .order_by("username")
    )
    return render(
        request,
        "complaints/staff_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "query": query.urlencode(),
            "assignees": assignees if viewer.head_unit_ids else None,
        },
    )


def _export(request, cases, kind: str, viewer):
    rows = cases.select_related("unit", "township")[:EXPORT_LIMIT]
    record_event(
        actor=request.user,
        action="case.export",
        object_type="complaints.case",
        changes={
            "format": kind,
            "filters": request.GET.urlencode()[:500],
            "rows": min(cases.count(), EXPORT_LIMIT),
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if kind == "csv":
        response = StreamingHttpResponse(
            export_csv(rows.iterator(), viewer), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            export_xlsx(rows, viewer),
            content_type=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.{kind}"'
    return response


@staff_required
def staff_file(request):
    form = StaffFilingForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        bureau=request.user.bureau,
    )
    if request.method == "POST" and not form.is_valid():
        form.add_service_errors(
            {
                p: m
                for p, m in filing_problems(actor=request.user, filing=form.filing()).items()
                if p.replace(".", "_") not in form.errors
            }
        )
    elif request.method == "POST":
        try:
            case = case_file(
                actor=request.user, filing=form.filing(), evidence=form.cleaned_data["evidence"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc.message_dict)
        else:
            messages.success(request, f"已登记，编号 {case.tracking_no}。")
            return redirect("complaints_staff:case", tracking_no=case.tracking_no)
    return render(
        request,
        "complaints/staff_file.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _case_page(request, case, access, *, failed: str = "", failed_form=None, status=200):
    steps = []
    for name in allowed_steps(case, access):
        form = failed_form if name == failed else _step_form(name, case)
        steps.append({"name": name, "step": STEPS[name], "form": form})
    return render(
        request,
        "complaints/staff_case.html",
        {
            "case": case,
            "access": access,
            "steps": steps,
            "identity": case_identity(case, identity=access.can_see_identity),
            "deadlines": deadlines_list(case),
            "events": case.events.select_related("actor").all(),
            "evidence": case.evidence.all(),
            "linked": case.linked_case,
            "messages_sent": sms_for(f"case:{case.tracking_no}"),
            "intel": case_intel(case),
            "category_form": CategoryForm(
                initial={"sector": case.sector, "problem_type": case.problem_type}
            ),
        },
        status=status,
    )


@staff_required
def case_detail(request, tracking_no: str):
    case, access = case_get_for_user(request.user, tracking_no)
    return _case_page(request, case, access)


@staff_required
@require_POST
def case_step(request, tracking_no: str, name: str):
    case, access = case_get_for_user(request.user, tracking_no)
    if name not in STEPS:
        raise Http404
    if name not in allowed_steps(case, access):
        raise PermissionDenied("当前不能执行此操作。")
    form = _step_form(name, case, request.POST)
    if form is not None and not form.is_valid():
        return _case_page(request, case, access, failed=name, failed_form=form, status=400)
    try:
        result = STEPS[name].run(request.user, case, form.cleaned_data if form else {})
    except ValidationError as exc:
        form = form or _step_form(name, case)
        if form is None:
            messages.error(request, error_sentence(exc))
            return redirect("complaints_staff:case", tracking_no=case.tracking_no)
        apply_validation_error(form, exc)
        return _case_page(request, case, access, failed=name, failed_form=form, status=400)
    messages.success(request, f"已{STEPS[name].label}。")
    target = result.tracking_no if name == "split" else case.tracking_no
    return redirect("complaints_staff:case", tracking_no=target)


@staff_required
def evidence_download(request, tracking_no: str, token: str):
    case, access = case_get_for_user(request.user, tracking_no)
    if case.kind == Kind.REPORT and not access.can_see_identity:
        # A report's evidence can name the reporter (photos, receipts): the handling unit only.
        raise PermissionDenied("举报材料仅承办单位可以查看。")
    item = get_object_or_404(Evidence, case=case, token=token)
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=item.content_type == "application/pdf",
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required
def agreement_docx(request, tracking_no: str):
    case, access = case_get_for_user(request.user, tracking_no)
    if not access.can_see_identity:
        raise PermissionDenied("您不能查看当事人信息。")
    try:
        content = mediation.mediation_agreement_docx(case)
    except ValidationError as exc:
        raise Http404 from exc
    response = HttpResponse(
        content,
        content_type=("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    )
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(f'调解书-{case.tracking_no}.docx')}"
    )
    return response


@staff_required
@require_POST
def bulk_assign(request):
    """A unit head hands several cases of the unit to one handler at once."""
    numbers = request.POST.getlist("cases")[:200]
    assignee = User.objects.filter(pk=request.POST.get("assignee") or 0, is_active=True).first()
    if not numbers or assignee is None:
        messages.error(request, "请勾选案件并选择承办人。")
        return redirect("complaints_staff:workbench")
    done, skipped = 0, []
    for number in numbers:
        try:
            case, access = case_get_for_user(request.user, number)
        except Http404:
            skipped.append(number)
            continue
        if not (access.is_head and access.can_act and case.status in OPEN):
            skipped.append(number)
            continue
        try:
            services.case_assign(actor=request.user, case=case, assignee=assignee)
        except ValidationError:
            skipped.append(number)
        else:
            done += 1
    messages.success(request, f"已指定承办人 {done} 件。")
    if skipped:
        messages.warning(
            request, f"{len(skipped)} 件无权指定或承办人不属于该单位：{'、'.join(skipped[:10])}"
        )
    return redirect("complaints_staff:workbench")
