"""Staff pages of format-clause review: the list, submitting a document, the review page
(text with the findings highlighted, confirm or dismiss each), the notice and the re-check."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.clauses import services
from fangxin.clauses.forms import (
    DecideForm,
    DocumentFilterForm,
    FindingAddForm,
    NoteForm,
    NoticeForm,
    RevisionForm,
    StaffSubmitForm,
)
from fangxin.clauses.models import ClauseDocument, ClauseFinding
from fangxin.clauses.selectors import document_segments, documents_for_staff, revision_segments
from fangxin.merchants.selectors import merchant_by_name_or_code
from fangxin.web.forms import apply_validation_error, error_sentence
from fangxin.web.paging import page_of

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def document_for_staff(user, pk: int) -> ClauseDocument:
    found = (
        ClauseDocument.objects.select_related("merchant", "unit", "bureau")
        .filter(pk=pk, bureau_id=user.bureau_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@staff_required
def document_list(request):
    form = DocumentFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = documents_for_staff(request.user, **{k: v for k, v in filters.items() if v})
    return render(request, "clauses/staff_list.html", {"form": form, **page_of(request, rows, 30)})


@staff_required
def document_new(request):
    form = StaffSubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        merchant = None
        if data["merchant"].strip():
            merchant = merchant_by_name_or_code(request.user.bureau_id, data["merchant"])
            if merchant is None:
                form.add_error("merchant", "本局名录中没有该经营者，请核对名称或统一社会信用代码。")
        if not form.errors:
            try:
                document = services.document_submit(
                    actor=request.user,
                    extracted=data["extracted"],
                    title=data["title"],
                    sector=data["sector"],
                    merchant=merchant,
                    upload=data["raw"],
                    original_name=data["original_name"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, "已提交，系统初筛完成。")
                return redirect("clauses_staff:detail", document_id=document.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "clauses/staff_new.html", {"form": form}, status=status)


def _detail(request, document, *, forms_=None, status=200):
    forms_ = forms_ or {}
    findings = list(document.findings.select_related("decided_by"))
    revision = document.revisions.order_by("-number").first()
    return render(
        request,
        "clauses/staff_detail.html",
        {
            "document": document,
            "segments": document_segments(document, include_dismissed=False),
            "findings": findings,
            "moves": services.moves_for(document, request.user),
            "notice": getattr(document, "notice", None),
            "revision": revision,
            "revision_segments": revision_segments(revision) if revision else [],
            "decide_form": DecideForm(),
            "notice_form": forms_.get("notice_issue") or NoticeForm(),
            "note_form": forms_.get("note") or NoteForm(),
            "add_form": forms_.get("finding_add") or FindingAddForm(),
            "revision_form": forms_.get("revision_submit") or RevisionForm(),
            "today": timezone.localdate(),
        },
        status=status,
    )


@staff_required
def document_detail(request, document_id: int):
    return _detail(request, document_for_staff(request.user, document_id))


@staff_required
@require_POST
def finding_decide(request, document_id: int, finding_id: int):
    document = document_for_staff(request.user, document_id)
    finding = ClauseFinding.objects.filter(pk=finding_id, document=document).first()
    if finding is None:
        raise Http404
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for es in form.errors.values() for e in es))
        return redirect("clauses_staff:detail", document_id=document.pk)
    try:
        services.finding_decide(
            actor=request.user,
            finding=finding,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, error_sentence(exc))
    return redirect(f"{request.path.rsplit('/findings/', 1)[0]}/#finding-{finding.pk}")


ACTIONS = {
    "finding_add",
    "confirm_rest",
    "review_complete",
    "notice_issue",
    "revision_submit",
    "revision_accept",
    "revision_return",
    "credit_record",
    "close",
}


@staff_required
@require_POST
def document_action(request, document_id: int, action: str):
    document = document_for_staff(request.user, document_id)
    if action not in ACTIONS:
        raise Http404
    form = None
    try:
        if action == "finding_add":
            form = FindingAddForm(request.POST)
            if not form.is_valid():
                return _detail(request, document, forms_={action: form}, status=400)
            services.finding_add(actor=request.user, document=document, **form.cleaned_data)
        elif action == "confirm_rest":
            services.findings_confirm_rest(actor=request.user, document=document)
        elif action == "review_complete":
            services.review_complete(actor=request.user, document=document)
        elif action == "notice_issue":
            form = NoticeForm(request.POST)
            if not form.is_valid():
                return _detail(request, document, forms_={action: form}, status=400)
            services.notice_issue(
                actor=request.user, document=document, due_on=form.cleaned_data["due_on"]
            )
        elif action == "revision_submit":
            form = RevisionForm(request.POST, request.FILES)
            if not form.is_valid():
                return _detail(request, document, forms_={action: form}, status=400)
            services.revision_submit(
                actor=request.user,
                document=document,
                extracted=form.cleaned_data["extracted"],
                original_name=form.cleaned_data["original_name"],
            )
        elif action == "credit_record":
            services.credit_record(actor=request.user, document=document)
        else:
            form = NoteForm(request.POST)
            form.is_valid()
            note = form.cleaned_data.get("note", "")
            if action == "close":
                services.document_close(actor=request.user, document=document, note=note)
            else:
                services.revision_decide(
                    actor=request.user,
                    document=document,
                    accept=action == "revision_accept",
                    note=note,
                )
    except ValidationError as exc:
        if form is None:
            messages.error(request, error_sentence(exc))
            return redirect("clauses_staff:detail", document_id=document.pk)
        apply_validation_error(form, exc)
        key = action if action in ("notice_issue", "revision_submit", "finding_add") else "note"
        return _detail(request, document, forms_={key: form}, status=400)
    messages.success(request, "已办理。")
    return redirect("clauses_staff:detail", document_id=document.pk)


def notice_response(document: ClauseDocument) -> HttpResponse:
    notice = getattr(document, "notice", None)
    if notice is None:
        raise Http404
    response = HttpResponse(bytes(notice.docx), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rectification-{document.pk}.docx"'
    return response


@staff_required
def notice_download(request, document_id: int):
    return notice_response(document_for_staff(request.user, document_id))


@staff_required
def original_download(request, document_id: int):
    document = document_for_staff(request.user, document_id)
    if not document.file:
        raise Http404
    response = FileResponse(
        document.file.open("rb"), as_attachment=True, filename=document.original_name or "原件"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
