"""Training sessions and attendance: the rules of scheduling, the attendance sheet and
the hours it gives, and the day-before reminders.

The 2026 cohort (tests/factories.py): program 1 April to 31 August 2026, intensive week
8 to 12 June; local time is America/New_York (UTC-4 in summer).
"""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core import mail

from cohorts.models import Participant, Requirement, RequirementSet
from cpse.notify.models import Notification
from cpse.notify.tasks import run_reminders
from requirements_tracking.models import Attendance, HourEntry, TrainingSession
from requirements_tracking.progress import participant_progress
from requirements_tracking.sessions import services
from requirements_tracking.sessions.services import Mark
from tests.factories import CohortFactory, ParticipantFactory

LOCAL = zoneinfo.ZoneInfo("America/New_York")
A = Attendance.Status


def local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=LOCAL)


def requirement(cohort, category) -> Requirement:
    return cohort.requirement_set.requirements.get(category=category)


def schedule(cohort, *, category="online", starts_at=None, duration=90, title="Listening well", by=None, **extra):
    return services.training_session_schedule(
        cohort=cohort,
        requirement=requirement(cohort, category),
        title=title,
        starts_at=starts_at or local(2026, 5, 12, 18, 0),
        duration_minutes=duration,
        location=extra.pop("location", "Online"),
        by=by,
    )


def record(session, marks, by, *, now=None):
    return services.attendance_record(session=session, marks=marks, by=by, now=now or local(2026, 5, 20, 12, 0))


def online_progress(participant) -> Decimal:
    rows = participant_progress(participant)
    return next(row.approved for row in rows if row.requirement.category == Requirement.Category.ONLINE)


# --- Scheduling ------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_schedule_online_and_intensive_sessions(cohort, program_staff):
    online = schedule(cohort, by=program_staff)
    intensive = schedule(cohort, category="intensive", starts_at=local(2026, 6, 8, 9, 0), duration=480, title="Day one")
    assert (online.requirement.category, online.duration_minutes, online.location) == ("online", 90, "Online")
    assert intensive.requirement.category == "intensive"
    assert TrainingSession.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("duration", [15, 45, 720])
def test_lengths_in_quarter_hours_up_to_twelve_hours_are_accepted(cohort, duration):
    assert schedule(cohort, duration=duration).duration_minutes == duration


@pytest.mark.django_db
@pytest.mark.parametrize("duration", [0, -15, 10, 14, 20, 100, 735, 1440, "90", None, 90.0])
def test_other_lengths_are_refused(cohort, duration):
    with pytest.raises(services.TrainingSessionError) as error:
        schedule(cohort, duration=duration)
    assert error.value.code == "bad_duration"
    assert "in steps of 15 minutes" in str(error.value)
    assert not TrainingSession.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "location", "code"),
    [
        ("", "", "title_required"),
        ("   ", "Online", "title_required"),
        ("x" * 201, "", "too_long"),
        ("Hi", "x" * 201, "too_long"),
    ],
)
def test_a_title_is_needed_and_texts_stay_short(cohort, title, location, code):
    with pytest.raises(services.TrainingSessionError) as error:
        schedule(cohort, title=title, location=location)
    assert error.value.code == code


@pytest.mark.django_db
@pytest.mark.parametrize("category", ["self_care", "practicum", "exam", "checkins"])
def test_sessions_count_only_towards_online_or_intensive_hours(cohort, category):
    with pytest.raises(services.TrainingSessionError) as error:
        schedule(cohort, category=category)
    assert error.value.code == "wrong_requirement"


