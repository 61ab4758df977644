"""Selections in the workbench: create, candidates and eligibility, experts, scoring, held
votes, finalising and publishing, the final list as a spreadsheet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.core.masking import mask_phone
from fangxin.merchants.selectors import merchant_by_name_or_code
from fangxin.selections import selectors, services, voting
from fangxin.selections.forms import (
    CandidateForm,
    EligibilityForm,
    ExpertsForm,
    MoveForm,
    ReviewForm,
    ScoreForm,
    SelectionForm,
)
from fangxin.selections.models import Candidate, ExpertScore, Selection, Vote
from fangxin.web.forms import apply_validation_error
from fangxin.web.paging import page_of
from fangxin.web.spreadsheets import xlsx_response

S = Selection.State
# The button each allowed move shows.
MOVE_LABELS = {
    S.NOMINATING: "开始推荐申报",
    S.REVIEWING: "截止申报，进入资格审查",
    S.SCORING: "资格审查完成，进入专家评审",
    S.VOTING: "开始公众投票",
    S.FINALISED: "核定评选结果",
    S.PUBLISHED: "公布评选结果",
}


@staff_required
def selection_list(request):
    may = request.user.role in services.PLANNER_ROLES
    form = SelectionForm(request.POST or None, bureau_id=request.user.bureau_id) if may else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                created = services.selection_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, "评选已创建。")
                return redirect("selections_staff:detail", selection_id=created.pk)
    rows = selectors.selection_list_for_bureau(request.user.bureau_id)
    return render(
        request,
        "selections/staff_list.html",
        {"form": form, **page_of(request, rows, 30)},
        status=400 if request.method == "POST" else 200,
    )


def _detail(request, selection, may, *, status=200, **forms):
    candidates = selectors.candidates_for_staff(selection)
    # Offer the path this selection takes: through the vote, or past it when it has none.
    skipped = S.FINALISED if selection.public_vote else S.VOTING
    moves = [
        (state, MOVE_LABELS[state])
        for state in S.values
        if state in services.TRANSITIONS[selection.state]
        and not (state == skipped and selection.state == S.SCORING)
    ]
    context = {
        "selection": selection,
        "may": may,
        "candidates": candidates,
        "transitions": selection.transitions.select_related("actor"),
        "counts": selectors.vote_counts(selection),
        "moves": moves if may else [],
        "move_form": forms.get("move_form") or MoveForm(),
        "candidate_form": forms.get("candidate_form")
        or (CandidateForm() if may and selection.state in (S.DRAFT, S.NOMINATING) else None),
        "experts_form": forms.get("experts_form")
        or (
            ExpertsForm(
                initial={"experts": list(selection.experts.all())},
                users=services.expert_choices(selection.bureau_id),
            )
            if may and selection.state in (S.DRAFT, S.NOMINATING, S.REVIEWING, S.SCORING)
            else None
        ),
        "eligibility_form": forms.get("eligibility_form"),
        "eligibility_for": forms.get("eligibility_for"),
        "may_decide": may and selection.state in (S.NOMINATING, S.REVIEWING),
        "experts": selection.experts.order_by("username"),
        "is_expert": selection.experts.filter(pk=request.user.pk).exists(),
        "final": getattr(selection, "final", None),
        "entries": selection.final.entries.select_related("candidate")
        if hasattr(selection, "final")
        else [],
    }
    return render(request, "selections/staff_detail.html", context, status=status)


@staff_required
def selection_detail(request, selection_id: int):
    selection, may = selectors.selection_for_staff(request.user, selection_id)
    return _detail(request, selection, may)


def _planner_selection(request, selection_id):
    selection, may = selectors.selection_for_staff(request.user, selection_id)
    if not may:
        raise Http404
    return selection, may


@staff_required
@require_POST
def selection_move(request, selection_id: int):
    selection, may = _planner_selection(request, selection_id)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.selection_move(actor=request.user, selection=selection, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "评选状态已更新。")
            return redirect("selections_staff:detail", selection_id=selection.pk)
    return _detail(request, selection, may, status=400, move_form=form)


@staff_required
@require_POST
def candidate_add(request, selection_id: int):
    selection, may = _planner_selection(request, selection_id)
    form = CandidateForm(request.POST)
    merchant = None
    if form.is_valid() and (reference := form.cleaned_data.pop("merchant").strip()):
        merchant = merchant_by_name_or_code(selection.bureau_id, reference)
        if merchant is None:
            form.add_error("merchant", "本局名录中没有该经营者，请核对名称或统一社会信用代码。")
    if form.is_valid():
        try:
            services.candidate_nominate(
                actor=request.user, selection=selection, merchant=merchant, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "候选对象已添加。")
            return redirect("selections_staff:detail", selection_id=selection.pk)
    return _detail(request, selection, may, status=400, candidate_form=form)


@staff_required
@require_POST
def candidate_decide(request, selection_id: int, candidate_id: int):
    selection, may = _planner_selection(request, selection_id)
    candidate = Candidate.objects.filter(pk=candidate_id, selection=selection).first()
    if candidate is None:
        raise Http404
    form = EligibilityForm(request.POST)
    if form.is_valid():
        try:
            services.candidate_decide(
                actor=request.user,
                candidate=candidate,
                eligible=form.cleaned_data["decision"] == "eligible",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已记录“{candidate.name}”的资格审查结论。")
            return redirect("selections_staff:detail", selection_id=selection.pk)
    return _detail(
        request, selection, may, status=400, eligibility_form=form, eligibility_for=candidate.pk
    )


@staff_required
@require_POST
def experts_set(request, selection_id: int):
    selection, may = _planner_selection(request, selection_id)
    form = ExpertsForm(request.POST, users=services.expert_choices(selection.bureau_id))
    if form.is_valid():
        try:
            services.selection_experts_set(
                actor=request.user, selection=selection, experts=form.cleaned_data["experts"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "评审专家已保存。")
            return redirect("selections_staff:detail", selection_id=selection.pk)
    return _detail(request, selection, may, status=400, experts_form=form)


@staff_required
def score_sheet(request, selection_id: int):
    """An expert's own sheet: every eligible candidate with the expert's score so far."""
    selection, _ = selectors.selection_for_staff(request.user, selection_id)
    if not selection.experts.filter(pk=request.user.pk).exists():
        raise Http404
    status, failed, failed_for = 200, None, None
    if request.method == "POST":
        form = ScoreForm(request.POST)
        if form.is_valid():
            candidate = Candidate.objects.filter(
                pk=form.cleaned_data["candidate"], selection=selection
            ).first()
            if candidate is None:
                raise Http404
            try:
                services.score_submit(
                    actor=request.user,
                    candidate=candidate,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, f"已保存对“{candidate.name}”的评分。")
                return redirect("selections_staff:score", selection_id=selection.pk)
        status, failed = 400, form
        failed_for = request.POST.get("candidate")
    mine = {
        s.candidate_id: s
        for s in ExpertScore.objects.filter(candidate__selection=selection, expert=request.user)
    }
    rows = []
    for candidate in selection.candidates.filter(eligibility=Candidate.Eligibility.ELIGIBLE):
        score = mine.get(candidate.pk)
        if failed is not None and str(candidate.pk) == failed_for:
            value, comment = request.POST.get("score", ""), request.POST.get("comment", "")
            errors = [e for es in failed.errors.values() for e in es]
        else:
            value = score.score if score else ""
            comment = score.comment if score else ""
            errors = []
        rows.append(
            {
                "candidate": candidate,
                "score": score,
                "value": value,
                "comment": comment,
                "errors": errors,
            }
        )
    return render(
        request,
        "selections/score_sheet.html",
        {
            "selection": selection,
            "rows": rows,
            "open": selection.state in (S.SCORING, S.VOTING),
            "unknown": failed is not None and not any(r["errors"] for r in rows),
            "failed": failed,
        },
        status=status,
    )


@staff_required
def votes_review(request, selection_id: int):
    selection, may = selectors.selection_for_staff(request.user, selection_id)
    status_filter = request.GET.get("status", Vote.Status.HELD)
    if status_filter not in Vote.Status.values:
        status_filter = Vote.Status.HELD
    form, code = None, 200
    if request.method == "POST":
        if not may:
            raise Http404
        held_ids = list(
            selection.votes.filter(status=Vote.Status.HELD).values_list("pk", flat=True)
        )
        form = ReviewForm(request.POST, vote_ids=held_ids)
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = voting.votes_review(
                    actor=request.user,
                    selection=selection,
                    vote_ids=data["votes"],
                    release=data["decision"] == "release",
                    note=data["note"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                verb = "计入有效票" if data["decision"] == "release" else "认定为无效票"
                messages.success(request, f"已将{len(done)}张投票{verb}。")
                return redirect("selections_staff:votes", selection_id=selection.pk)
        code = 400
    counts = selectors.vote_counts(selection)
    rows = selectors.held_votes(selection, status_filter)
    page = page_of(request, rows, 50)
    page["page_rows"] = [
        {"vote": v, "phone": mask_phone(v.phone), "address": _mask_address(v.address)}
        for v in page["page"]
    ]
    return render(
        request,
        "selections/votes.html",
        {
            "selection": selection,
            "may": may and selection.state == S.VOTING,
            "status_filter": status_filter,
            "statuses": [(v, label, counts[v]) for v, label in Vote.Status.choices],
            "form": form,
            **page,
        },
        status=code,
    )


def _mask_address(address: str | None) -> str:
    """The network, not the host: enough to see a burst from one place."""
    if not address:
        return "—"
    if "." in address:
        return ".".join(address.split(".")[:3]) + ".*"
    return address.rsplit(":", 2)[0] + ":*"


@staff_required
def final_export(request, selection_id: int):
    selection, _ = selectors.selection_for_staff(request.user, selection_id)
    final = getattr(selection, "final", None)
    if final is None:
        raise Http404
    rows = [
        (
            e.rank,
            e.candidate.name,
            e.candidate.organisation,
            e.expert_average,
            e.votes,
            e.vote_score,
            e.total,
            "入选" if e.is_winner else "",
        )
        for e in final.entries.select_related("candidate")
    ]
    return xlsx_response(
        f"selection-{selection.pk}-final.xlsx",
        "评选结果",
        ["名次", "名称/姓名", "单位", "专家平均分", "有效票数", "投票得分", "综合得分", "结果"],
        rows,
    )
