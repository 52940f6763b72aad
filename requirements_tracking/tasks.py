from celery import shared_task

from requirements_tracking import session_services


@shared_task(name="requirements_tracking.tasks.remind_sessions")
def remind_sessions() -> int:
    """Safe to run as often as wanted: one message per session and participant (its key)."""
    return session_services.session_reminders_send()