@pytest.mark.django_db
def test_the_requirement_must_be_from_the_cohorts_own_set(cohort):
    other_set = RequirementSet.objects.create(credential=cohort.credential, name="A later set")
    foreign = Requirement.objects.create(requirement_set=other_set, kind="hours", category="online", amount=20)
    with pytest.raises(services.TrainingSessionError) as error:
        services.training_session_schedule(
            cohort=cohort,
            requirement=foreign,
            title="Listening well",
            starts_at=local(2026, 5, 12, 18),
            duration_minutes=90,
            by=None,
        )
    assert error.value.code == "wrong_requirement"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "starts_at", "code"),
    [
        ("intensive", local(2026, 6, 7, 9), "outside_intensive"),
        ("intensive", local(2026, 6, 13, 9), "outside_intensive"),
        ("intensive", local(2026, 5, 12, 9), "outside_intensive"),
        ("online", local(2026, 3, 31, 23, 30), "outside_program"),  # 1 April in UTC, 31 March here
        ("online", local(2026, 9, 1, 0, 15), "outside_program"),
    ],
)
def test_sessions_take_place_in_their_period_by_local_date(cohort, category, starts_at, code):
    with pytest.raises(services.TrainingSessionError) as error:
        schedule(cohort, category=category, starts_at=starts_at)
    assert error.value.code == code
    assert "between" in str(error.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("category", "starts_at"),
    [
        ("intensive", local(2026, 6, 8, 0, 0)),
        ("intensive", local(2026, 6, 12, 23, 45)),  # 13 June in UTC: the local day counts
        ("online", local(2026, 4, 1, 0, 0)),
        ("online", local(2026, 8, 31, 20, 0)),
    ],
)
def test_the_first_and_last_days_are_inside(cohort, category, starts_at):
    assert schedule(cohort, category=category, starts_at=starts_at, duration=15)


@pytest.mark.django_db
def test_a_session_changes_freely_until_attendance_is_recorded(cohort, participant, program_staff):
    session = schedule(cohort)
    later = local(2026, 6, 9, 10)
    services.training_session_change(
        session=session,
        cohort=cohort,
        requirement=requirement(cohort, "intensive"),
        title="Day two",
        starts_at=later,
        duration_minutes=120,
        location="Community hall",
        by=program_staff,
    )
    session.refresh_from_db()
    assert (session.title, session.starts_at, session.duration_minutes, session.location) == (
        "Day two",
        later,
        120,
        "Community hall",
    )
    assert session.requirement.category == "intensive"


def _change(session, **changes):
    values = {
        "cohort": session.cohort,
        "requirement": session.requirement,
        "title": session.title,
        "starts_at": session.starts_at,
        "duration_minutes": session.duration_minutes,
        "location": session.location,
        **changes,
    }
    return services.training_session_change(session=session, by=None, **values)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"starts_at": local(2026, 5, 13, 18)},
        {"duration_minutes": 60},
        {"requirement": "intensive"},
        {"cohort": 2027},
    ],
)
def test_after_attendance_the_hours_facts_stay(cohort, participant, program_staff, changes):
    session = schedule(cohort)
    record(session, {participant.pk: Mark(A.PRESENT)}, program_staff)
    if changes.get("requirement") == "intensive":
        changes = {"requirement": requirement(cohort, "intensive"), "starts_at": local(2026, 6, 8, 9)}
    if changes.get("cohort") == 2027:
        later = CohortFactory(year=2027)
        changes = {"cohort": later, "requirement": requirement(later, "online"), "starts_at": local(2027, 5, 12, 18)}
    with pytest.raises(services.TrainingSessionError) as error:
        _change(session, **changes)
    assert error.value.code == "attendance_recorded"
    assert "title and place" in str(error.value)
    session.refresh_from_db()
    assert (session.starts_at, session.duration_minutes) == (local(2026, 5, 12, 18), 90)


@pytest.mark.django_db
def test_after_attendance_the_title_and_place_can_change(cohort, participant, program_staff):
    session = schedule(cohort)
    record(session, {participant.pk: Mark(A.PRESENT)}, program_staff)
    _change(session, title="Listening well, part one", location="Room 4")
    session.refresh_from_db()
    assert (session.title, session.location) == ("Listening well, part one", "Room 4")


