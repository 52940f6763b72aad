"""Training session pages: the participant's sessions, staff scheduling, the attendance
sheet (errors next to each line, summarised at the top, nothing typed lost), and their
query counts."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from cohorts.models import Participant
from requirements_tracking.models import Attendance, HourEntry, TrainingSession
from requirements_tracking.sessions.services import Mark
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking.sessions.test_services import local, record, schedule

MINE = reverse("sessions:mine")
LIST = reverse("sessions:staff_list")
NEW = reverse("sessions:create")
A = Attendance.Status
NOW = local(2026, 5, 20, 12)


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW)


def attendance_url(session) -> str:
    return reverse("sessions:attendance", args=[session.public_id])


def form(cohort, /, **overrides):
    return {
        "cohort": str(cohort.pk),
        "counts_for": "online",
        "title": "Listening well",
        "date": "2026-05-26",
        "start_time": "18:30",
        "duration_minutes": "90",
        "location": "Online",
        **overrides,
    }


def sheet(marks: dict, extra: dict | None = None) -> dict:
    """The attendance form's data: {participant: (status, minutes)}."""
    data = {}
    for participant, (status, minutes) in marks.items():
        data[f"status_{participant.public_id}"] = status
        data[f"minutes_{participant.public_id}"] = minutes
    return {**data, **(extra or {})}


# --- The participant's page ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_participant_sees_upcoming_and_past_sessions_with_their_hours(
    client, cohort, participant, other_participant, program_staff
):
    past = schedule(cohort, starts_at=local(2026, 5, 12, 18), title="Listening well")
    missed = schedule(cohort, starts_at=local(2026, 5, 14, 18), title="Self-care plans")
    schedule(cohort, starts_at=local(2026, 5, 15, 18), title="Not yet recorded")
    schedule(cohort, starts_at=local(2026, 5, 26, 18, 30), title="Boundaries", location="Room 4", duration=60)
    record(past, {participant.pk: Mark(A.PARTIAL, 50), other_participant.pk: Mark(A.PRESENT)}, program_staff)
    record(missed, {participant.pk: Mark(A.ABSENT)}, program_staff)
    schedule(CohortFactory(year=2027), starts_at=local(2027, 5, 26, 18), title="Another cohort's session")
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    upcoming, past_part = page.split("Past sessions")
    assert "Boundaries" in upcoming and "6:30" in upcoming and "60 minutes" in upcoming and "Room 4" in upcoming
    assert "Part of the session (50 minutes)" in past_part and "0.75 hours added" in past_part
    assert "Absent" in past_part and "Not recorded yet" in past_part
    assert "Another cohort" not in page and "Participant Dee" not in page


@pytest.mark.django_db
def test_people_without_a_participation_see_a_kind_note(client, applicant, program_staff):
    for person in (applicant, program_staff):
        client.force_login(person)
        assert "once you are a participant of a cohort" in client.get(MINE).content.decode()


@pytest.mark.django_db
def test_the_hours_page_links_to_sessions_and_the_inbox_to_the_schedule(client, participant, program_staff):
    client.force_login(participant.user)
    assert MINE in client.get(reverse("requirements_tracking:mine")).content.decode()
    client.force_login(program_staff)
    assert LIST in client.get(reverse("requirements_tracking_staff:inbox")).content.decode()


# --- The staff list -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_the_current_cohort_by_default(client, cohort, program_staff, participant):
    later = CohortFactory(year=2027)
    recorded = schedule(cohort, starts_at=local(2026, 5, 12, 18), title="Listening well")
    record(recorded, {participant.pk: Mark(A.PRESENT)}, program_staff)
    schedule(cohort, starts_at=local(2026, 5, 19, 18), title="Self-care plans")
    schedule(cohort, starts_at=local(2026, 5, 26, 18), title="Boundaries")
    schedule(later, starts_at=local(2027, 5, 26, 18), title="Next year's welcome")
    client.force_login(program_staff)
    page = client.get(LIST).content.decode()
    assert "Listening well" in page and "Next year" not in page
    assert "Recorded" in page and "Record attendance" in page and "has not started" in page
    assert "Schedule a session" in page
    assert "Next year" in client.get(LIST, {"cohort": later.pk}).content.decode()
    everything = client.get(LIST, {"cohort": ""}).content.decode()
    assert "Next year" in everything and "Listening well" in everything
    assert client.get(LIST, {"cohort": "not-a-cohort", "page": "x"}).status_code == 200


