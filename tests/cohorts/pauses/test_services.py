"""Pausing a participant's program: the rules of the pause services, progress kept as it
is, the expected pace moved later by the time paused (the grid and the hours-behind
reminder), and staff's reminder on the return date."""

import datetime
from decimal import Decimal

import pytest

from cohorts.models import Participant, ProgramPause, ProgressExpectation
from cohorts.pauses import selectors
from cohorts.pauses.services import PauseError, program_pause_end, program_pause_extend, program_pause_start
from cpse.notify.models import Notification
from requirements_tracking import reminders
from requirements_tracking.models import HourEntry
from requirements_tracking.progress import cohort_grid, participant_progress
from requirements_tracking.readiness.reminders import pause_return_remind
from tests.factories import ParticipantFactory
from tests.requirements_tracking import exam_factories as make

# The 2026 cohort starts on 1 April (tests/factories.py).
PAUSED_ON = datetime.date(2026, 5, 10)
RETURN_ON = datetime.date(2026, 6, 10)
LATER = datetime.date(2026, 7, 5)
PLAN = "Weekly calls with the team; grounding practice; return for the intensive"


def approved(participant, hours, category="self_care", date=datetime.date(2026, 4, 20)):
    return HourEntry.objects.create(
        participant=participant,
        requirement=participant.cohort.requirement_set.requirements.get(category=category),
        date=date,
        hours=Decimal(hours),
        kind="other",
        status=HourEntry.Status.APPROVED,
    )


@pytest.fixture
def pace(participant):
    """Two self-care hours due one month in, six three months in."""
    requirement = participant.cohort.requirement_set.requirements.get(category="self_care")
    ProgressExpectation.objects.create(requirement=requirement, months_after_start=1, amount=2)
    ProgressExpectation.objects.create(requirement=requirement, months_after_start=3, amount=6)
    return requirement


def pause(participant, by, **kwargs):
    return program_pause_start(
        participant=participant, plan=PLAN, return_on=kwargs.pop("return_on", RETURN_ON), by=by, today=PAUSED_ON
    )


def self_care_cell(grid, participant):
    row = next(r for r in grid.rows if r.participant.pk == participant.pk)
    return next(c for c in row.cells if c.progress.requirement.category == "self_care")


# --- The services -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_pause_puts_the_participant_on_leave_with_the_plan_and_ending_it_brings_them_back(participant, program_staff):
    made = pause(participant, program_staff)
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ON_LEAVE
    assert (made.plan, made.started_on, made.return_on, made.started_by) == (PLAN, PAUSED_ON, RETURN_ON, program_staff)
    assert participant.status_changes.get().to_status == Participant.Status.ON_LEAVE

    ended = program_pause_end(participant=participant, by=program_staff, today=datetime.date(2026, 6, 1))
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ENROLLED
    assert (ended.ended_on, ended.ended_by) == (datetime.date(2026, 6, 1), program_staff)
    assert selectors.open_pause(participant) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("plan", "return_on", "code"),
    [
        ("", RETURN_ON, "plan_missing"),
        ("   ", RETURN_ON, "plan_missing"),
        ("x" * 5001, RETURN_ON, "plan_too_long"),
        (PLAN, None, "return_missing"),
        (PLAN, PAUSED_ON, "return_in_past"),
        (PLAN, datetime.date(2026, 5, 1), "return_in_past"),
        (PLAN, datetime.date(2027, 5, 12), "return_too_far"),
    ],
)
def test_a_pause_needs_a_plan_and_a_return_date_after_today_within_a_year(
    participant, program_staff, plan, return_on, code
):
    with pytest.raises(PauseError) as refused:
        program_pause_start(participant=participant, plan=plan, return_on=return_on, by=program_staff, today=PAUSED_ON)
    assert refused.value.code == code
    participant.refresh_from_db()
    assert participant.status == Participant.Status.ENROLLED
    assert not ProgramPause.objects.exists()