@pytest.mark.django_db
def test_a_session_without_attendance_is_deleted_once(cohort, program_staff):
    session = schedule(cohort)
    services.training_session_delete(session=session, by=program_staff)
    assert not TrainingSession.objects.exists()
    with pytest.raises(services.TrainingSessionError) as error:
        services.training_session_delete(session=session, by=program_staff)
    assert error.value.code == "already_deleted"


@pytest.mark.django_db
def test_a_session_with_attendance_is_not_deleted(cohort, participant, program_staff):
    session = schedule(cohort)
    record(session, {participant.pk: Mark(A.PRESENT)}, program_staff)
    with pytest.raises(services.TrainingSessionError) as error:
        services.training_session_delete(session=session, by=program_staff)
    assert error.value.code == "attendance_recorded"
    assert TrainingSession.objects.exists() and HourEntry.objects.count() == 1


# --- Attendance -------------------------------------------------------------------------


@pytest.mark.django_db
def test_attendance_gives_approved_hours_to_the_quarter_hour(cohort, participant, other_participant, instructor):
    third = ParticipantFactory(cohort=cohort, user__display_name="Participant Eve")
    fourth = ParticipantFactory(cohort=cohort, status=Participant.Status.ON_LEAVE)
    session = schedule(cohort, starts_at=local(2026, 5, 10, 23, 30))  # 11 May in UTC
    now = local(2026, 5, 20, 12)
    record(
        session,
        {
            participant.pk: Mark(A.PRESENT),
            other_participant.pk: Mark(A.PARTIAL, 50),
            third.pk: Mark(A.ABSENT),
            fourth.pk: Mark(A.PARTIAL, 14),
        },
        instructor,
        now=now,
    )
    entries = {entry.participant_id: entry for entry in HourEntry.objects.all()}
    assert set(entries) == {participant.pk, other_participant.pk}  # absent and under 15 minutes: none
    entry = entries[participant.pk]
    assert (entry.hours, entry.status, entry.kind) == (Decimal("1.5"), HourEntry.Status.APPROVED, "session")
    assert (entry.date, entry.requirement, entry.reflection) == (datetime.date(2026, 5, 10), session.requirement, "")
    assert (entry.reviewed_by, entry.reviewed_at) == (instructor, now)
    assert entry.attendance.session == session
    assert entries[other_participant.pk].hours == Decimal("0.75")
    assert Attendance.objects.get(participant=fourth).minutes == 14
    session.refresh_from_db()
    assert (session.attendance_recorded_at, session.attendance_recorded_by) == (now, instructor)
    assert online_progress(participant) == Decimal("1.5")
    assert online_progress(other_participant) == Decimal("0.75")
    assert online_progress(third) == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("minutes", "hours"), [(1, None), (14, None), (15, "0.25"), (29, "0.25"), (30, "0.5"), (89, "1.25")]
)
def test_partial_minutes_round_down_to_the_quarter_hour(cohort, participant, program_staff, minutes, hours):
    session = schedule(cohort)
    record(session, {participant.pk: Mark(A.PARTIAL, minutes)}, program_staff)
    entry = HourEntry.objects.filter(participant=participant).first()
    assert (entry.hours if entry else None) == (Decimal(hours) if hours else None)