@pytest.mark.django_db
def test_instructors_see_the_list_and_the_sheet_but_do_not_schedule(client, cohort, instructor, participant):
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18))
    client.force_login(instructor)
    page = client.get(LIST).content.decode()
    assert attendance_url(session) in page
    assert NEW not in page and reverse("sessions:edit", args=[session.public_id]) not in page
    assert client.get(NEW).status_code == 403
    response = client.post(attendance_url(session), sheet({participant: ("present", "")}))
    assert response.status_code == 302
    assert HourEntry.objects.get().reviewed_by == instructor


# --- Scheduling ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_schedule_a_session_in_local_time(client, cohort, program_staff):
    client.force_login(program_staff)
    page = client.get(NEW).content.decode()
    assert "Schedule a session" in page and 'type="time"' in page
    response = client.post(NEW, form(cohort), follow=True)
    assert response.redirect_chain[-1][0] == f"{LIST}?cohort={cohort.pk}"
    assert "is scheduled" in response.content.decode()
    session = TrainingSession.objects.get()
    assert session.starts_at == local(2026, 5, 26, 18, 30)
    assert session.starts_at.astimezone(datetime.UTC).hour == 22
    assert (session.requirement.category, session.duration_minutes, session.cohort) == ("online", 90, cohort)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"duration_minutes": "an hour"}, "duration_minutes", "whole number of minutes"),
        ({"duration_minutes": "1.5"}, "duration_minutes", "whole number of minutes"),
        ({"duration_minutes": "20"}, "duration_minutes", "steps of 15 minutes"),
        ({"duration_minutes": "0"}, "duration_minutes", "steps of 15 minutes"),
        ({"duration_minutes": "99999999999999999999"}, "duration_minutes", ""),
        ({"duration_minutes": ""}, "duration_minutes", "length in minutes"),
        ({"title": "   "}, "title", "give the session a title"),
        ({"date": "next tuesday"}, "date", "Please enter a date"),
        ({"date": "2026-09-01"}, "date", "during the program"),
        ({"counts_for": "intensive"}, "date", "intensive week"),
        ({"counts_for": "self_care"}, "counts_for", ""),
        ({"start_time": "evening"}, "start_time", "Please enter a time"),
        ({"cohort": "999999"}, "cohort", "choose a cohort"),
        ({"cohort": "abc"}, "cohort", "choose a cohort"),
    ],
)
def test_bad_input_is_explained_next_to_its_field_and_kept(client, cohort, program_staff, changes, field, message):
    client.force_login(program_staff)
    response = client.post(NEW, form(cohort, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    for name, value in form(cohort, **changes).items():
        assert response.context["form"].data[name] == value
    assert "Everything you typed is still here" in response.content.decode()
    assert not TrainingSession.objects.exists()


@pytest.mark.django_db
def test_the_change_form_is_prefilled_and_saves(client, cohort, program_staff):
    session = schedule(cohort, starts_at=local(2026, 5, 26, 18, 30))
    url = reverse("sessions:edit", args=[session.public_id])
    client.force_login(program_staff)
    page = client.get(url).content.decode()
    assert 'value="Listening well"' in page and 'value="18:30"' in page and 'value="2026-05-26"' in page
    client.post(url, form(cohort, title="Listening well, part one", start_time="19:00"))
    session.refresh_from_db()
    assert (session.title, session.starts_at) == ("Listening well, part one", local(2026, 5, 26, 19))


@pytest.mark.django_db
def test_after_attendance_only_title_and_place_change(client, cohort, participant, program_staff):
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18))
    record(session, {participant.pk: Mark(A.PRESENT)}, program_staff)
    url = reverse("sessions:edit", args=[session.public_id])
    client.force_login(program_staff)
    assert "stay as they are" in client.get(url).content.decode()
    response = client.post(url, form(cohort, date="2026-05-13", start_time="18:00"))
    assert response.status_code == 200
    assert "Attendance is already recorded" in response.content.decode()
    response = client.post(url, form(cohort, date="2026-05-12", start_time="18:00", title="Renamed"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.title, session.starts_at) == ("Renamed", local(2026, 5, 12, 18))


@pytest.mark.django_db
def test_deleting_asks_first_and_keeps_sessions_with_attendance(client, cohort, participant, program_staff):
    session = schedule(cohort, starts_at=local(2026, 5, 26, 18))
    url = reverse("sessions:delete", args=[session.public_id])
    client.force_login(program_staff)
    page = client.get(url).content.decode()
    assert "Do you want to delete “Listening well”" in page and "Yes, delete this session" in page
    response = client.post(url, follow=True)
    assert "is deleted" in response.content.decode()
    assert not TrainingSession.objects.exists()

    kept = schedule(cohort, starts_at=local(2026, 5, 12, 18))
    record(kept, {participant.pk: Mark(A.PRESENT)}, program_staff)
    url = reverse("sessions:delete", args=[kept.public_id])
    assert "Yes, delete" not in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "so it stays" in response.content.decode()
    assert TrainingSession.objects.count() == 1 and HourEntry.objects.count() == 1


# --- The attendance sheet ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sheet_lists_the_cohort_by_name_and_records_everyone(
    client, cohort, participant, other_participant, program_staff
):
    eve = ParticipantFactory(cohort=cohort, user__display_name="Participant Eve", status=Participant.Status.ON_LEAVE)
    ParticipantFactory(cohort=cohort, user__display_name="Withdrawn Wes", status=Participant.Status.WITHDRAWN)
    ParticipantFactory(cohort=CohortFactory(year=2027), user__display_name="Next Year Nia")
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18))
    client.force_login(program_staff)
    page = client.get(attendance_url(session)).content.decode()
    assert page.index("Participant Cora") < page.index("Participant Dee") < page.index("Participant Eve")
    assert "Withdrawn Wes" not in page and "Next Year Nia" not in page
    response = client.post(
        attendance_url(session),
        sheet({participant: ("present", ""), other_participant: ("partial", "50"), eve: ("absent", "")}),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{LIST}?cohort={cohort.pk}"
    assert "Attendance for “Listening well” is saved" in response.content.decode()
    hours = dict(HourEntry.objects.values_list("participant__user__display_name", "hours"))
    assert hours == {"Participant Cora": Decimal("1.5"), "Participant Dee": Decimal("0.75")}
    # Opened again, the sheet shows what was recorded.
    page = client.get(attendance_url(session)).content.decode()
    assert 'value="50"' in page
    form = client.get(attendance_url(session)).context["form"]
    assert form[f"status_{participant.public_id}"].value() == "present"
    assert form[f"status_{other_participant.public_id}"].value() == "partial"
    assert form[f"status_{eve.public_id}"].value() == "absent"
    # And recorded again with a change, nothing doubles.
    client.post(
        attendance_url(session),
        sheet({participant: ("absent", ""), other_participant: ("present", ""), eve: ("partial", "30")}),
    )
    hours = dict(HourEntry.objects.values_list("participant__user__display_name", "hours"))
    assert hours == {"Participant Dee": Decimal("1.5"), "Participant Eve": Decimal("0.5")}
    assert Attendance.objects.count() == 3


@pytest.mark.django_db
def test_everyone_present_then_one_changed_to_absent(client, cohort, participant, other_participant, program_staff):
    eve = ParticipantFactory(cohort=cohort, user__display_name="Participant Eve")
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18), duration=90)
    record(session, {eve.pk: Mark(A.ABSENT)}, program_staff)
    client.force_login(program_staff)
    page = client.get(attendance_url(session)).content.decode()
    assert "Mark everyone present" in page and "?everyone=present" in page
    response = client.get(f"{attendance_url(session)}?everyone=present")
    form = response.context["form"]
    # Every line starts at present, even one recorded before; nothing is saved yet.
    assert {form[f"status_{p.public_id}"].value() for p in (participant, other_participant, eve)} == {"present"}
    assert "Nothing is saved until you do" in response.content.decode()
    assert Attendance.objects.get().status == A.ABSENT
    # The sheet as it would come back with one line changed to absent.
    data = {name: form[name].value() or "" for name in form.fields}
    data[f"status_{other_participant.public_id}"] = "absent"
    client.post(attendance_url(session), data)
    hours = dict(HourEntry.objects.values_list("participant__user__display_name", "hours"))
    assert hours == {"Participant Cora": Decimal("1.5"), "Participant Eve": Decimal("1.5")}
    statuses = dict(Attendance.objects.values_list("participant__user__display_name", "status"))
    assert statuses == {"Participant Cora": A.PRESENT, "Participant Dee": A.ABSENT, "Participant Eve": A.PRESENT}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("mark", "field", "message"),
    [
        (("partial", ""), "minutes", "how many minutes Participant Dee was there"),
        (("partial", "fifty"), "minutes", "whole number"),
        (("partial", "4.5"), "minutes", "whole number"),
        (("partial", "90"), "minutes", "between 1 and 89 minutes"),
        (("partial", "0"), "minutes", "between 1 and 89 minutes"),
        (("partial", "99999999999999999999999"), "minutes", "between 1 and 89 minutes"),
        (("", ""), "status", "present, part of the session or absent"),
        (("late", ""), "status", "present, part of the session or absent"),
    ],
)
def test_a_wrong_line_is_explained_next_to_it_and_everything_typed_stays(
    client, cohort, participant, other_participant, program_staff, mark, field, message
):
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18))
    client.force_login(program_staff)
    data = sheet({participant: ("partial", "45"), other_participant: mark})
    response = client.post(attendance_url(session), data)
    assert response.status_code == 200
    page = response.content.decode()
    errors = response.context["form"].errors
    assert message in " ".join(errors[f"{field}_{other_participant.public_id}"])
    assert "Everything you typed is still here" in page
    assert f'href="#id_{field}_{other_participant.public_id}' in page  # the summary links to the line
    assert 'value="45"' in page  # what was typed on the good line stays
    assert not Attendance.objects.exists() and not HourEntry.objects.exists()


