"""The public side of a selection: the list, the candidates with a vote button (no JavaScript
needed), online applications, and the published results with the method behind them.
No voter's number appears on any of these pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangxin.audit.middleware import client_address
from fangxin.core.masking import mask_phone
from fangxin.engagement.verification import verified_phone
from fangxin.selections import selectors, services, voting
from fangxin.selections.forms import ApplyForm, VoteForm
from fangxin.selections.models import Candidate, Selection, Vote
from fangxin.web import ratelimit
from fangxin.web.forms import apply_validation_error
from fangxin.web.paging import page_of


def _verify_first(request, target: str):
    return redirect(reverse("engagement:verify") + "?next=" + target)


def selection_list(request):
    return render(
        request,
        "selections/public_list.html",
        page_of(request, selectors.selection_list_public(), 20),
    )


def _detail(request, selection: Selection, *, error: str = "", status: int = 200):
    phone = verified_phone(request)
    today = timezone.localdate()
    closed = voting.vote_open(selection, today)
    return render(
        request,
        "selections/public_detail.html",
        {
            "selection": selection,
            "candidates": selectors.candidates_public(selection),
            "voting": selection.public_vote and selection.state == Selection.State.VOTING,
            "closed": closed,
            "phone_label": mask_phone(phone) if phone else "",
            "voted_today": bool(phone) and voting.already_voted(selection, phone, today),
            "error": error,
        },
        status=status,
    )


def selection_detail(request, selection_id: int):
    return _detail(request, selectors.selection_get_public(selection_id))


@require_POST
def vote(request, selection_id: int):
    selection = selectors.selection_get_public(selection_id)
    detail = reverse("selections_public:detail", args=[selection.pk])
    phone = verified_phone(request)
    if phone is None:
        messages.info(request, "投票前请先验证手机号，每个号码每天可投一票。")
        return _verify_first(request, detail)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _detail(request, selection, error="请选择候选对象。", status=400)
    candidate = Candidate.objects.filter(
        pk=form.cleaned_data["candidate"], selection=selection
    ).first()
    if candidate is None:
        return _detail(request, selection, error="请选择本次评选的候选对象。", status=400)
    try:
        cast = voting.vote_cast(
            selection=selection,
            candidate=candidate,
            phone=phone,
            address=client_address(request),
            user_agent=request.headers.get("User-Agent", ""),
            verified_at=selectors.phone_verified_at(phone),
        )
    except ValidationError as exc:
        text = "；".join(m for ms in exc.message_dict.values() for m in ms)
        return _detail(request, selection, error=text, status=400)
    if cast.status == Vote.Status.COUNTED:
        messages.success(request, f"投票成功：您为“{candidate.name}”投了一票。")
    else:
        messages.warning(
            request,
            f"您为“{candidate.name}”的投票已收到。系统发现同一时段投票异常，"
            "这张票将由工作人员核实后计入。",
        )
    return redirect(detail)


def apply(request, selection_id: int):
    selection = selectors.selection_get_public(selection_id)
    if selection.state != Selection.State.NOMINATING:
        raise Http404
    path = reverse("selections_public:apply", args=[selection.pk])
    phone = verified_phone(request)
    if phone is None:
        messages.info(request, "申报前请先验证手机号，号码只用于工作人员联系您，不会公开。")
        return _verify_first(request, path)
    form = ApplyForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.hit(
            "selection-apply", client_address(request) or "-", limit=10, window_seconds=3600
        ):
            form.add_error(None, "提交过于频繁，请稍后再试。")
            return render(
                request, "selections/apply.html", {"selection": selection, "form": form}, status=429
            )
        if form.is_valid():
            try:
                services.candidate_apply(selection=selection, phone=phone, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, "申报已提交，资格审查后将在本页公布符合条件的候选对象。")
                return redirect("selections_public:detail", selection_id=selection.pk)
    return render(
        request,
        "selections/apply.html",
        {"selection": selection, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def results(request, selection_id: int):
    selection = selectors.selection_get_public(selection_id)
    final = getattr(selection, "final", None)
    if selection.state != Selection.State.PUBLISHED or final is None:
        raise Http404
    return render(
        request,
        "selections/results.html",
        {
            "selection": selection,
            "final": final,
            "entries": final.entries.select_related("candidate"),
            "inputs": final.inputs.get("candidates", []),
            "formula": final.inputs.get("formula", ""),
            "transitions": selection.transitions.all(),
        },
    )
