"""A program with reminders due: a cohort in its program year, participants, a training
session tomorrow and the exam window open (each participant is also behind on hours)."""

import datetime
import zoneinfo

from django.contrib.auth.models import Group

from accounts.models import Role
from cohorts.models import Requirement
from requirements_tracking.models import Exam, TrainingSession
from tests.factories import CohortFactory, ParticipantFactory, UserFactory

LOCAL = zoneinfo.ZoneInfo("America/New_York")
# A Tuesday in the 2026 cohort's program year, mid-morning local time.
NOW = datetime.datetime(2026, 5, 12, 10, 0, tzinfo=LOCAL)


def program_with_reminders_due(participants: int = 2, *, cohort=None):
    cohort = cohort or CohortFactory()
    people = [ParticipantFactory(cohort=cohort) for _ in range(participants)]
    requirements = cohort.requirement_set.requirements
    if not TrainingSession.objects.filter(cohort=cohort).exists():
        TrainingSession.objects.create(
            cohort=cohort,
            requirement=requirements.filter(category="online").first(),
            title="Listening well",
            starts_at=NOW + datetime.timedelta(days=1),
            duration_minutes=90,
            location="Online",
        )
        Exam.objects.create(
            cohort=cohort,
            requirement=requirements.get(kind=Requirement.Kind.EXAM),
            title="Final exam",
            opens_at=NOW - datetime.timedelta(hours=2),
            closes_at=NOW + datetime.timedelta(days=30),
        )
    return cohort, people


def staff_member(**fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get_or_create(name=Role.PROGRAM_STAFF)[0])
    return user