@pytest.mark.django_db
def test_a_made_up_participant_is_refused_without_an_error_page(client, cohort, participant, program_staff):
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18))
    elsewhere = ParticipantFactory(cohort=CohortFactory(year=2027))
    client.force_login(program_staff)
    for stranger in (str(uuid.uuid4()), str(elsewhere.public_id), "1 OR 1=1", "../../etc"):
        data = sheet({participant: ("present", "")}, {f"status_{stranger}": "present", f"minutes_{stranger}": "x"})
        response = client.post(attendance_url(session), data)
        assert response.status_code == 200
        assert "not taking part in this cohort now" in response.content.decode()
    assert not Attendance.objects.exists()


@pytest.mark.django_db
def test_the_sheet_waits_until_the_session_has_started(client, cohort, participant, program_staff):
    session = schedule(cohort, starts_at=local(2026, 5, 26, 18))
    client.force_login(program_staff)
    page = client.get(attendance_url(session)).content.decode()
    assert "once the session has started" in page and "Save attendance" not in page
    response = client.post(attendance_url(session), sheet({participant: ("present", "")}))
    assert response.status_code == 200
    assert "once the session has started" in response.content.decode()
    assert not Attendance.objects.exists()


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_costs_the_same_with_3_or_30_sessions(client, cohort, program_staff, participant):
    def add(count, start):
        for n in range(count):
            session = schedule(cohort, starts_at=local(2026, 4, 2, 18) + datetime.timedelta(days=start + n))
            if n % 2:
                record(session, {participant.pk: Mark(A.PRESENT)}, program_staff)

    add(3, 0)
    client.force_login(program_staff)
    counts = assert_queries_do_not_grow(
        client, [LIST, f"{LIST}?cohort=", f"{LIST}?cohort={cohort.pk}"], lambda: add(27, 3)
    )
    print("session list queries:", counts)


