from celery import shared_task

from requirements_tracking.exam import services


@shared_task(name="requirements_tracking.tasks.close_expired_attempts")
def close_expired_attempts() -> int:
    """Every minute: exam attempts whose time is up are submitted with what was saved.
    Safe to run twice (an attempt is submitted once)."""
    return services.attempts_close_expired()
