"""The bureau's side of pledges: the review queue, the pledge page with its returns, linked
complaints and breaches, and the breach steps (only those allowed now are offered)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.complaints.models import Case
from fangxin.pledges import breaches, services
from fangxin.pledges.forms import (
    BreachCorrectedForm,
    BreachOpenForm,
    BreachRevokeForm,
    BreachTalkForm,
    ReviewForm,
)
from fangxin.pledges.models import Pledge, PledgeBreach
from fangxin.web.forms import apply_validation_error
from fangxin.web.paging import page_of

BREACH_FORMS = {
    "talk": (BreachTalkForm, "约谈并限期整改"),
    "corrected": (BreachCorrectedForm, "确认已整改"),
    "revoke": (BreachRevokeForm, "撤销承诺并公告"),
}


def _pledge(user, pk: int) -> Pledge:
    pledge = (
        Pledge.objects.select_related("merchant", "merchant__township", "renews")
        .filter(pk=pk, bureau_id=user.bureau_id)
        .first()
    )
    if pledge is None:
        raise Http404
    return pledge


@staff_required
def queue(request):
    status = request.GET.get("status", Pledge.Status.SUBMITTED)
    pledges = Pledge.objects.filter(bureau_id=request.user.bureau_id).select_related("merchant")
    if status in Pledge.Status.values:
        pledges = pledges.filter(status=status)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        pledges = pledges.filter(merchant__name__icontains=q)
    paging = page_of(request, pledges, 30)
    return render(
        request,
        "pledges/staff_queue.html",
        {**paging, "status": status, "statuses": Pledge.Status.choices, "q": q},
    )


def _page(request, pledge, *, failed="", failed_form=None, status=200):
    user = request.user
    open_breach = pledge.breaches.filter(
        status__in=[PledgeBreach.Status.OPEN, PledgeBreach.Status.CORRECTING]
    ).first()
    steps = []
    if open_breach is not None:
        for name in breaches.breach_moves(open_breach, user):
            form_class, label = BREACH_FORMS[name]
            form = failed_form if failed == name else form_class()
            steps.append({"name": name, "label": label, "form": form})
    can_review = pledge.status == Pledge.Status.SUBMITTED and user.role in services.REVIEWER_ROLES
    return render(
        request,
        "pledges/staff_detail.html",
        {
            "pledge": pledge,
            "returns": pledge.returns.all()[:200],
            "cases": Case.objects.filter(pledge=pledge).order_by("-received_at")[:100],
            "breach_list": pledge.breaches.all(),
            "open_breach": open_breach,
            "steps": steps,
            "review_form": (failed_form if failed == "review" else ReviewForm())
            if can_review
            else None,
            "breach_form": (failed_form if failed == "breach" else BreachOpenForm())
            if open_breach is None and pledge.is_current()
            else None,
        },
        status=status,
    )


@staff_required
def detail(request, pledge_id: int):
    return _page(request, _pledge(request.user, pledge_id))


@staff_required
@require_POST
def review(request, pledge_id: int):
    pledge = _pledge(request.user, pledge_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.pledge_review(
                actor=request.user,
                pledge=pledge,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "审核结果已保存。")
            return redirect("pledges_staff:detail", pledge_id=pledge.pk)
    return _page(request, pledge, failed="review", failed_form=form, status=400)


@staff_required
@require_POST
def breach_open(request, pledge_id: int):
    pledge = _pledge(request.user, pledge_id)
    form = BreachOpenForm(request.POST)
    if form.is_valid():
        case = None
        number = form.cleaned_data["tracking_no"].strip()
        try:
            if number:
                case = Case.objects.filter(bureau_id=pledge.bureau_id, tracking_no=number).first()
                if case is None:
                    raise ValidationError({"tracking_no": ["未找到该投诉编号。"]})
            breaches.breach_open(
                actor=request.user, pledge=pledge, reason=form.cleaned_data["reason"], case=case
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已登记未践诺情形。")
            return redirect("pledges_staff:detail", pledge_id=pledge.pk)
    return _page(request, pledge, failed="breach", failed_form=form, status=400)


@staff_required
@require_POST
def breach_step(request, pledge_id: int, name: str):
    pledge = _pledge(request.user, pledge_id)
    breach = pledge.breaches.filter(
        status__in=[PledgeBreach.Status.OPEN, PledgeBreach.Status.CORRECTING]
    ).first()
    if breach is None or name not in BREACH_FORMS:
        raise Http404
    form = BREACH_FORMS[name][0](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if name == "talk":
                breaches.breach_talk(
                    actor=request.user,
                    breach=breach,
                    talk_at=data["talk_at"],
                    note=data["talk_note"],
                    due=data["correction_due"],
                )
            elif name == "corrected":
                breaches.breach_corrected(
                    actor=request.user, breach=breach, note=data["closing_note"]
                )
            else:
                breaches.breach_revoke(actor=request.user, breach=breach, notice=data["notice"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已{BREACH_FORMS[name][1]}。")
            return redirect("pledges_staff:detail", pledge_id=pledge.pk)
    return _page(request, pledge, failed=name, failed_form=form, status=400)
