"""The public merchant lookup: by name or credit code, the merchant's public identity, its
pledges and their state, and complaint counts by year — never a person's name or phone."""

from django.http import Http404
from django.shortcuts import render

from fangxin.merchants.models import Merchant
from fangxin.merchants.selectors import complaint_counts_by_year, merchant_lookup_public
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


def profile(request, merchant_id: int):
    merchant = (
        Merchant.objects.select_related("township", "bureau")
        .filter(pk=merchant_id, merged_into__isnull=True)
        .first()
    )
    if merchant is None:
        raise Http404
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
        },
    )
