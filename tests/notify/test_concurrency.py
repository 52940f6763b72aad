"""Two workers running the reminder schedule and the sweep at the same moment, each on its
own database connection (PostgreSQL only: SQLite has one writer at a time), send each
reminder once."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from cpse.notify import reminders, services
from cpse.notify.models import Notification
from tests.notify.factories import NOW, program_with_reminders_due, staff_member

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (real concurrency)")


def run_together(work, workers: int = 2) -> list:
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(work())
        except Exception as exc:  # reported below, with the thread's own traceback lost
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_two_schedules_and_two_sweeps_at_once_send_each_reminder_once(time_machine):
    _cohort, people = program_with_reminders_due(8)
    staff_member()
    time_machine.move_to(NOW)

    def schedule_then_sweep():
        queued = sum(reminders.reminders_run(now=NOW).values())
        return queued, services.notifications_sweep(now=NOW.replace(minute=5))

    results = run_together(schedule_then_sweep)
    # One more sweep each, at once, in case the other was still writing during the first.
    results += run_together(lambda: (0, services.notifications_sweep(now=NOW.replace(minute=10))))
    queued = sum(q for q, _ in results)
    rows = Notification.objects.count()
    assert rows >= 2 * len(people)  # a session tomorrow and the exam window, at least
    assert queued == rows  # each message was added by exactly one worker
    # (Some went through the sweep task queued on commit, the rest through these sweeps.)
    assert len(mail.outbox) == rows
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == len(mail.outbox)
    assert set(Notification.objects.values_list("status", flat=True)) == {Notification.Status.SENT}


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_of_one_weekly_summary_send_one_email(time_machine):
    import datetime

    from accounts.models import User
    from tests.factories import UserFactory

    time_machine.move_to(NOW)
    person = UserFactory(email_frequency=User.EmailFrequency.WEEKLY, digest_weekday=User.Weekday.FRIDAY)
    with services.reminder_context():
        for n in range(5):
            services.notification_queue(kind="session_reminder", key=f"r{n}", recipient=person)
    friday = NOW + datetime.timedelta(days=3, hours=-1)  # Friday 15 May, 09:00
    Notification.objects.update(created_at=NOW)
    results = run_together(lambda: services.notifications_sweep(now=friday), workers=3)
    assert sum(results) == 1
    assert len(mail.outbox) == 1
    assert set(Notification.objects.values_list("status", flat=True)) == {Notification.Status.SENT}
