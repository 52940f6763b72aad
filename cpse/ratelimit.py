"""A small rate limit for public forms (the interest form, recommendation links), on the
same shared cache that allauth's limits use."""

from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def rate_limited(*, scope: str, key: str, limit: int, seconds: int) -> bool:
    """Count one hit for (scope, key); True once more than `limit` came in the window."""
    cache_key = f"ratelimit:{scope}:{key}"
    if cache.add(cache_key, 1, seconds):
        return False
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, seconds)
        return False
    return hits > limit
