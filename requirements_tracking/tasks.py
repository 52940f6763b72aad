from celery import shared_task

from requirements_tracking import exam_services, reminders, session_services


@shared_task(name="requirements_tracking.tasks.remind_sessions")
def remind_sessions() -> int:
    """Safe to run as often as wanted: one message per session and participant (its key)."""
    return session_services.session_reminders_send()


@shared_task(name="requirements_tracking.tasks.hours_digest")
def hours_digest() -> int:
    """Hourly; each program staff member gets one digest a day (its key)."""
    return reminders.hours_digest_send()


@shared_task(name="requirements_tracking.tasks.remind_behind_schedule")
def remind_behind_schedule() -> int:
    """Hourly; a participant behind gets one note in seven days at most."""
    return reminders.behind_schedule_remind()


@shared_task(name="requirements_tracking.tasks.close_expired_attempts")
def close_expired_attempts() -> int:
    """Every minute: exam attempts whose time is up are submitted with what was saved.
    Safe to run twice (an attempt is submitted once)."""
    return exam_services.attempts_close_expired()
