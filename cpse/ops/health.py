"""What /healthz checks: database, cache, broker, the outbox's lag and beat's last run.

Rules chosen here: each part answers "ok" or names what is wrong in a few words (no
exception text: it could quote an address); a part that fails never stops the others
being checked. The cache is asked through Django's cache API (set, then get), so the
Redis cache that hides outages from pages (cpse.cache) still shows one here.
"""

import datetime
import logging
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from cpse.notify.selectors import oldest_unsent_due_at

logger = logging.getLogger(__name__)
BEAT_HEARTBEAT_KEY = "ops:beat-heartbeat"
_CACHE_PROBE_KEY = "ops:health-probe"


@dataclass
class HealthReport:
    checks: dict[str, str] = field(default_factory=dict)
    figures: dict[str, int | None] = field(default_factory=dict)

    @property
    def failing(self) -> list[str]:
        return [name for name, result in self.checks.items() if result != "ok"]

    @property
    def healthy(self) -> bool:
        return not self.failing

    def as_dict(self) -> dict:
        return {
            "status": "ok" if self.healthy else "failing",
            "failing": self.failing,
            "checks": self.checks,
            **self.figures,
        }


def beat_heartbeat_record(*, now: datetime.datetime | None = None) -> None:
    cache.set(BEAT_HEARTBEAT_KEY, (now or timezone.now()).isoformat(), timeout=None)


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    token = secrets.token_hex(8)
    cache.set(_CACHE_PROBE_KEY, token, timeout=60)
    return "ok" if cache.get(_CACHE_PROBE_KEY) == token else "not reachable"


def _broker() -> str:
    from cpse.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    return "ok"


def _outbox(report: HealthReport, now: datetime.datetime) -> str:
    oldest = oldest_unsent_due_at(now=now)
    age = int((now - oldest).total_seconds()) if oldest else 0
    report.figures["oldest_unsent_message_seconds"] = age
    return "ok" if age <= settings.HEALTH_OUTBOX_MAX_AGE else "messages are waiting too long"


def _beat(report: HealthReport, now: datetime.datetime) -> str:
    recorded = cache.get(BEAT_HEARTBEAT_KEY)
    if not recorded:
        report.figures["last_beat_seconds_ago"] = None
        return "no run recorded"
    age = int((now - datetime.datetime.fromisoformat(recorded)).total_seconds())
    report.figures["last_beat_seconds_ago"] = age
    return "ok" if age <= settings.HEALTH_BEAT_MAX_AGE else "last run too long ago"


def health_report(*, now: datetime.datetime | None = None) -> HealthReport:
    now = now or timezone.now()
    report = HealthReport()
    parts = {
        "database": _database,
        "cache": _cache,
        "broker": _broker,
        "outbox": lambda: _outbox(report, now),
    }
    if settings.HEALTH_BEAT_MAX_AGE:
        parts["beat"] = lambda: _beat(report, now)
    for name, check in parts.items():
        try:
            report.checks[name] = check()
        except Exception as exc:  # any failure is this part's failure
            # The class only: an exception's message could quote a host, an address or a row.
            logger.warning("health: %s failing (%s)", name, type(exc).__name__)
            report.checks[name] = f"failing ({type(exc).__name__})"
    return report
