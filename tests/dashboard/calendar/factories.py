"""A participant's year for the calendar feed: training sessions, the exam window,
check-ins and an interview, in the 2026 cohort (tests.factories.CohortFactory)."""

import datetime
import zoneinfo

from django.conf import settings

from applications.models import Application, Interview, InterviewSlot
from checkins.models import CheckIn
from cohorts.models import Requirement
from requirements_tracking.models import Exam, TrainingSession
from tests.applications.factories import SentApplicationFactory

LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
# A Tuesday in the 2026 cohort's program year.
NOW = datetime.datetime(2026, 5, 12, 10, 0, tzinfo=LOCAL)


def sessions(cohort, count: int, *, title: str = "Listening well") -> list[TrainingSession]:
    requirement = cohort.requirement_set.requirements.filter(category="online").first()
    return [
        TrainingSession.objects.create(
            cohort=cohort,
            requirement=requirement,
            title=f"{title} {n}",
            starts_at=NOW + datetime.timedelta(days=n + 1),
            duration_minutes=90,
            location="Online",
        )
        for n in range(count)
    ]


def exam(cohort) -> Exam:
    return Exam.objects.create(
        cohort=cohort,
        requirement=cohort.requirement_set.requirements.get(kind=Requirement.Kind.EXAM),
        title="Final exam",
        opens_at=NOW + datetime.timedelta(days=20),
        closes_at=NOW + datetime.timedelta(days=50),
    )


def checkins(participant, count: int, *, first: int = 1) -> list[CheckIn]:
    start = datetime.date(2026, 9, 15)
    return [
        CheckIn.objects.create(participant=participant, number=n, due_on=start + datetime.timedelta(days=30 * n))
        for n in range(first, first + count)
    ]


def interview(participant, *, by, location: str = "Room 4") -> Interview:
    application = SentApplicationFactory(
        cohort=participant.cohort, applicant=participant.user, status=Application.Status.ACCEPTED
    )
    slot = InterviewSlot.objects.create(
        cohort=participant.cohort, starts_at=NOW - datetime.timedelta(days=60), location=location, created_by=by
    )
    return Interview.objects.create(application=application, slot=slot)
