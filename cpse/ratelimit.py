"""A small rate limit for public forms (the interest form, recommendation links), on the
same shared cache that allauth's limits use, and the client's address they key on.

Rules chosen here: behind `TRUSTED_PROXY_COUNT` proxies of our own, each appending the
address it received from to X-Forwarded-For, the client is the entry that many places from
the right; entries further left were written by the client and are never believed. With no
trusted proxy (the default) the header is ignored. A request with fewer entries than
trusted proxies did not come through them: its own peer address counts."""

import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The address the limits key on: allauth's too (accounts.adapters.AccountAdapter)."""
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if not trusted:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < trusted:
        return peer
    try:
        return str(ipaddress.ip_address(forwarded[-trusted]))
    except ValueError:  # not an address: our own proxy would never write that
        return peer


def rate_limited(*, scope: str, key: str, limit: int, seconds: int, cost: int = 1) -> bool:
    """Count `cost` hits (one request asking `cost` things, such as a list of certificate
    numbers) for (scope, key); True once more than `limit` came in the window."""
    cache_key = f"ratelimit:{scope}:{key}"
    if cache.add(cache_key, cost, seconds):
        return cost > limit
    try:
        hits = cache.incr(cache_key, cost)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, cost, seconds)
        return cost > limit
    return hits > limit
