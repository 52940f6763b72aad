"""Builders for the dashboard and participant record tests: a little of everything the
action list counts, and one participant with rows in every app."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from applications.models import Application
from checkins.models import Concern, SupervisionContract
from cohorts.models import ProgramPause, Requirement
from cohorts.pauses.services import program_pause_start
from mentorship.models import MentorVolunteer
from requirements_tracking.hours import services
from requirements_tracking.models import Exam, Question
from requirements_tracking.readiness.services import readiness_self_save
from sponsors.models import Invoice, Payment
from tests.applications.factories import InterviewFactory, SentApplicationFactory
from tests.checkins.factories import placement_year
from tests.factories import CohortFactory, ParticipantFactory, SponsorFactory, UserFactory
from tests.requirements_tracking.exam_factories import exam, question, submitted_attempt
from tests.requirements_tracking.readiness.test_readiness import all_answered
from tests.sponsors.factories import SponsorshipFactory, SponsorshipSeatFactory

S = Application.Status
_numbers = itertools.count(1)


def hours_waiting(participant, count: int = 1) -> None:
    """`count` self-care entries waiting for staff, logged inside the participant's program."""
    requirement = participant.cohort.requirement_set.requirements.get(category=Requirement.Category.SELF_CARE)
    for number in range(count):
        day = participant.cohort.program_start + datetime.timedelta(days=number)
        services.hour_entry_submit(
            participant=participant,
            requirement=requirement,
            date=day,
            hours=Decimal("1"),
            kind="journaling",
            reflection="A walk by the river",
            today=day,
        )


def invoice(participant, *, due_on: datetime.date, total_cents: int = 10_000) -> Invoice:
    number = next(_numbers)
    return Invoice.objects.create(
        number=f"T-{number:05d}",
        year=2026,
        sequence=number,
        participant=participant,
        cohort=participant.cohort,
        billed_to_name=str(participant.user),
        due_on=due_on,
        total_cents=total_cents,
    )


def payment(invoice_row: Invoice, cents: int = 1_000) -> Payment:
    number = next(_numbers)
    return Payment.objects.create(
        invoice=invoice_row, amount_cents=cents, method="check", receipt_number=f"R-{number:05d}"
    )


def concern_open(participant) -> Concern:
    start = timezone.localdate() - datetime.timedelta(days=70)
    checkins = placement_year(participant, start=start, submitted=1)
    return Concern.objects.create(participant=participant, checkin=checkins[0], reason=Concern.Reason.LOW_WELLBEING)


def something_of_everything(times: int = 1) -> dict:
    """What each action item counts, `times` over: applications whose recommendation has
    arrived (being reviewed), interviews started and not scored, hours waiting, exam
    answers to score, an open concern and an overdue invoice. Also one of each that must
    not be counted."""
    recruiting = CohortFactory(year=2027)
    running = CohortFactory(year=2026)
    today = timezone.localdate()
    written = question(Question.Kind.ESSAY)
    made = Exam.objects.filter(cohort=running).first() or exam(running, questions=[written])
    for _ in range(times):
        SentApplicationFactory(cohort=recruiting, status=S.UNDER_REVIEW)
        InterviewFactory(application__cohort=recruiting)
        person = ParticipantFactory(cohort=running)
        hours_waiting(person)
        submitted_attempt(made, person, [(written, "Keep to the program's channels")])
        concern_open(ParticipantFactory(cohort=running))
        invoice(person, due_on=today - datetime.timedelta(days=5))
    # Not waiting for staff: waiting for its recommendation, scored, closed, due later.
    SentApplicationFactory(cohort=recruiting)
    InterviewFactory(application__cohort=recruiting, application__status=S.INTERVIEWED)
    closed = concern_open(person)
    Concern.objects.filter(pk=closed.pk).update(status=Concern.Status.CLOSED, closed_at=timezone.now())
    invoice(ParticipantFactory(cohort=running), due_on=today + datetime.timedelta(days=5))
    return {"recruiting": recruiting, "running": running}


def participant_with_everything(participant, rows: int = 1) -> None:
    """`rows` of each kind of event for `participant`: application events, approved hours,
    placements' check-ins sent, payments, sponsored places."""
    application = participant.user.applications.first() or SentApplicationFactory(
        applicant=participant.user, cohort=participant.cohort, status=S.ACCEPTED
    )
    for _ in range(rows):
        application.events.create(from_status=S.SUBMITTED, to_status=S.UNDER_REVIEW)
    hours_waiting(participant, rows)
    participant.hour_entries.update(status="approved", reviewed_at=timezone.now())
    if not participant.placements.exists():
        placement_year(participant, start=timezone.localdate() - datetime.timedelta(days=400), submitted=min(rows, 12))
    bill = invoice(participant, due_on=timezone.localdate())
    for _ in range(rows):
        payment(bill)
        SponsorshipSeatFactory(
            sponsorship=SponsorshipFactory(sponsor=SponsorFactory(), cohort=participant.cohort),
            participant=participant,
        )


def program_standards_waiting(cohort, staff, times: int = 1) -> None:
    """`times` of each: readiness answers sent, a pause due back, a supervision gap, a
    graduate's offer to mentor; and one of each that is not waiting."""
    today = timezone.localdate()
    for _ in range(times):
        readiness_self_save(participant=ParticipantFactory(cohort=cohort), answers=all_answered(), submit=True)
        paused = ParticipantFactory(cohort=cohort)
        program_pause_start(participant=paused, plan="A plan", return_on=today + datetime.timedelta(days=30), by=staff)
        ProgramPause.objects.filter(participant=paused).update(return_on=today)
        supervision_contract(ParticipantFactory(cohort=cohort), agreed_days_ago=40)
        MentorVolunteer.objects.create(user=UserFactory())
    readiness_self_save(participant=ParticipantFactory(cohort=cohort), answers=all_answered(), submit=False)
    program_pause_start(
        participant=ParticipantFactory(cohort=cohort),
        plan="A plan",
        return_on=today + datetime.timedelta(days=30),
        by=staff,
    )
    supervision_contract(ParticipantFactory(cohort=cohort), agreed_days_ago=3)
    MentorVolunteer.objects.create(user=UserFactory(), status=MentorVolunteer.Status.DECLINED)


def supervision_contract(participant, *, agreed_days_ago: int) -> None:
    """A participant on the check-in board with a monthly supervision agreed that long ago."""
    placement_year(participant, start=timezone.localdate() - datetime.timedelta(days=70), submitted=2)
    agreed = timezone.now() - datetime.timedelta(days=agreed_days_ago)
    SupervisionContract.objects.create(
        participant=participant,
        setting=SupervisionContract.Setting.PLACEMENT,
        supervisor_name="Rosa Supervisor",
        supervisor_email="rosa@example.invalid",
        frequency=SupervisionContract.Frequency.MONTHLY,
        session_minutes=60,
        expectations="-",
        feedback_channels="-",
        confidentiality="-",
        raising_concerns="-",
        participant_agreed_at=agreed,
        supervisor_agreed_at=agreed,
    )
