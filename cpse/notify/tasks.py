from celery import shared_task

from cpse.notify import reminders, services


@shared_task(name="cpse.notify.tasks.deliver")
def deliver(notification_id: str) -> bool:
    return services.notification_deliver(notification_id=notification_id)


@shared_task(name="cpse.notify.tasks.sweep")
def sweep() -> int:
    return services.notifications_sweep()


@shared_task(name="cpse.notify.tasks.reminders")
def run_reminders() -> dict[str, int]:
    """Every registered reminder (beat, every 15 minutes): each message goes once (its key)."""
    return reminders.reminders_run()
