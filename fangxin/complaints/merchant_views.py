"""The merchant's portal for ODR cases: only its own cases, only what it needs to respond
(the consumer's name and phone, the claim and facts) — never an ID number or other cases."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import login_required
from fangxin.complaints import odr
from fangxin.complaints.models import Case
from fangxin.complaints.workflow import Status
from fangxin.merchants.access import merchant_of
from fangxin.web.forms import apply_validation_error

_merchant = merchant_of


def merchant_case_list(user):
    # Only while the merchant handles it, and what it settled itself: once a case goes to the
    # bureau, the bureau's work on it is none of the merchant's business.
    return (
        Case.objects.filter(merchant=_merchant(user))
        .filter(Q(status=Status.ODR) | Q(outcome="odr_settled"))
        .prefetch_related("deadlines")
        .order_by("-received_at")
    )


def merchant_case_get(user, tracking_no: str) -> Case:
    case = merchant_case_list(user).filter(tracking_no=tracking_no).first()
    if case is None:
        raise Http404
    return case


class ContactForm(forms.Form):
    contacted_at = forms.DateTimeField(
        label="联系时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"required": "请填写联系时间。", "invalid": "时间格式不正确。"},
    )
    method = forms.ChoiceField(label="方式", choices=list(odr.METHODS.items()))
    note = forms.CharField(
        label="协商情况",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写协商情况。"},
    )


class SettleForm(forms.Form):
    note = forms.CharField(
        label="处理结果",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写处理结果。"},
    )
    amount = forms.DecimalField(
        label="退赔金额（元）",
        required=False,
        min_value=0,
        max_digits=13,
        decimal_places=2,
        error_messages={"invalid": "请填写金额数字。", "min_value": "金额不能为负数。"},
    )


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label="未能协商一致的情况",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请说明情况。"},
    )


FORMS = {"contact": ContactForm, "settle": SettleForm, "escalate": EscalateForm}


@login_required
def cases(request):
    return render(
        request, "complaints/merchant_list.html", {"cases": merchant_case_list(request.user)}
    )


def _page(request, case, forms_by_name, status=200):
    return render(
        request,
        "complaints/merchant_case.html",
        {
            "case": case,
            "forms": forms_by_name,
            "open": case.status == Status.ODR,
            "deadline": case.deadlines.filter(key="odr.negotiation").first(),
            "events": [e for e in case.events.all() if e.public_text],
        },
        status=status,
    )


@login_required
def case_detail(request, tracking_no: str):
    case = merchant_case_get(request.user, tracking_no)
    return _page(request, case, {name: form() for name, form in FORMS.items()})


@login_required
@require_POST
def case_act(request, tracking_no: str, name: str):
    case = merchant_case_get(request.user, tracking_no)
    if name not in FORMS:
        raise Http404
    bound = {n: (f(request.POST) if n == name else f()) for n, f in FORMS.items()}
    form = bound[name]
    if form.is_valid():
        d = form.cleaned_data
        try:
            if name == "contact":
                odr.odr_contact_record(actor=request.user, case=case, **d)
            elif name == "settle":
                odr.odr_settle(actor=request.user, case=case, note=d["note"], amount=d["amount"])
            else:
                odr.odr_escalate(actor=request.user, case=case, reason=d["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("complaints_merchant:case", tracking_no=case.tracking_no)
    return _page(request, case, bound, status=400)
