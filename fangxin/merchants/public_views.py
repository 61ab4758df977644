"""The public merchant lookup: by name or credit code, the merchant's public identity, its
pledges and their state, its certifications, its public credit entries and complaint counts by
year — never a person's name or phone. And the public credit-publicity list."""

from django.http import Http404
from django.shortcuts import redirect, render

from fangxin.merchants.credit_selectors import public_entries, public_text
from fangxin.merchants.models import CreditKind, Merchant
from fangxin.merchants.selectors import complaint_counts_by_year, merchant_lookup_public
from fangxin.trusted.selectors import certifications_current
from fangxin.web.paging import page_of
from fangxin.web.ratelimit import allow

SEARCHES_PER_MINUTE = 30


def lookup(request):
    q = request.GET.get("q", "").strip()[:60]
    results, more, throttled = None, False, False
    if q:
        if allow(request, "merchant-lookup", limit=SEARCHES_PER_MINUTE, window_seconds=60):
            results, more = merchant_lookup_public(q)
        else:
            throttled = True
    return render(
        request,
        "merchants/public_lookup.html",
        {"q": q, "results": results, "more": more, "throttled": throttled},
        status=429 if throttled else 200,
    )


PROFILES_PER_MINUTE = 60


def profile(request, merchant_id: int):
    # Throttled like the lookup: walking the numbers must not copy the registry.
    if not allow(request, "merchant-profile", limit=PROFILES_PER_MINUTE, window_seconds=60):
        return render(
            request, "merchants/public_lookup.html", {"q": "", "throttled": True}, status=429
        )
    merchant = Merchant.objects.select_related("township", "bureau").filter(pk=merchant_id).first()
    if merchant is None:
        raise Http404
    if merchant.merged_into_id:
        # A merged duplicate: its old address leads to the record it became.
        return redirect("merchants_public:profile", merchant_id=merchant.merged_into_id)
    pledges = [
        p
        for p in merchant.pledges.exclude(status__in=["submitted", "returned", "replaced"])
        if p.public_state() in ("有效", "已撤销")
    ]
    return render(
        request,
        "merchants/public_profile.html",
        {
            "merchant": merchant,
            "sectors": merchant.sectors.all(),
            "pledges": pledges,
            "complaints": complaint_counts_by_year(merchant),
            "credit": _shown(public_entries().filter(merchant=merchant)[:100]),
            "certifications": certifications_current(merchant),
        },
    )


def _shown(entries) -> list[dict]:
    return [
        {"entry": e, "title": public_text(e, e.title), "content": public_text(e)} for e in entries
    ]


def credit_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in CreditKind.values else ""
    q = request.GET.get("q", "").strip()[:60]
    paging = page_of(request, public_entries(q=q, kind=kind), 20)
    paging["rows"] = _shown(paging["page"])
    return render(
        request,
        "merchants/public_credit.html",
        {**paging, "q": q, "kind": kind, "kinds": CreditKind.choices},
    )