@pytest.mark.django_db
def test_recording_again_changes_rows_in_place(cohort, participant, program_staff, instructor):
    session = schedule(cohort)
    record(session, {participant.pk: Mark(A.PRESENT)}, program_staff)
    first = HourEntry.objects.get()
    attendance = Attendance.objects.get()
    record(session, {participant.pk: Mark(A.PRESENT)}, program_staff)  # the same sheet twice
    assert HourEntry.objects.get().pk == first.pk and Attendance.objects.get().pk == attendance.pk

    record(session, {participant.pk: Mark(A.ABSENT)}, instructor)
    attendance.refresh_from_db()
    assert (attendance.status, attendance.minutes, attendance.recorded_by) == (A.ABSENT, None, instructor)
    assert not HourEntry.objects.exists()
    assert online_progress(participant) == 0

    record(session, {participant.pk: Mark(A.PARTIAL, 45)}, program_staff)
    assert Attendance.objects.get().pk == attendance.pk
    assert HourEntry.objects.get().hours == Decimal("0.75")

    record(session, {participant.pk: Mark(A.PARTIAL, 60)}, instructor)
    entry = HourEntry.objects.get()
    assert (entry.hours, entry.reviewed_by) == (Decimal(1), instructor)
    record(session, {participant.pk: Mark(A.PRESENT)}, program_staff)
    assert HourEntry.objects.get().pk == entry.pk and HourEntry.objects.get().hours == Decimal("1.5")
    assert Attendance.objects.get().minutes is None
    assert online_progress(participant) == Decimal("1.5")


@pytest.mark.django_db
def test_progress_adds_online_and_intensive_sessions_to_the_quarter_hour(cohort, participant, program_staff):
    first, second = schedule(cohort, duration=90), schedule(cohort, starts_at=local(2026, 5, 19, 18), duration=60)
    day = schedule(cohort, category="intensive", starts_at=local(2026, 6, 8, 9), duration=420)
    record(first, {participant.pk: Mark(A.PRESENT)}, program_staff, now=local(2026, 6, 20, 12))
    record(second, {participant.pk: Mark(A.PARTIAL, 40)}, program_staff, now=local(2026, 6, 20, 12))
    record(day, {participant.pk: Mark(A.PARTIAL, 400)}, program_staff, now=local(2026, 6, 20, 12))
    progress = {row.requirement.category: row for row in participant_progress(participant)}
    assert progress["online"].approved == Decimal("2")  # 1.5 + 0.5
    assert progress["intensive"].approved == Decimal("6.5")  # 400 minutes = 6 h 40 → 6.5
    assert progress["self_care"].approved == 0


@pytest.mark.django_db
def test_attendance_waits_until_the_session_has_started(cohort, participant, program_staff):
    session = schedule(cohort)
    with pytest.raises(services.AttendanceError) as error:
        record(session, {participant.pk: Mark(A.PRESENT)}, program_staff, now=local(2026, 5, 12, 17, 59))
    assert error.value.code == "not_started"
    assert "once the session has started" in str(error.value)
    assert not Attendance.objects.exists()
    record(session, {participant.pk: Mark(A.PRESENT)}, program_staff, now=local(2026, 5, 12, 18, 0))
    assert Attendance.objects.count() == 1


@pytest.mark.django_db
def test_only_people_taking_part_in_the_cohort_are_on_the_sheet(cohort, participant, program_staff):
    session = schedule(cohort)
    elsewhere = ParticipantFactory(cohort=CohortFactory(year=2027))
    withdrawn = ParticipantFactory(cohort=cohort, status=Participant.Status.WITHDRAWN)
    for stranger in (elsewhere.pk, withdrawn.pk, 999_999):
        with pytest.raises(services.AttendanceError) as error:
            record(session, {participant.pk: Mark(A.PRESENT), stranger: Mark(A.PRESENT)}, program_staff)
        assert error.value.code == "unknown_participant"
    assert not Attendance.objects.exists() and not HourEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mark", "code"),
    [
        (Mark(A.PARTIAL, None), "partial_minutes"),
        (Mark(A.PARTIAL, 0), "partial_minutes"),
        (Mark(A.PARTIAL, 90), "partial_minutes"),
        (Mark(A.PARTIAL, -5), "partial_minutes"),
        (Mark(A.PARTIAL, "45"), "partial_minutes"),
        (Mark(A.PARTIAL, True), "partial_minutes"),
        (Mark("late"), "bad_status"),
    ],
)
def test_a_bad_mark_refuses_the_whole_sheet(cohort, participant, other_participant, program_staff, mark, code):
    session = schedule(cohort)
    with pytest.raises(services.AttendanceError) as error:
        record(session, {participant.pk: Mark(A.PRESENT), other_participant.pk: mark}, program_staff)
    assert error.value.code == code
    assert not Attendance.objects.exists() and not HourEntry.objects.exists()
    session.refresh_from_db()
    assert session.attendance_recorded_at is None


