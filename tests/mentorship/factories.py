"""Factories for peer mentorship."""

import datetime

import factory

from accounts.models import Role
from mentorship.models import Mentor, MentorMeeting, Mentorship
from tests.factories import ParticipantFactory, UserFactory


class MentorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentor

    user = factory.SubFactory(UserFactory, roles=[Role.MENTOR])
    background = Mentor.Background.GRADUATE
    hourly_rate_cents = 2500


class MentorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mentorship

    participant = factory.SubFactory(ParticipantFactory)
    mentor = factory.SubFactory(MentorFactory)
    started_on = datetime.date(2026, 5, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorMeeting

    mentorship = factory.SubFactory(MentorshipFactory)
    met_on = datetime.date(2026, 6, 1)
    minutes = 60
    topic = MentorMeeting.Topic.STUDY


def share_only(mentorship, *names):
    """Set the mentee's sharing choices to exactly `names` (e.g. \"progress\", \"contact\")."""
    for name in Mentorship.SHAREABLE:
        setattr(mentorship, name, name.removeprefix("shares_") in names)
    mentorship.save()