@pytest.mark.django_db
def test_one_open_pause_at_a_time_and_only_for_an_enrolled_participant(participant, program_staff):
    pause(participant, program_staff)
    with pytest.raises(PauseError) as twice:
        pause(participant, program_staff)
    assert twice.value.code == "already"
    withdrawn = ParticipantFactory(cohort=participant.cohort, status=Participant.Status.WITHDRAWN)
    with pytest.raises(PauseError) as gone:
        pause(withdrawn, program_staff)
    assert gone.value.code == "not_allowed"
    assert ProgramPause.objects.count() == 1


@pytest.mark.django_db
def test_extending_moves_the_return_date_and_ending_twice_is_refused(participant, program_staff):
    pause(participant, program_staff)
    later = datetime.date(2026, 7, 1)
    assert (
        program_pause_extend(participant=participant, return_on=later, by=program_staff, today=PAUSED_ON).return_on
        == later
    )
    with pytest.raises(PauseError) as past:
        program_pause_extend(participant=participant, return_on=PAUSED_ON, by=program_staff, today=PAUSED_ON)
    assert past.value.code == "return_in_past"
    assert ProgramPause.objects.get().return_on == later
    program_pause_end(participant=participant, by=program_staff, today=RETURN_ON)
    with pytest.raises(PauseError) as again:
        program_pause_end(participant=participant, by=program_staff, today=RETURN_ON)
    assert again.value.code == "not_paused"
    with pytest.raises(PauseError):
        program_pause_extend(participant=participant, return_on=later, by=program_staff, today=RETURN_ON)


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["participant_return", "participant_withdraw"])
def test_coming_back_or_leaving_through_the_status_ends_the_pause(participant, program_staff, change, time_machine):
    from cohorts import services as cohort_services

    time_machine.move_to(datetime.datetime(2026, 5, 20, 12))
    pause(participant, program_staff)
    participant.refresh_from_db()
    getattr(cohort_services, change)(participant=participant, by=program_staff)
    ended = ProgramPause.objects.get()
    assert (ended.ended_on, ended.ended_by) == (datetime.date(2026, 5, 20), program_staff)
    assert selectors.open_pause(participant) is None
    with pytest.raises(PauseError) as again:
        program_pause_end(participant=participant, by=program_staff)
    assert again.value.code == "not_paused"


# --- Progress kept, pace moved --------------------------------------------------------------


@pytest.mark.django_db
def test_a_pause_keeps_progress_hours_exam_and_everything_else_unchanged(participant, program_staff, instructor):
    approved(participant, "3")
    approved(participant, "12", category="online")
    version = make.question()
    made_exam = make.exam(participant.cohort, questions=[version])
    attempt = make.submitted_attempt(made_exam, participant, [(version, "b")])
    before = participant_progress(participant)
    assert any(item.is_exam and (item.approved or item.pending) for item in before), "the exam shows in progress"

    pause(participant, program_staff)
    during = participant_progress(participant)
    program_pause_end(participant=participant, by=program_staff, today=RETURN_ON)
    after = participant_progress(participant)

    assert before == during == after
    assert [(i.requirement.category, i.approved, i.pending) for i in after] == [
        (i.requirement.category, i.approved, i.pending) for i in before
    ]
    attempt.refresh_from_db()
    assert attempt.status == attempt.Status.SUBMITTED
    assert HourEntry.objects.filter(participant=participant).count() == 2


@pytest.mark.django_db
def test_the_expected_pace_moves_later_by_the_time_paused(participant, program_staff, pace):
    peer = ParticipantFactory(cohort=participant.cohort)
    approved(participant, "3")
    approved(peer, "3")

    pause(participant, program_staff)
    # While paused the pace stands still: on 1 June, expected as on the day of the pause.
    grid = cohort_grid(participant.cohort, today=datetime.date(2026, 7, 2))
    assert self_care_cell(grid, participant).expected == 2  # still open: counts up to today
    assert self_care_cell(grid, participant).overdue is False
    assert self_care_cell(grid, peer).expected == 6
    assert self_care_cell(grid, peer).overdue is True

    program_pause_end(participant=participant, by=program_staff, today=RETURN_ON)
    # Back on 10 June after 31 days: on 5 July the three-month expectation (due 1 July for
    # the cohort) is not due yet for them; it is on 1 August.
    grid = cohort_grid(participant.cohort, today=LATER)
    assert self_care_cell(grid, participant).expected == 2
    assert self_care_cell(grid, participant).overdue is False
    assert self_care_cell(grid, peer).overdue is True
    grid = cohort_grid(participant.cohort, today=datetime.date(2026, 8, 1))
    assert self_care_cell(grid, participant).expected == 6
    assert self_care_cell(grid, participant).overdue is True


