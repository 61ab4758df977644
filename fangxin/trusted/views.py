"""放心消费 creation pages: the bureau's candidate pool and a unit's record (evaluations, the
steps allowed now), and the public directory of certified units."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangxin.accounts.access import staff_required
from fangxin.core.categories import SECTOR_CHOICES
from fangxin.core.models import Township
from fangxin.core.validators import normalize_credit_code
from fangxin.merchants.models import Merchant
from fangxin.merchants.selectors import complaint_counts_by_year
from fangxin.pledges.selectors import fulfilment_for
from fangxin.trusted import services
from fangxin.trusted.forms import (
    CandidateForm,
    CertifyForm,
    CloseForm,
    EvaluationForm,
    RecommendForm,
)
from fangxin.trusted.models import TrustedUnit
from fangxin.trusted.selectors import directory, pool, pool_counts
from fangxin.web.forms import apply_validation_error
from fangxin.web.paging import page_of

STEP_FORMS = {
    "evaluate": (EvaluationForm, "录入评价"),
    "recommend": (RecommendForm, "推荐上报"),
    "certify": (CertifyForm, "登记认定结果"),
    "not_passed": (CloseForm, "登记未通过"),
    "withdraw": (CloseForm, "退出培育库"),
    "revoke": (CloseForm, "撤销认定"),
}


@staff_required
def pool_list(request):
    user = request.user
    status = request.GET.get("status", "")
    status = status if status in TrustedUnit.Status.values else ""
    township = request.GET.get("township", "")
    q = request.GET.get("q", "").strip()[:60]
    records = pool(
        bureau_id=user.bureau_id,
        status=status,
        q=q,
        township_id=int(township) if township.isdigit() else None,
    )
    counts = pool_counts(user.bureau_id)
    form = CandidateForm(request.POST or None, bureau=user.bureau)
    status_code = 200
    if request.method == "POST":
        status_code = 400
        if form.is_valid():
            data = form.cleaned_data
            value = data["credit_code_or_name"].strip()
            code = normalize_credit_code(value)
            merchant = (
                Merchant.objects.filter(bureau_id=user.bureau_id, merged_into__isnull=True)
                .filter(Q(credit_code=code) if len(code) == 18 else Q(name=value))
                .select_related("township__unit")
                .first()
            )
            try:
                if merchant is None:
                    raise ValidationError({"credit_code_or_name": ["本局名录中没有该经营者。"]})
                record = services.candidate_add(
                    actor=user, merchant=merchant, unit=data["unit"], note=data["note"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, "已纳入培育库。")
                return redirect("trusted_staff:detail", record_id=record.pk)
    return render(
        request,
        "trusted/staff_pool.html",
        {
            **page_of(request, records, 30),
            "form": form,
            "status_counts": [
                (value, label, counts.get(value, 0)) for value, label in TrustedUnit.Status.choices
            ],
            "statuses": TrustedUnit.Status.choices,
            "townships": Township.objects.filter(bureau_id=user.bureau_id).order_by("name"),
            "selected": {"status": status, "township": township, "q": q},
            "standard": services.standard(),
        },
        status=status_code,
    )


def _record(user, pk: int) -> TrustedUnit:
    record = (
        TrustedUnit.objects.select_related("merchant", "merchant__township", "unit", "previous")
        .filter(pk=pk, bureau_id=user.bureau_id)
        .first()
    )
    if record is None:
        raise Http404
    return record


def _page(request, record, *, failed="", failed_form=None, status=200):
    steps = []
    for name in services.moves_for(record, request.user):
        form_class, label = STEP_FORMS[name]
        steps.append(
            {
                "name": name,
                "label": label,
                "form": failed_form if failed == name else form_class(),
            }
        )
    std = services.standard()
    evaluations = []
    for ev in record.evaluations.select_related("evaluated_by"):
        rows = [
            {
                "label": d["label"],
                "max": d["max"],
                "score": ev.scores.get(d["key"]),
                "evidence": ev.evidence.get(d["key"], ""),
            }
            for d in std["dimensions"]
        ]
        evaluations.append({"ev": ev, "rows": rows})
    return render(
        request,
        "trusted/staff_detail.html",
        {
            "record": record,
            "steps": steps,
            "evaluations": evaluations,
            "standard": std,
            "record_of_pledges": fulfilment_for(record.merchant),
            "complaints": complaint_counts_by_year(record.merchant),
            "veto": services.veto_reason(record.merchant, timezone.localdate()),
            "history": TrustedUnit.objects.filter(merchant=record.merchant).exclude(pk=record.pk),
        },
        status=status,
    )


@staff_required
def detail(request, record_id: int):
    return _page(request, _record(request.user, record_id))


@staff_required
@require_POST
def step(request, record_id: int, name: str):
    record = _record(request.user, record_id)
    if name not in STEP_FORMS:
        raise Http404
    form = STEP_FORMS[name][0](request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if name == "evaluate":
                scores, evidence = form.parts()
                services.evaluation_record(
                    actor=request.user,
                    record=record,
                    scores=scores,
                    evidence=evidence,
                    note=data["note"],
                )
            elif name == "recommend":
                services.recommend(actor=request.user, record=record, level=data["level"])
            elif name == "certify":
                services.certify(actor=request.user, record=record, **data)
            else:
                services.close(actor=request.user, record=record, name=name, reason=data["reason"])
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"已{STEP_FORMS[name][1]}。")
            return redirect("trusted_staff:detail", record_id=record.pk)
    return _page(request, record, failed=name, failed_form=form, status=400)


def public_directory(request):
    township = request.GET.get("township", "")
    sector = request.GET.get("sector", "")
    level = request.GET.get("level", "")
    q = request.GET.get("q", "").strip()[:50]
    records = directory(
        township_id=int(township) if township.isdigit() else None,
        sector=sector if sector in dict(SECTOR_CHOICES) else "",
        level=level if level in TrustedUnit.Level.values else "",
        q=q,
    )
    return render(
        request,
        "trusted/public_directory.html",
        {
            **page_of(request, records, 20),
            "townships": Township.objects.order_by("bureau_id", "name"),
            "sectors": SECTOR_CHOICES,
            "levels": TrustedUnit.Level.choices,
            "selected": {"township": township, "sector": sector, "level": level, "q": q},
            "standard": services.standard(),
        },
    )
