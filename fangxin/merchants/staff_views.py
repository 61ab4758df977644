"""The bureau's merchant registry: search, add, edit, the merchant page (pledges, record of
keeping them, complaints), and opening a merchant-portal account."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.core.categories import SECTOR_CHOICES
from fangxin.core.models import Township
from fangxin.merchants import services
from fangxin.merchants.access import merchant_for_staff
from fangxin.merchants.forms import AccountInviteForm, MerchantForm
from fangxin.merchants.selectors import complaint_counts_by_year, merchant_search
from fangxin.pledges.selectors import fulfilment_for
from fangxin.web.forms import apply_validation_error
from fangxin.web.paging import page_of

FIELDS = services.EDITABLE


@staff_required
def registry(request):
    user = request.user
    township = request.GET.get("township", "")
    sector = request.GET.get("sector", "")
    q = request.GET.get("q", "")
    merchants = merchant_search(
        bureau_id=user.bureau_id,
        q=q,
        township_id=int(township) if township.isdigit() else None,
        sector=sector if sector in dict(SECTOR_CHOICES) else "",
    )
    paging = page_of(request, merchants, 30)
    return render(
        request,
        "merchants/staff_registry.html",
        {
            **paging,
            "townships": Township.objects.filter(bureau_id=user.bureau_id).order_by("name"),
            "sectors": SECTOR_CHOICES,
            "selected": {"township": township, "sector": sector, "q": q[:60]},
        },
    )


@staff_required
def merchant_new(request):
    form = MerchantForm(request.POST or None, bureau=request.user.bureau)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sectors = data.pop("sectors")
        status = data.pop("status")
        try:
            merchant = services.merchant_create(
                actor=request.user, bureau=request.user.bureau, sectors=sectors, **data
            )
            if status != merchant.status:
                services.merchant_update(
                    actor=request.user, merchant=merchant, values={"status": status}
                )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "经营者已登记。")
            return redirect("merchants_staff:detail", merchant_id=merchant.pk)
    return render(
        request,
        "merchants/staff_form.html",
        {"form": form, "title": "登记经营者"},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def merchant_edit(request, merchant_id: int):
    merchant = merchant_for_staff(request.user, merchant_id)
    initial = {name: getattr(merchant, name) for name in FIELDS}
    initial["sectors"] = list(merchant.sectors.values_list("sector", flat=True))
    form = MerchantForm(request.POST or None, bureau=request.user.bureau, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        sectors = data.pop("sectors")
        try:
            services.merchant_update(
                actor=request.user, merchant=merchant, values=data, sectors=sectors
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("merchants_staff:detail", merchant_id=merchant.pk)
    return render(
        request,
        "merchants/staff_form.html",
        {"form": form, "title": f"编辑：{merchant.name}", "merchant": merchant},
        status=400 if request.method == "POST" else 200,
    )


def _detail(request, merchant, invite_form=None, password=None, status=200):
    return render(
        request,
        "merchants/staff_detail.html",
        {
            "merchant": merchant,
            "sectors": merchant.sectors.all(),
            "pledges": merchant.pledges.all(),
            "record": fulfilment_for(merchant),
            "complaints": complaint_counts_by_year(merchant),
            "credit": merchant.credit_entries.all()[:100],
            "trusted": merchant.trusted_records.select_related("unit")[:20],
            "accounts": merchant.accounts.select_related("user"),
            "invite_form": invite_form or AccountInviteForm(),
            "password": password,
        },
        status=status,
    )


@staff_required
def merchant_detail(request, merchant_id: int):
    return _detail(request, merchant_for_staff(request.user, merchant_id))


@staff_required
@require_POST
def account_invite(request, merchant_id: int):
    merchant = merchant_for_staff(request.user, merchant_id)
    form = AccountInviteForm(request.POST)
    if form.is_valid():
        try:
            user, password = services.merchant_account_invite(
                actor=request.user, merchant=merchant, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            # Shown once, on this response only; never stored in clear or logged.
            return _detail(
                request, merchant, password={"username": user.username, "value": password}
            )
    return _detail(request, merchant, invite_form=form, status=400)
