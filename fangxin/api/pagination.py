"""The list shape every paginated endpoint answers: {count, results, next}."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

MAX_PAGE_SIZE = 200


def paginate(
    request: HttpRequest,
    queryset: QuerySet,
    page: int,
    page_size: int,
    serialize: Callable[[Any], dict],
) -> dict:
    page_size = min(page_size, MAX_PAGE_SIZE)
    count = queryset.count()
    start = (page - 1) * page_size
    results = [serialize(item) for item in queryset[start : start + page_size]]
    next_url = None
    if start + page_size < count:
        params = request.GET.copy()
        params["page"] = str(page + 1)
        params["page_size"] = str(page_size)
        next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
    return {"count": count, "next": next_url, "results": results}
