"""The program's one reminder schedule: each app registers its reminders here (in its
AppConfig.ready), and one beat task runs them all (`reminders_run`).

A reminder's `send(now)` queues messages through `notification_queue` with a key unique
per person and period, so running the schedule twice, or on two workers at once, never
sends a message twice; it returns how many messages it queued. Everything a reminder
queues is marked a reminder (`Notification.Category.REMINDER`), so a person who chose a
weekly summary gets it gathered into one email; other messages are never held back.
For a fixed number of queries, queue with `notification_queue_many`.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    name: str
    send: Callable[[datetime.datetime], int]
    # What it is, for the staff's message pages (plain words).
    description: str = ""


_reminders: dict[str, Reminder] = {}


def register(reminder: Reminder) -> None:
    _reminders[reminder.name] = reminder


def registered() -> list[Reminder]:
    return list(_reminders.values())


def reminders_run(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Run every registered reminder; one failing does not stop the others (each runs in
    its own transaction, so a failure leaves nothing half-queued)."""
    from cpse.notify.services import reminder_context

    now = now or timezone.now()
    queued = {}
    for reminder in _reminders.values():
        try:
            with reminder_context(), transaction.atomic():
                queued[reminder.name] = reminder.send(now)
        except Exception:
            logger.exception("reminder %s failed; the next run tries again", reminder.name)
            queued[reminder.name] = 0
    return queued
