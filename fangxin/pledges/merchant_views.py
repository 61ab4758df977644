"""The merchant's side of pledges: sign, renew, correct a returned pledge, log returns
honoured, see its own record of keeping them. Only its own pledges, ever."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import login_required
from fangxin.merchants.access import merchant_of
from fangxin.pledges import services
from fangxin.pledges.forms import PledgeForm, ReturnForm
from fangxin.pledges.models import Pledge
from fangxin.pledges.selectors import fulfilment_for
from fangxin.web.forms import apply_validation_error

SIGN_FIELDS = (
    "kind",
    "scope",
    "excluded_goods",
    "conditions",
    "refund_days",
    "commitments",
    "months",
    "signer_name",
)


def _own_pledge(merchant, pk: int) -> Pledge:
    pledge = Pledge.objects.select_related("merchant").filter(merchant=merchant, pk=pk).first()
    if pledge is None:
        raise Http404
    return pledge


@login_required
def pledges(request):
    merchant = merchant_of(request.user)
    return render(
        request,
        "pledges/merchant_list.html",
        {
            "merchant": merchant,
            "pledges": Pledge.objects.filter(merchant=merchant).select_related("merchant"),
            "record": fulfilment_for(merchant),
        },
    )


@login_required
def pledge_new(request):
    merchant = merchant_of(request.user)
    renews = None
    if renews_id := request.GET.get("renews") or request.POST.get("renews"):
        renews = _own_pledge(merchant, int(renews_id)) if str(renews_id).isdigit() else None
        if renews is None:
            raise Http404
    initial = {}
    if renews is not None:
        initial = {name: getattr(renews, name) for name in SIGN_FIELDS if name != "signer_name"}
    form = PledgeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in SIGN_FIELDS}
        try:
            pledge = services.pledge_sign(
                actor=request.user, merchant=merchant, renews=renews, **data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "承诺已签署并提交，待市场监管部门审核。")
            return redirect("pledges_merchant:detail", pledge_id=pledge.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "pledges/merchant_sign.html",
        {"form": form, "merchant": merchant, "renews": renews},
        status=status,
    )


@login_required
def pledge_detail(request, pledge_id: int):
    merchant = merchant_of(request.user)
    pledge = _own_pledge(merchant, pledge_id)
    return _detail(request, pledge, ReturnForm(), None)


def _detail(request, pledge, return_form, resubmit_form, status=200):
    if resubmit_form is None and pledge.status == Pledge.Status.RETURNED:
        initial = {name: getattr(pledge, name) for name in SIGN_FIELDS}
        resubmit_form = PledgeForm(initial=initial)
    return render(
        request,
        "pledges/merchant_detail.html",
        {
            "pledge": pledge,
            "returns": pledge.returns.all()[:200],
            "return_form": return_form
            if pledge.kind == Pledge.Kind.SEVEN_DAY_RETURN and pledge.is_current()
            else None,
            "resubmit_form": resubmit_form,
        },
        status=status,
    )


@login_required
@require_POST
def return_log(request, pledge_id: int):
    merchant = merchant_of(request.user)
    pledge = _own_pledge(merchant, pledge_id)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.pledge_return_log(actor=request.user, pledge=pledge, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "退货记录已登记。")
            return redirect("pledges_merchant:detail", pledge_id=pledge.pk)
    return _detail(request, pledge, form, None, status=400)


@login_required
@require_POST
def resubmit(request, pledge_id: int):
    merchant = merchant_of(request.user)
    pledge = _own_pledge(merchant, pledge_id)
    form = PledgeForm(request.POST)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in SIGN_FIELDS if name != "kind"}
        try:
            new = services.pledge_resubmit(actor=request.user, pledge=pledge, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已修改并重新提交。")
            return redirect("pledges_merchant:detail", pledge_id=new.pk)
    return _detail(request, pledge, ReturnForm(), form, status=400)
