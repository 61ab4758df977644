from django.conf import settings
from django.http import JsonResponse


class ApiBodyLimitMiddleware:
    """An oversized API body gets the API's own answer (413, field message in Chinese) instead
    of Django's HTML error page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if limit and length > limit:
                return JsonResponse(
                    {"errors": {"body": [f"请求内容过大（上限 {limit // 1024} KB）。"]}},
                    status=413,
                    json_dumps_params={"ensure_ascii": False},
                )
        return self.get_response(request)
