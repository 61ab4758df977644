"""The merchant's side: submit its contracts and notices for a self-check, see the findings
highlighted, download the rectification notice, send the revised text. Its own, ever."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import login_required
from fangxin.clauses import services
from fangxin.clauses.forms import RevisionForm, SubmitForm
from fangxin.clauses.models import ClauseDocument
from fangxin.clauses.selectors import document_segments, documents_for_merchant, revision_segments
from fangxin.clauses.staff_views import notice_response
from fangxin.merchants.access import merchant_of
from fangxin.web.forms import apply_validation_error
from fangxin.web.paging import page_of


def _own(request, pk: int) -> ClauseDocument:
    found = documents_for_merchant(merchant_of(request.user)).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def document_list(request):
    merchant = merchant_of(request.user)
    return render(
        request,
        "clauses/merchant_list.html",
        {"merchant": merchant, **page_of(request, documents_for_merchant(merchant), 30)},
    )


@login_required
def document_new(request):
    merchant = merchant_of(request.user)
    form = SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_submit(
                actor=request.user,
                extracted=data["extracted"],
                title=data["title"],
                sector=data["sector"],
                upload=data["raw"],
                original_name=data["original_name"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已提交。以下为系统初筛结果，工作人员审核后以审核结论为准。")
            return redirect("clauses_merchant:detail", document_id=document.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "clauses/merchant_new.html", {"form": form, "merchant": merchant}, status=status
    )


def _detail(request, document, *, revision_form=None, status=200):
    revision = document.revisions.order_by("-number").first()
    return render(
        request,
        "clauses/merchant_detail.html",
        {
            "document": document,
            "segments": document_segments(document),
            "findings": document.findings.exclude(decision="dismissed"),
            "notice": getattr(document, "notice", None),
            "revision": revision,
            "revision_segments": revision_segments(revision) if revision else [],
            "may_revise": "revision_submit" in services.moves_for(document, request.user),
            "revision_form": revision_form or RevisionForm(),
        },
        status=status,
    )


@login_required
def document_detail(request, document_id: int):
    return _detail(request, _own(request, document_id))


@login_required
def notice_download(request, document_id: int):
    return notice_response(_own(request, document_id))


@login_required
@require_POST
def revision_submit(request, document_id: int):
    document = _own(request, document_id)
    form = RevisionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.revision_submit(
                actor=request.user,
                document=document,
                extracted=form.cleaned_data["extracted"],
                original_name=form.cleaned_data["original_name"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "修改后的文本已提交，等待工作人员复核。")
            return redirect("clauses_merchant:detail", document_id=document.pk)
    return _detail(request, document, revision_form=form, status=400)
