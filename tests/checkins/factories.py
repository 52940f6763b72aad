"""Factories for the check-ins app (shared by the placement and check-in tests: add new
ones at the end)."""

import datetime

import factory
from django.utils import timezone

from checkins.models import CheckIn, Placement
from tests.factories import ParticipantFactory


class PlacementFactory(factory.django.DjangoModelFactory):
    """A row only: use `placement_record` when the check-in schedule matters (or call
    `schedule_sync` after)."""

    class Meta:
        model = Placement

    participant = factory.SubFactory(ParticipantFactory)
    agency = factory.Sequence(lambda n: f"Harbor Light Agency {n}")
    role = Placement.Role.RESIDENTIAL_CARE
    terms = Placement.Terms.PAID
    start_date = datetime.date(2026, 11, 1)
    supervisor_name = "Sam Supervisor"
    supervisor_email = "sam@agency.example.org"


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn
        django_get_or_create = ["participant", "number"]

    participant = factory.SubFactory(ParticipantFactory)
    number = 1
    due_on = datetime.date(2026, 12, 1)


# --- Check-in form, board and concerns ------------------------------------------------------


def placement_year(participant, *, start=datetime.date(2026, 11, 1), submitted=0) -> list[CheckIn]:
    """A placement recorded on its start day (or now, if it starts later) and twelve monthly
    check-ins (due on the first of each month from the month after `start`), the first
    `submitted` of them sent with calm answers."""
    recorded_at = min(timezone.now(), datetime.datetime.combine(start, datetime.time(12), tzinfo=datetime.UTC))
    PlacementFactory(participant=participant, start_date=start, created_at=recorded_at)
    checkins = []
    for number in range(1, 13):
        month = start.month + number - 1
        due_on = datetime.date(start.year + month // 12, month % 12 + 1, 1)
        sent = number <= submitted
        checkins.append(
            CheckInFactory(
                participant=participant,
                number=number,
                due_on=due_on,
                wellbeing="4" if sent else "",
                work_going="Steady month" if sent else "",
                started_at=datetime.datetime(due_on.year, due_on.month, 1, 12, tzinfo=datetime.UTC) if sent else None,
                submitted_at=datetime.datetime(due_on.year, due_on.month, 1, 12, tzinfo=datetime.UTC) if sent else None,
            )
        )
    return checkins


# --- Evaluation surveys ---------------------------------------------------------------------


def survey_responses(cohort, survey="end_of_program", count=5, answers=None, comment="") -> list:
    """`count` anonymous answers from `cohort` (every 1–5 question "4", terms "paid")."""
    from checkins.models import SurveyResponse
    from checkins.surveys.questions import questions_for

    answers = answers or {q.key: (4 if q.is_scale else q.choices[0][0]) for q in questions_for(survey)}
    return SurveyResponse.objects.bulk_create(
        SurveyResponse(cohort=cohort, survey=survey, month=datetime.date(2026, 9, 1), answers=answers, comment=comment)
        for _ in range(count)
    )
