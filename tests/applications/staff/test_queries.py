"""The staff pages cost the same number of queries however many rows they show."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from applications.models import (
    Application,
    Interview,
    InterviewScore,
    InterviewSlot,
    Recommendation,
)
from tests.applications.factories import (
    AppealFactory,
    ApplicationEventFactory,
    InterviewFactory,
    InterviewScoreFactory,
    InterviewSlotFactory,
    RecommendationFactory,
    StaffNoteFactory,
    every_criterion,
)
from tests.factories import CohortFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

S = Application.Status


def bulk_applications(count: int, *, cohort, first: int, created_by) -> None:
    """`count` applications with a booked interview, two interviewers' scores and a
    recommendation each, made in a few bulk inserts (fast enough for hundreds)."""
    now = timezone.now()
    users = User.objects.bulk_create(
        [User(email=f"bulk{first + i}@example.org", display_name=f"Bulk {first + i}") for i in range(count)]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                applicant=user,
                cohort=cohort,
                status=S.INTERVIEWED,
                home_state="TX",
                eligibility={"exit_year": 2012, "free_from_dependency": True, "education": "ged"},
                submitted_at=now - datetime.timedelta(minutes=first + i),
            )
            for i, user in enumerate(users)
        ]
    )
    slots = InterviewSlot.objects.bulk_create(
        [
            InterviewSlot(
                cohort=cohort,
                starts_at=now + datetime.timedelta(hours=first + i),
                location="Room",
                created_by=created_by,
            )
            for i in range(count)
        ]
    )
    interviews = Interview.objects.bulk_create(
        [Interview(application=application, slot=slot) for application, slot in zip(applications, slots, strict=True)]
    )
    interviewers = UserFactory.create_batch(2)
    InterviewScore.objects.bulk_create(
        [
            InterviewScore(interview=interview, interviewer=interviewer, scores=every_criterion(3))
            for interview in interviews
            for interviewer in interviewers
        ]
    )
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                application=application,
                agency_name="Agency",
                contact_name="Contact",
                contact_email="contact@agency.example.org",
                token_hash=f"bulk-{application.pk}",
                expires_at=now + datetime.timedelta(days=21),
                status=Recommendation.Status.RECEIVED,
            )
            for application in applications
        ]
    )


@pytest.mark.django_db
def test_the_queue_costs_the_same_with_3_and_300_applications(client, program_staff):
    cohort = CohortFactory(year=2026)
    bulk_applications(3, cohort=cohort, first=0, created_by=program_staff)
    client.force_login(program_staff)
    urls = [
        reverse("applications_staff:queue"),
        reverse("applications_staff:queue") + f"?state=TX&cohort={cohort.pk}&status=interviewed",
        reverse("applications_staff:queue") + "?page=2",
    ]
    counts = assert_queries_do_not_grow(
        client, urls, lambda: bulk_applications(297, cohort=cohort, first=3, created_by=program_staff)
    )
    assert max(counts) <= 12, counts


@pytest.mark.django_db
def test_the_application_page_costs_the_same_with_1_and_many_rows(client, program_staff):
    appeal = AppealFactory()
    application = appeal.application
    interview = InterviewFactory(application=application)
    InterviewScoreFactory(interview=interview)
    StaffNoteFactory(application=application, author=program_staff)
    ApplicationEventFactory(application=application)
    RecommendationFactory(application=application, status=Recommendation.Status.RECEIVED)

    def grow():
        InterviewScoreFactory.create_batch(4, interview=interview)
        StaffNoteFactory.create_batch(20, application=application)
        ApplicationEventFactory.create_batch(20, application=application)
        RecommendationFactory.create_batch(3, application=application, status=Recommendation.Status.REPLACED)
        RecommendationFactory(application=application)
        AppealFactory.create_batch(2, application=application, outcome="upheld")

    client.force_login(program_staff)
    url = reverse("applications_staff:detail", args=[application.public_id])
    counts = assert_queries_do_not_grow(client, [url], grow)
    assert counts[0] <= 16, counts


@pytest.mark.django_db
def test_the_interview_times_cost_the_same_with_few_and_many_bookings(client, program_staff):
    cohort = CohortFactory(year=2027)
    InterviewFactory(application__cohort=cohort)
    InterviewSlotFactory(cohort=cohort)

    def grow():
        InterviewFactory.create_batch(15, application__cohort=cohort)
        InterviewSlotFactory.create_batch(10, cohort=cohort)

    client.force_login(program_staff)
    assert_queries_do_not_grow(client, [reverse("applications_staff:interviews")], grow)
