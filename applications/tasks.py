from celery import shared_task

from applications import services


@shared_task(name="applications.tasks.invite_interested")
def invite_interested() -> int:
    return services.interest_invitations_send()


@shared_task(name="applications.tasks.remind_recommenders")
def remind_recommenders() -> int:
    return services.recommendation_reminders_send()


@shared_task(name="applications.tasks.remind_interviews")
def remind_interviews() -> int:
    return services.interview_reminders_send()
