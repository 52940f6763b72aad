"""Factories for the staff pages' tests: applications as staff find them (sent), with
their recommendation, interview, scores, notes, events and appeals."""

import datetime
import uuid

import factory
from django.utils import timezone

from applications.models import (
    Appeal,
    Application,
    ApplicationEvent,
    Interview,
    InterviewerAssignment,
    InterviewScore,
    InterviewSlot,
    Recommendation,
    RubricCriterion,
    StaffNote,
)
from tests.factories import ApplicationFactory, CohortFactory, UserFactory

S = Application.Status


def in_days(days: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


class SentApplicationFactory(ApplicationFactory):
    """An application that has been sent (status "submitted" unless told otherwise)."""

    status = S.SUBMITTED
    current_step = Application.Step.REVIEW
    submitted_at = factory.LazyFunction(timezone.now)
    consent_given_at = factory.LazyFunction(timezone.now)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    application = factory.SubFactory(SentApplicationFactory)
    agency_name = factory.SelfAttribute("application.agency_name")
    contact_name = factory.SelfAttribute("application.agency_contact_name")
    contact_email = factory.SelfAttribute("application.agency_contact_email")
    token_hash = factory.LazyFunction(lambda: uuid.uuid4().hex)
    expires_at = factory.LazyFunction(lambda: in_days(21))


class InterviewSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewSlot

    cohort = factory.SubFactory(CohortFactory)
    starts_at = factory.LazyFunction(lambda: in_days(7))
    location = "Video: meet.example.org/cpse"
    created_by = factory.SubFactory(UserFactory)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    application = factory.SubFactory(SentApplicationFactory, status=S.INTERVIEW_BOOKED)
    # An interview that has begun (yesterday), so that it can be scored.
    slot = factory.SubFactory(
        InterviewSlotFactory,
        cohort=factory.SelfAttribute("..application.cohort"),
        starts_at=factory.LazyFunction(lambda: in_days(-1)),
    )


def on_panel(slot_or_interview, *interviewers) -> None:
    """Put `interviewers` on the panel of an interview time (or of a booked interview's time)."""
    slot = getattr(slot_or_interview, "slot", slot_or_interview)
    for interviewer in interviewers:
        InterviewerAssignment.objects.create(slot=slot, interviewer=interviewer)


def every_criterion(value: int) -> dict[str, int]:
    return {str(pk): value for pk in RubricCriterion.objects.filter(active=True).values_list("pk", flat=True)}


class InterviewScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewScore
        skip_postgeneration_save = True

    interview = factory.SubFactory(InterviewFactory)
    interviewer = factory.SubFactory(UserFactory)
    scores = factory.LazyFunction(lambda: every_criterion(4))

    @factory.post_generation
    def panel(self, create, extracted, **kwargs):
        # Whoever scored an interview was on its panel.
        if create:
            InterviewerAssignment.objects.get_or_create(
                slot_id=self.interview.slot_id, interviewer=self.interviewer, removed_at=None
            )


class StaffNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffNote

    application = factory.SubFactory(SentApplicationFactory)
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Note {n}")


class ApplicationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationEvent

    application = factory.SubFactory(SentApplicationFactory)
    actor = factory.SubFactory(UserFactory)
    from_status = S.DRAFT
    to_status = S.SUBMITTED


class AppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appeal

    application = factory.SubFactory(
        SentApplicationFactory, status=S.DECLINED, decided_at=factory.LazyFunction(timezone.now)
    )
    reason = "My agency's letter arrived late."
