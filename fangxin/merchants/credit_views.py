"""Credit publicity, the bureau's side: the list of entries (with their public state), recording
a penalty or warning, correcting or withdrawing an entry (administrators, with a reason), the
publication-period rules with their legal basis, and an export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from fangxin.accounts.access import staff_required
from fangxin.merchants import credit
from fangxin.merchants.credit_selectors import staff_entries
from fangxin.merchants.forms import CreditCorrectionForm, CreditEntryForm
from fangxin.merchants.models import CreditEntry, CreditKind, Merchant, PublicityRule
from fangxin.merchants.selectors import merchant_by_name_or_code
from fangxin.web.forms import apply_validation_error
from fangxin.web.paging import page_of
from fangxin.web.spreadsheets import xlsx_response

STATES = [
    ("", "全部"),
    ("public", "公示中"),
    ("ended", "公示期满"),
    ("withdrawn", "已撤下"),
    ("unpublished", "不予公示"),
]
EXPORT_LIMIT = 20000


def _filters(request):
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    return {
        "q": request.GET.get("q", "").strip()[:60],
        "kind": kind if kind in CreditKind.values else "",
        "state": state if state in dict(STATES) else "",
    }


@staff_required
def entries(request):
    selected = _filters(request)
    rows = staff_entries(bureau_id=request.user.bureau_id, **selected)
    if request.GET.get("format") == "xlsx":
        return _export(rows)
    paging = page_of(request, rows, 30)
    today = timezone.localdate()
    for entry in paging["page"]:
        entry.state = entry.public_state(today)
    return render(
        request,
        "merchants/credit_list.html",
        {
            **paging,
            "selected": selected,
            "kinds": CreditKind.choices,
            "states": STATES,
            "rules": PublicityRule.objects.all(),
            "may_correct": credit.may_correct(request.user),
        },
    )


def _export(rows) -> HttpResponse:
    today = timezone.localdate()
    header = ["经营者", "统一社会信用代码", "类型", "违法行为/事由", "处理内容", "决定书文号"]
    header += ["作出机关", "决定日期", "公示日期", "公示截止", "状态"]
    return xlsx_response(
        "credit-publicity.xlsx",
        "信用公示",
        header,
        (
            [e.merchant.name, e.merchant.credit_code, e.get_kind_display(), e.title, e.content]
            + [e.document_number, e.authority, e.decided_on, e.published_on, e.public_until]
            + [e.public_state(today)]
            for e in rows[:EXPORT_LIMIT]
        ),
    )


@staff_required
def entry_new(request):
    kinds = [(k, label) for k, label in CreditKind.choices if k in credit.MANUAL_KINDS]
    initial = {"authority": request.user.bureau.name}
    merchant_id = request.GET.get("merchant", "")
    if merchant_id.isdigit():
        found = Merchant.objects.filter(pk=merchant_id, bureau_id=request.user.bureau_id).first()
        if found:
            initial["credit_code_or_name"] = found.credit_code or found.name
    form = CreditEntryForm(request.POST or None, kinds=kinds, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        merchant = merchant_by_name_or_code(request.user.bureau_id, data.pop("credit_code_or_name"))
        try:
            if merchant is None:
                raise ValidationError({"credit_code_or_name": ["本局名录中没有该经营者。"]})
            entry = credit.credit_entry_create(actor=request.user, merchant=merchant, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "已登记信用信息。")
            return redirect("merchants_staff:credit_detail", entry_id=entry.pk)
    return render(
        request,
        "merchants/credit_form.html",
        {"form": form, "rules": PublicityRule.objects.filter(kind__in=credit.MANUAL_KINDS)},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def entry_detail(request, entry_id: int):
    entry = (
        CreditEntry.objects.select_related("merchant", "rule", "pledge")
        .filter(pk=entry_id, bureau_id=request.user.bureau_id)
        .first()
    )
    if entry is None:
        raise Http404
    may_correct = credit.may_correct(request.user)
    form = None
    status = 200
    if may_correct:
        initial = {name: getattr(entry, name) for name in credit.CORRECTABLE}
        form = CreditCorrectionForm(request.POST or None, initial=initial)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    credit.credit_entry_correct(
                        actor=request.user, entry=entry, **form.cleaned_data
                    )
                except ValidationError as exc:
                    apply_validation_error(form, exc)
                else:
                    messages.success(request, "更正已保存。")
                    return redirect("merchants_staff:credit_detail", entry_id=entry.pk)
    elif request.method == "POST":
        messages.error(request, "只有系统管理员可以更正信用信息。")
        status = 403
    return render(
        request,
        "merchants/credit_detail.html",
        {
            "entry": entry,
            "state": entry.public_state(timezone.localdate()),
            "corrections": entry.corrections.select_related("corrected_by"),
            "form": form,
        },
        status=status,
    )
