import ipaddress

from django.conf import settings

from fangxin.audit.services import audit_address


def client_address(request) -> str | None:
    """The client's address; X-Forwarded-For is believed only behind configured proxies."""
    proxies = settings.FANGXIN_TRUSTED_PROXIES
    candidate = request.META.get("REMOTE_ADDR") or ""
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit_address(client_address(request)):
            return self.get_response(request)