@pytest.mark.django_db
def test_an_empty_sheet_records_nothing(cohort, program_staff):
    session = schedule(cohort)
    with pytest.raises(services.AttendanceError) as error:
        record(session, {}, program_staff)
    assert error.value.code == "empty"
    session.refresh_from_db()
    assert session.attendance_recorded_at is None


@pytest.mark.django_db
def test_minutes_typed_for_present_or_absent_are_not_kept(cohort, participant, other_participant, program_staff):
    session = schedule(cohort)
    record(session, {participant.pk: Mark(A.PRESENT, 30), other_participant.pk: Mark(A.ABSENT, 30)}, program_staff)
    assert set(Attendance.objects.values_list("minutes", flat=True)) == {None}
    assert HourEntry.objects.get().hours == Decimal("1.5")


# --- Reminders --------------------------------------------------------------------------


@pytest.mark.django_db
def test_participants_are_reminded_the_day_before_once(
    time_machine, django_capture_on_commit_callbacks, cohort, participant, other_participant
):
    ParticipantFactory(cohort=cohort, status=Participant.Status.WITHDRAWN)
    on_leave = ParticipantFactory(cohort=cohort, status=Participant.Status.ON_LEAVE)
    ParticipantFactory(cohort=CohortFactory(year=2027))
    session = schedule(cohort, starts_at=local(2026, 5, 12, 23, 30), title="Boundaries and safety")  # 13 May UTC
    schedule(cohort, starts_at=local(2026, 5, 13, 9))  # the day after tomorrow: not yet

    time_machine.move_to(local(2026, 5, 10, 20))
    assert run_reminders.delay().get()["session_tomorrow"] == 0
    time_machine.move_to(local(2026, 5, 11, 8))
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminders.delay().get()["session_tomorrow"] == 3
    time_machine.move_to(local(2026, 5, 11, 9))
    assert run_reminders.delay().get()["session_tomorrow"] == 0  # repeated runs send it once

    notifications = Notification.objects.filter(kind="session_reminder")
    assert notifications.count() == 3
    assert {n.recipient for n in notifications} == {participant.user, other_participant.user, on_leave.user}
    mine = notifications.get(recipient=participant.user)
    assert mine.key == f"session-reminder:{session.pk}:{participant.pk}"
    assert "You have a training session tomorrow. The time and place are on your sessions page" in mine.body
    assert "/hours/sessions/" in mine.body
    for text in ("Boundaries and safety", "Participant Cora", "Online"):
        assert text not in mine.body and text not in mine.subject
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_two_sessions_tomorrow_are_two_reminders(time_machine, cohort, participant):
    schedule(cohort, starts_at=local(2026, 6, 8, 9), category="intensive", duration=180)
    schedule(cohort, starts_at=local(2026, 6, 8, 13), category="intensive", duration=180)
    time_machine.move_to(local(2026, 6, 7, 10))
    assert services.session_reminders_send() == 2
    assert services.session_reminders_send() == 0


# --- Data rights -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_persons_attendance_is_in_their_data_and_goes_with_their_erasure(cohort, participant, program_staff):
    from requirements_tracking import data_rights

    session = schedule(cohort)
    record(session, {participant.pk: Mark(A.PARTIAL, 50)}, program_staff)
    exported = data_rights.export_attendance(participant.user)
    assert [(row["session"], row["attendance"], row["minutes"]) for row in exported] == [
        ("Listening well", "Part of the session", 50)
    ]
    data_rights.erase(participant.user)
    assert not Attendance.objects.filter(participant=participant).exists()
    assert not HourEntry.objects.filter(participant=participant).exists()
    assert TrainingSession.objects.filter(pk=session.pk).exists()  # the cohort's session stays