@pytest.mark.django_db
def test_paused_days_count_each_pause_up_to_today(participant, other_participant, program_staff):
    pause(participant, program_staff)
    assert selectors.paused_days([participant.pk], PAUSED_ON) == {}
    assert selectors.paused_days([participant.pk, other_participant.pk], datetime.date(2026, 5, 20)) == {
        participant.pk: 10
    }
    program_pause_end(participant=participant, by=program_staff, today=datetime.date(2026, 5, 25))
    assert selectors.paused_days([participant.pk], LATER) == {participant.pk: 15}
    program_pause_start(
        participant=participant, plan=PLAN, return_on=datetime.date(2026, 8, 1), by=program_staff, today=LATER
    )
    assert selectors.paused_days([participant.pk], datetime.date(2026, 7, 10)) == {participant.pk: 20}


@pytest.mark.django_db
def test_the_hours_behind_reminder_does_not_nag_a_paused_or_returning_participant(
    participant, program_staff, pace, time_machine
):
    peer = ParticipantFactory(cohort=participant.cohort)
    approved(participant, "3")
    approved(peer, "3")
    pause(participant, program_staff)

    time_machine.move_to(datetime.datetime(2026, 7, 2, 12))
    assert reminders.behind_schedule_remind() == 1  # the peer only
    program_pause_end(participant=participant, by=program_staff, today=RETURN_ON)
    time_machine.move_to(datetime.datetime(2026, 7, 10, 12))
    assert reminders.behind_schedule_remind() == 1  # the peer again, a week on; not the returning one
    nudged = set(Notification.objects.filter(kind="hours_behind").values_list("recipient_id", flat=True))
    assert nudged == {peer.user_id}


@pytest.mark.django_db
def test_the_grid_costs_one_query_more_only_when_someone_was_paused(participant, program_staff, pace):
    ParticipantFactory(cohort=participant.cohort)
    cohort = participant.cohort
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as never:
        cohort_grid(cohort, today=LATER)
    pause(participant, program_staff)
    for _ in range(3):
        pause(ParticipantFactory(cohort=cohort), program_staff)
    with CaptureQueriesContext(connection) as paused:
        cohort_grid(cohort, today=LATER)
    assert len(paused) == len(never) + 1


# --- Staff's reminder on the return date ----------------------------------------------------


@pytest.mark.django_db
def test_staff_are_reminded_once_on_the_return_date_and_again_after_an_extension(
    participant, program_staff, time_machine
):
    pause(participant, program_staff)
    time_machine.move_to(datetime.datetime(2026, 6, 9, 12))
    assert pause_return_remind() == 0
    time_machine.move_to(datetime.datetime(2026, 6, 10, 12))
    assert pause_return_remind() == 1
    assert pause_return_remind() == 0
    message = Notification.objects.get(kind="program_pause_return")
    assert message.recipient == program_staff
    assert PLAN not in message.body and str(participant.user) not in message.body + message.subject
    assert "/staff/readiness/" in message.body

    program_pause_extend(participant=participant, return_on=datetime.date(2026, 6, 20), by=program_staff)
    time_machine.move_to(datetime.datetime(2026, 6, 20, 12))
    assert pause_return_remind() == 1
    program_pause_end(participant=participant, by=program_staff)
    time_machine.move_to(datetime.datetime(2026, 6, 21, 12))
    assert pause_return_remind() == 0


def test_the_return_reminder_is_registered():
    from cpse.notify.reminders import registered

    assert "program_pause_return" in {reminder.name for reminder in registered()}
