"""Input kept from the quick exit: kept when she leaves, offered back when she returns.

Rules chosen here:
- one row per person and page: what she typed last wins;
- kept for KEPT_INPUT_HOURS; an older row is never offered back, and the daily retention
  purge removes it (data_rights.py);
- offered back once: taking it deletes it, and only the request whose delete removed the
  row gives it back (a double load offers it once);
- signing out does not discard it (the quick exit is for danger: she finds her words when
  she returns); it is keyed by person, so nobody else signing in ever sees it.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from accounts.models import KeptInput, User


def kept_for() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.KEPT_INPUT_HOURS)


def kept_input_keep(*, user: User, path: str, data: dict[str, list[str]]) -> KeptInput:
    kept, _ = KeptInput.objects.update_or_create(
        user=user, path=path, defaults={"data": data, "created_at": timezone.now()}
    )
    return kept


def kept_input_take(*, user: User, path: str) -> dict[str, list[str]] | None:
    """What `user` typed on `path` before the quick exit, once; None when nothing (or
    nothing recent) is kept."""
    kept = KeptInput.objects.filter(user=user, path=path, created_at__gte=timezone.now() - kept_for()).first()
    if kept is None:
        return None
    deleted, _ = KeptInput.objects.filter(pk=kept.pk).delete()
    return kept.data if deleted else None