@pytest.mark.django_db
def test_the_sheet_costs_the_same_with_3_or_30_participants(client, cohort, program_staff):
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18))

    def add(count):
        people = [ParticipantFactory(cohort=cohort) for _ in range(count)]
        record(
            session,
            {
                p.pk: Mark([A.PRESENT, A.PARTIAL, A.ABSENT][n % 3], 30 if n % 3 == 1 else None)
                for n, p in enumerate(people)
            },
            program_staff,
        )

    add(3)
    client.force_login(program_staff)
    counts = assert_queries_do_not_grow(client, [attendance_url(session)], lambda: add(27))
    print("attendance sheet queries:", counts)


@pytest.mark.django_db
def test_the_participant_page_costs_the_same_with_3_or_30_sessions(client, cohort, participant, program_staff):
    def add(count, start):
        for n in range(count):
            session = schedule(cohort, starts_at=local(2026, 4, 2, 18) + datetime.timedelta(days=start + n))
            record(session, {participant.pk: Mark(A.PRESENT)}, program_staff)
            schedule(cohort, starts_at=local(2026, 6, 1, 18) + datetime.timedelta(days=start + n))

    add(3, 0)
    client.force_login(participant.user)
    counts = assert_queries_do_not_grow(client, [MINE], lambda: add(27, 3))
    print("participant sessions page queries:", counts)
