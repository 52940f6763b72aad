"""Test settings: cpse.settings with only what tests must change."""

import os

from cpse.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in the test process; tests of the worker itself start a real one.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# No beat runs in tests, so /healthz leaves beat out; tests/ops turn the check on.
HEALTH_BEAT_MAX_AGE = 0

if not REDIS_URL:
    # One process: a memory cache behaves like the shared one and needs no table.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Under pytest-xdist each worker ("gw0", "gw1", …) has its own test database (pytest-django)
# and, with Redis, its own Redis database next to the one given (counting down from it,
# or up from 0): a cache.clear() or a queue in one worker never touches another's.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _XDIST_WORKER:
    _base, _, _db = REDIS_URL.rstrip("/").rpartition("/")
    if not _db.isdigit():
        _base, _db = REDIS_URL.rstrip("/"), "15"
    _index = int(_XDIST_WORKER.removeprefix("gw"))
    REDIS_URL = f"{_base}/{int(_db) - _index if int(_db) >= _index else int(_db) + _index}"
    CACHES["default"]["LOCATION"] = REDIS_URL
    CELERY_BROKER_URL = REDIS_URL
