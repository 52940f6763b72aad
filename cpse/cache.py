"""A Redis cache that keeps pages working while Redis is down.

Django's RedisCache raises on a lost connection, which would turn every page that touches
the cache (sign-in rate limits, used two-factor codes) into an error. Here the cache
answers as if empty and drops writes until Redis is back; the outage is logged. Rate
limits therefore fail open for that time (docs/security.md).
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(fallback):
    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except _OUTAGE as exc:
                logger.warning("cache unavailable (%s): %s answered without it", type(exc).__name__, method.__name__)
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


def _delta(key, delta=1, *args, **kwargs):
    return delta


class ResilientRedisCache(RedisCache):
    # As if the cache were empty: adding succeeds (an empty cache holds no such key).
    add = _tolerant(True)(RedisCache.add)
    get = _tolerant(_default)(RedisCache.get)
    set = _tolerant(None)(RedisCache.set)
    # A counter (rate limits) counts from nothing: this hit is the first. Redis going away
    # between a rate limit's add and its incr answered 500 (the production rehearsal).
    incr = _tolerant(_delta)(RedisCache.incr)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    get_many = _tolerant({})(RedisCache.get_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    set_many = _tolerant([])(RedisCache.set_many)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    clear = _tolerant(None)(RedisCache.clear)
