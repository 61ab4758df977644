"""ODR units: the merchant applies in its portal; the bureau decides and watches each unit's
record on the complaints sent to it first."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import login_required, staff_required
from fangxin.merchants.access import merchant_of
from fangxin.merchants.forms import OdrApplyForm, OdrDecisionForm
from fangxin.merchants.models import OdrMembership
from fangxin.merchants.odr_units import UNDERTAKING, odr_apply, odr_decide, odr_unit_stats
from fangxin.web.forms import apply_validation_error


@login_required
def merchant_odr(request):
    merchant = merchant_of(request.user)
    membership = OdrMembership.objects.filter(merchant=merchant).first()
    may_apply = membership is None or membership.status == OdrMembership.Status.REJECTED
    form = OdrApplyForm(request.POST or None, initial={"premises": merchant.address})
    status = 200
    if request.method == "POST":
        if not may_apply:
            raise Http404
        if form.is_valid():
            try:
                odr_apply(actor=request.user, merchant=merchant, **form.cleaned_data)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, "申请已提交，待市场监管部门审核。")
                return redirect("merchants_odr:mine")
        status = 400
    return render(
        request,
        "merchants/merchant_odr.html",
        {
            "merchant": merchant,
            "membership": membership,
            "form": form if may_apply else None,
            "undertaking": UNDERTAKING,
        },
        status=status,
    )


@staff_required
def staff_odr(request, failed_id=None, failed_form=None, status=200):
    units = odr_unit_stats(request.user.bureau_id)
    return render(
        request,
        "merchants/staff_odr.html",
        {"units": units, "failed_id": failed_id, "failed_form": failed_form},
        status=status,
    )


@staff_required
@require_POST
def staff_odr_decide(request, odr_id: int):
    membership = (
        OdrMembership.objects.select_related("merchant")
        .filter(pk=odr_id, merchant__bureau_id=request.user.bureau_id)
        .first()
    )
    if membership is None:
        raise Http404
    form = OdrDecisionForm(request.POST)
    if form.is_valid():
        try:
            odr_decide(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已处理：{membership.merchant.name}。")
            return redirect("merchants_staff:odr")
    return staff_odr(request, failed_id=membership.pk, failed_form=form, status=400)
