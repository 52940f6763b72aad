"""The applications app's part of the program's one reminder schedule (cpse.notify.reminders):
registered from ApplicationsConfig.ready. Each message has a key per person and period, so
the schedule may run as often as it likes and each goes once."""

import datetime

from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.interest.services import interest_invitations_send
from applications.models import Application
from cohorts import selectors as cohort_selectors
from cpse.notify.models import Notification
from cpse.notify.reminders import Reminder, register
from cpse.notify.services import Message, notification_queue_many

INCOMPLETE_KIND = "application_incomplete"
# A draft untouched this long gets a gentle note, and at most one note a week.
INCOMPLETE_AFTER_DAYS = 5
INCOMPLETE_EVERY_DAYS = 7


def incomplete_applications_remind(*, now: datetime.datetime | None = None) -> int:
    """A gentle note to applicants whose draft has not been touched for a few days, while
    the window is open (nothing after it closes), at most once a week per application."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    cohort = next(iter(cohort_selectors.cohorts_open_for_applications(today=today)), None)
    if cohort is None:
        return 0
    drafts = list(
        Application.objects.filter(
            cohort=cohort,
            status=Application.Status.DRAFT,
            updated_at__lte=now - datetime.timedelta(days=INCOMPLETE_AFTER_DAYS),
        ).select_related("applicant")
    )
    if not drafts:
        return 0
    recently = set(
        Notification.objects.filter(
            kind=INCOMPLETE_KIND,
            recipient__in=[draft.applicant_id for draft in drafts],
            created_at__gte=now - datetime.timedelta(days=INCOMPLETE_EVERY_DAYS),
        ).values_list("recipient_id", flat=True)
    )
    week = now.date().isocalendar()
    return notification_queue_many(
        Message(
            kind=INCOMPLETE_KIND,
            key=f"application-incomplete:{draft.pk}:{week.year}-W{week.week:02d}",
            recipient=draft.applicant,
            context={"path": reverse("applications:mine"), "closes": cohort.applications_close},
        )
        for draft in drafts
        if draft.applicant_id not in recently and draft.applicant.is_active
    )


def register_reminders() -> None:
    register(
        Reminder(
            name="application_window_open",
            send=lambda now: interest_invitations_send(today=timezone.localdate(now)),
            description="When a cohort's application window opens, to everyone on its interest list who chose email.",
        )
    )
    register(
        Reminder(
            name="application_incomplete",
            send=lambda now: incomplete_applications_remind(now=now),
            description="A draft application untouched for a few days, at most weekly, while the window is open.",
        )
    )
    register(
        Reminder(
            name="recommendation_pending",
            send=lambda now: services.recommendation_reminders_send(now=now),
            description="To agency contacts whose recommendation link still waits, after 7 and 14 days.",
        )
    )
    register(
        Reminder(
            name="interview_tomorrow",
            send=lambda now: services.interview_reminders_send(now=now),
            description="The day before an interview, to the applicant.",
        )
    )
