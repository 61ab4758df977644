"""Public pages: a pledge's certificate (what the shop's QR code opens), its QR code, and the
directory of pledge holders. Nothing personal is shown: no signer, no legal representative, no
phone — only the merchant's public identity and what it promised."""

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control

from fangxin.core.categories import SECTOR_CHOICES
from fangxin.core.models import Township
from fangxin.pledges.models import Pledge
from fangxin.pledges.selectors import directory, pledge_by_token
from fangxin.web.paging import page_of
from fangxin.web.ratelimit import allow

LOOKUPS_PER_MINUTE = 60


def certificate(request, token: str):
    if not allow(request, "pledge-certificate", limit=LOOKUPS_PER_MINUTE, window_seconds=60):
        return render(request, "pledges/public_certificate.html", {"throttled": True}, status=429)
    pledge = pledge_by_token(token)
    if pledge is None:
        return render(request, "pledges/public_certificate.html", {"unknown": True}, status=404)
    return render(
        request,
        "pledges/public_certificate.html",
        {
            "pledge": pledge,
            "state": pledge.public_state(),
            "excluded": [
                line.strip() for line in pledge.excluded_goods.splitlines() if line.strip()
            ],
        },
    )


@cache_control(max_age=3600)
def certificate_qr(request, token: str):
    pledge = pledge_by_token(token)
    if pledge is None:
        raise Http404
    # The code holds the certificate's address only; the page says what is true today.
    path = reverse("pledges_public:certificate", args=[token])
    base = settings.FANGXIN_PUBLIC_BASE_URL
    address = f"{base}{path}" if base else request.build_absolute_uri(path)
    image = qrcode.make(address, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


def holders(request):
    township = request.GET.get("township", "")
    sector = request.GET.get("sector", "")
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()[:50]
    township_id = int(township) if township.isdigit() else None
    merchants = directory(
        township_id=township_id,
        sector=sector if sector in dict(SECTOR_CHOICES) else "",
        kind=kind if kind in Pledge.Kind.values else "",
        q=q,
    )
    paging = page_of(request, merchants, 20)
    return render(
        request,
        "pledges/public_directory.html",
        {
            **paging,
            "townships": Township.objects.order_by("bureau_id", "name"),
            "sectors": SECTOR_CHOICES,
            "kinds": Pledge.Kind.choices,
            "selected": {"township": township, "sector": sector, "kind": kind, "q": q},
        },
    )
