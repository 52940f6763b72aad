"""The history of a participant's record reads as a person would (issue #26): field labels,
choices in words, money in dollars, moments in the site's time zone to the minute, no
internal ids; and it is complete: hours approved by staff and given by attendance,
application decisions and staff notes appear, at a fixed number of queries."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from applications import services as application_services
from applications.models import Application
from cpse.dates import moment_with_zone
from requirements_tracking.hours.services import hour_entry_approve, hour_entry_submit
from requirements_tracking.models import Attendance, HourEntry
from requirements_tracking.sessions import services as session_services
from requirements_tracking.sessions.services import Mark
from tests.factories import ApplicationFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

# Inside the 2026 program, at a minute that is not on the hour.
NOW = datetime.datetime(2026, 6, 20, 15, 7, 31, tzinfo=datetime.UTC)


@pytest.fixture
def staff(client, program_staff):
    client.force_login(program_staff)
    return client


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def history_url(participant) -> str:
    return reverse("participant_record:history", args=[participant.public_id])


def history(client, participant) -> str:
    """The table of changes, as text: cells and list items one per line."""
    page = client.get(history_url(participant)).content.decode()
    table = page[page.index("<table") : page.index("</table>")]
    return re.sub(r"\s*\n\s*", "\n", re.sub(r"<[^>]+>", "\n", table)).strip()


def approved_hours(participant, staff_user, hours: str = "1.5") -> HourEntry:
    today = timezone.localdate()
    requirement = participant.cohort.requirement_set.requirements.get(category="self_care")
    entry = hour_entry_submit(
        participant=participant,
        requirement=requirement,
        date=today,
        hours=Decimal(hours),
        kind="journaling",
        reflection="Walked by the river",
        today=today,
    )
    return hour_entry_approve(entry=entry, by=staff_user)


def attended(participant, staff_user, title: str = "Listening well") -> None:
    cohort = participant.cohort
    session = session_services.training_session_schedule(
        cohort=cohort,
        requirement=cohort.requirement_set.requirements.get(category="online"),
        title=title,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        duration_minutes=90,
        location="Online",
        by=staff_user,
    )
    session_services.attendance_record(
        session=session, marks={participant.pk: Mark(Attendance.Status.PRESENT)}, by=staff_user
    )


def decided_with_a_note(participant, staff_user) -> Application:
    application = ApplicationFactory(
        cohort=participant.cohort, applicant=participant.user, status=Application.Status.INTERVIEWED
    )
    application_services.application_decide(
        application=application, decision=Application.Status.WAITLISTED, by=staff_user
    )
    application_services.staff_note_add(application=application, author=staff_user, text="NOTE-TEXT")
    return application


def test_values_read_in_words_with_labels_and_no_ids(staff, clock, program_staff, cohort):
    participant = ParticipantFactory(cohort=cohort, user__display_name="Participant Cora", fee_due_cents=350_000)
    entry = approved_hours(participant, program_staff)
    text = history(staff, participant)
    approval = "\n".join(
        [
            "Status: Waiting for review → Approved",
            f"Reviewed by: — → {program_staff.display_name}",
            f"Reviewed at: — → {moment_with_zone(NOW)}",
        ]
    )
    assert approval in text
    assert "11:07 a.m. (America/New York time)" in moment_with_zone(NOW)  # local, to the minute
    assert "Fee due: $3,500.00" in text and "cents" not in text
    assert "Requirement: Self-awareness and self-care" in text and "Hours: 1.5" in text
    assert "Cohort: 2026 cohort" in text and "Status: Enrolled" in text
    # No internal ids: no public ids, no primary keys, no raw choice values or stored moments.
    for raw in (str(entry.public_id), str(participant.public_id), "ID:", "Public id", "submitted", "15:07"):
        assert raw not in text, raw
    assert not re.search(r": (— → )?\d+\n", text), text  # a relation shown as its number


def test_hours_from_attendance_a_decision_and_a_staff_note_all_appear(staff, clock, participant, program_staff):
    approved_hours(participant, program_staff)
    attended(participant, program_staff)
    decided_with_a_note(participant, program_staff)
    text = history(staff, participant)
    # Hours approved by staff.
    assert "Status: Waiting for review → Approved" in text
    # Hours given by attendance (the sheet's rows are written in bulk), and the attendance itself.
    given = "\n".join(
        [
            f"{program_staff.display_name}\nHour entry\nAdded",
            "Participant: Participant Cora (2026 cohort)",
            "Requirement: Online instruction",
            f"Date: {date_format(timezone.localdate(), 'DATE_FORMAT')}",
            "Hours: 1.5",
            "Kind: Training session",
            "Status: Approved",
            f"Reviewed by: {program_staff.display_name}",
        ]
    )
    assert given in text
    attendance = (
        "Attendance\nAdded\nSession: Listening well\nParticipant: Participant Cora (2026 cohort)\nStatus: Present"
    )
    assert attendance in text
    # The application's decision.
    assert "Status: Interview done → On the waiting list" in text
    assert f"Decided at: — → {moment_with_zone(NOW)}" in text
    # The staff note: who wrote one and when, never what.
    assert f"Staff note\nAdded\nAuthor: {program_staff.display_name}" in text
    assert "NOTE-TEXT" not in text


def test_another_persons_rows_stay_out(staff, clock, participant, other_participant, program_staff):
    attended(other_participant, program_staff)
    decided_with_a_note(other_participant, program_staff)
    text = history(staff, participant)
    assert "Attendance" not in text and "Staff note" not in text and "Participant Dee" not in text


def test_the_history_costs_the_same_with_few_or_many_changes(staff, clock, participant, program_staff):
    application = decided_with_a_note(participant, program_staff)

    def grow(times: int):
        def run():
            for number in range(times):
                approved_hours(participant, program_staff, hours="0.25")
                attended(participant, program_staff, title=f"Session {number}")
                application_services.staff_note_add(application=application, author=program_staff, text="More")

        return run

    grow(1)()
    urls = [history_url(participant), history_url(participant) + "?show=views"]
    assert_queries_do_not_grow(staff, urls, grow(4))
