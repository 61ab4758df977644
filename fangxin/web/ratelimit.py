"""Fixed-window counters in the shared cache (Redis in production, a database table
otherwise), for public pages that answer guesses."""

import time

from django.core.cache import cache

from fangxin.audit.middleware import client_address


def hit(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one event for `key`; True while the count stays within `limit`."""
    window = int(time.time() // window_seconds)
    name = f"rl:{scope}:{key}:{window}"
    if cache.add(name, 1, timeout=window_seconds + 1):
        return True
    try:
        return cache.incr(name) <= limit
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window_seconds + 1)
        return True


def count(scope: str, key: str, *, window_seconds: int) -> int:
    window = int(time.time() // window_seconds)
    return cache.get(f"rl:{scope}:{key}:{window}", 0)


def allow(request, scope: str, *, limit: int, window_seconds: int) -> bool:
    return hit(scope, client_address(request) or "-", limit=limit, window_seconds=window_seconds)
