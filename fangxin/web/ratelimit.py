"""A fixed-window counter per source address in the shared cache (Redis in production), for
public pages that answer guesses (status lookup)."""

import time

from django.core.cache import cache

from fangxin.audit.middleware import client_address


def allow(request, scope: str, *, limit: int, window_seconds: int) -> bool:
    window = int(time.time() // window_seconds)
    key = f"rl:{scope}:{client_address(request)}:{window}"
    if cache.add(key, 1, timeout=window_seconds + 1):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds + 1)
        return True
