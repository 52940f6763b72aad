"""Access needs: the rules of recording them, the person's and staff's pages, where they
are shown (interview, attendance, exam) and what those pages cost in queries."""

import datetime
import io
import json
import uuid
import zipfile

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from applications.access import selectors, services
from applications.models import AccessNeeds
from applications.services import application_submit
from cpse import data_rights
from cpse.audit.models import AccessLogEntry
from requirements_tracking.exam_bank.selectors import accommodation_suggested
from tests.applications.factories import (
    InterviewFactory,
    InterviewSlotFactory,
    SentApplicationFactory,
    in_days,
    on_panel,
)
from tests.factories import ApplicationFactory, CohortFactory, ParticipantFactory, UserFactory
from tests.queries import assert_queries_do_not_grow, count_queries
from tests.requirements_tracking.exam_factories import exam as make_exam
from tests.requirements_tracking.sessions.test_services import local, schedule

F = AccessNeeds.Format
MINE = reverse("access_needs:mine")


def staff_url(public_id) -> str:
    return reverse("access_needs:staff_edit", args=[public_id])


def record(user, **needs) -> AccessNeeds:
    return services.access_needs_save(user=user, by=user, **needs)


# --- Rules ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_needs_are_recorded_once_per_person_and_replaced_as_a_whole(participant):
    user = participant.user
    record(user, interpreter_language="  Spanish ", formats=[F.PAPER, F.LARGE_PRINT], note=" breaks ")
    needs = record(user, captioning=True, formats=[F.READ_ALOUD])
    assert AccessNeeds.objects.filter(user=user).count() == 1
    needs.refresh_from_db()
    assert (needs.interpreter_language, needs.captioning, needs.formats, needs.note) == ("", True, ["read_aloud"], "")
    first = record(user, interpreter_language="Spanish", formats=[F.PAPER, F.LARGE_PRINT], note="breaks")
    first.refresh_from_db()
    # Formats keep the list's order, however they were ticked.
    assert first.formats == ["large_print", "paper"] and first.updated_by == user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "code"),
    [
        ({"interpreter_language": "x" * 61}, "interpreter_too_long"),
        ({"note": "y" * 2001}, "note_too_long"),
        ({"formats": ["braille-ish"]}, "unknown_format"),
    ],
)
def test_bad_input_is_refused_with_a_reason(participant, given, code):
    with pytest.raises(services.AccessNeedsError) as refused:
        record(participant.user, **given)
    assert refused.value.code == code
    assert not AccessNeeds.objects.exists()


@pytest.mark.django_db
def test_nothing_needed_makes_no_empty_record_but_can_clear_one(participant):
    assert record(participant.user) is None
    assert not AccessNeeds.objects.exists()
    record(participant.user, extra_time=True)
    cleared = record(participant.user)
    assert cleared is not None and not AccessNeeds.objects.get().any


@pytest.mark.django_db
def test_sending_an_application_records_what_it_says_once():
    application = ApplicationFactory(
        cohort=CohortFactory(year=2026), interpreter_language="Tagalog", access_needs="Large print, please"
    )
    application_submit(application=application, by=application.applicant, today=datetime.date(2026, 2, 1))
    needs = AccessNeeds.objects.get(user=application.applicant)
    assert (needs.interpreter_language, needs.note) == ("Tagalog", "Large print, please")


@pytest.mark.django_db
def test_what_is_already_recorded_wins_and_only_empty_parts_are_filled():
    application = SentApplicationFactory(interpreter_language="Spanish", access_needs="A quiet room")
    record(application.applicant, interpreter_language="ASL", extra_time=True)
    needs = services.access_needs_from_application(application=application, by=application.applicant)
    assert (needs.interpreter_language, needs.extra_time, needs.note) == ("ASL", True, "A quiet room")


@pytest.mark.django_db
def test_an_application_that_asks_for_nothing_records_nothing():
    application = SentApplicationFactory(interpreter_language="", access_needs="")
    assert services.access_needs_from_application(application=application, by=None) is None
    assert not AccessNeeds.objects.exists()


@pytest.mark.django_db
def test_every_change_is_in_the_history_without_the_note_in_clear(participant):
    needs = record(participant.user, note="Private words")
    record(participant.user, captioning=True, note="Private words")
    entries = LogEntry.objects.get_for_object(needs)
    assert entries.count() == 2
    assert "Private words" not in json.dumps([e.changes for e in entries], default=str)


# --- The one selector -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_summary_is_short_and_says_only_that_there_is_more(participant, other_participant):
    record(participant.user, interpreter_language="Spanish", captioning=True, formats=[F.LARGE_PRINT], note="Ramp")
    record(other_participant.user, note="Only a note")
    nobody = UserFactory()
    record(nobody)  # nothing: no record
    with count_queries() as queries:
        found = selectors.access_needs_for([participant.user_id, other_participant.user_id, nobody.pk, None])
    assert len(queries.captured_queries) == 1
    assert found[participant.user_id].text == "Interpreter: Spanish · Captions · Large print"
    assert found[participant.user_id].has_note and found[other_participant.user_id].labels == []
    assert nobody.pk not in found
    assert selectors.access_needs_for([]) == {}


# --- Exam: recorded needs as a starting point --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("limit", "needs", "suggested"),
    [
        (90, {"extra_time": True}, {"extra_minutes": 45, "read_aloud_layout": False}),
        (95, {"extra_time": True}, {"extra_minutes": 50, "read_aloud_layout": False}),  # 47.5 → 50
        (60, {"formats": [F.READ_ALOUD]}, {"extra_minutes": 0, "read_aloud_layout": True}),
        (60, {"extra_time": True, "formats": [F.LARGE_PRINT]}, {"extra_minutes": 30, "read_aloud_layout": True}),
        (60, {"captioning": True}, None),
    ],
)
def test_extra_time_is_time_and_a_half_and_read_aloud_gets_its_layout(cohort, participant, limit, needs, suggested):
    record(participant.user, **needs)
    summary = selectors.access_needs_for([participant.user_id]).get(participant.user_id)
    assert accommodation_suggested(make_exam(cohort, time_limit_minutes=limit), summary) == suggested


@pytest.mark.django_db
def test_the_exam_pages_offer_the_recorded_needs(client, cohort, participant, program_staff):
    exam = make_exam(cohort, time_limit_minutes=60)
    record(participant.user, extra_time=True, formats=[F.READ_ALOUD])
    client.force_login(program_staff)
    detail = client.get(reverse("exam_bank:exam_detail", args=[exam.public_id])).content.decode()
    assert "Extra time · Someone to read aloud" in detail
    url = reverse("exam_bank:accommodation_edit", args=[exam.public_id, participant.public_id])
    form = client.get(url).context["form"]
    assert (form.initial["extra_minutes"], form.initial["read_aloud_layout"]) == (30, True)
    client.post(url, {"extra_minutes": "10", "read_aloud_layout": ""})
    again = client.get(url)
    assert again.context["form"].initial["extra_minutes"] == 10  # what staff saved, not the suggestion
    assert "Apply their recorded needs" in again.content.decode()
    assert client.get(url, {"apply": "needs"}).context["form"].initial["extra_minutes"] == 30


# --- The person's page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_participant_records_their_needs_and_sees_who_reads_them(client, participant):
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "Sponsors never see it." in page
    response = client.post(
        MINE, {"interpreter_language": "Spanish", "captioning": "on", "formats": [F.PAPER], "note": "Breaks"}
    )
    assert response.status_code == 302 and response["Location"] == MINE
    needs = AccessNeeds.objects.get(user=participant.user)
    assert (needs.interpreter_language, needs.captioning, needs.formats, needs.note) == (
        "Spanish",
        True,
        ["paper"],
        "Breaks",
    )
    form = client.get(MINE).context["form"]
    assert form.initial["formats"] == ["paper"] and form.initial["note"] == "Breaks"
    assert not AccessLogEntry.objects.exists()  # one's own record is not a staff view


@pytest.mark.django_db
def test_bad_input_on_the_page_is_explained_and_kept(client, applicant):
    client.force_login(applicant)
    response = client.post(MINE, {"interpreter_language": "Spanish", "formats": ["nope"], "note": "z" * 2001})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"formats", "note"}
    assert form["interpreter_language"].value() == "Spanish" and form["note"].value() == "z" * 2001
    assert not AccessNeeds.objects.exists()


# --- Program staff's page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_open_a_person_by_participation_or_application(client, program_staff, participant):
    application = SentApplicationFactory(applicant=participant.user)
    client.force_login(program_staff)
    for public_id in (participant.public_id, application.public_id):
        assert client.get(staff_url(public_id)).context["person"] == participant.user
    assert client.get(staff_url(uuid.uuid4())).status_code == 404
    # No note: nothing sensitive was opened.
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_staff_opening_the_note_is_logged_and_their_change_is_theirs(client, program_staff, participant):
    record(participant.user, note="Uses a wheelchair")
    client.force_login(program_staff)
    page = client.get(staff_url(participant.public_id)).content.decode()
    assert "Uses a wheelchair" in page
    logged = AccessLogEntry.objects.get()
    assert (logged.viewer, logged.subject) == (program_staff, participant.user)
    response = client.post(staff_url(participant.public_id), {"extra_time": "on", "note": "Uses a wheelchair"})
    assert response.status_code == 302
    needs = AccessNeeds.objects.get()
    assert needs.extra_time and needs.updated_by == program_staff
    assert LogEntry.objects.get_for_object(needs).latest("timestamp").actor == program_staff


# --- Where they are shown ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["program_staff", "instructor"])
def test_interview_pages_show_the_summary_never_the_note(client, persona_user, persona):
    cohort = CohortFactory(year=2027)
    interview = InterviewFactory(application__cohort=cohort, slot__starts_at=in_days(7))
    InterviewSlotFactory(cohort=cohort, starts_at=in_days(8))  # not booked yet
    applicant = interview.application.applicant
    record(applicant, interpreter_language="Spanish", captioning=True, note="Secret detail")
    user = persona_user(persona)
    on_panel(interview, user)
    client.force_login(user)
    details = staff_url(interview.application.public_id)
    for url in (
        reverse("applications_staff:interviews"),
        reverse("applications_staff:score", args=[interview.application.public_id]),
    ):
        page = client.get(url).content.decode()
        assert "Interpreter: Spanish · Captions · more noted" in page
        assert "Secret detail" not in page
        assert (details in page) is (persona == "program_staff")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["program_staff", "instructor"])
def test_the_attendance_sheet_shows_each_persons_needs(client, time_machine, cohort, persona_user, persona):
    time_machine.move_to(local(2026, 5, 20, 12))
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18))
    person = ParticipantFactory(cohort=cohort, user__display_name="Rosa")
    ParticipantFactory(cohort=cohort, user__display_name="Uma")
    record(person.user, interpreter_language="Spanish", captioning=True, note="Secret detail")
    client.force_login(persona_user(persona))
    page = client.get(reverse("sessions:attendance", args=[session.public_id])).content.decode()
    assert page.count("Interpreter: Spanish · Captions") == 1
    assert "Secret detail" not in page
    assert (staff_url(person.public_id) in page) is (persona == "program_staff")


@pytest.mark.django_db
def test_the_attendance_sheet_costs_the_same_with_3_or_30_people_with_needs(
    client, time_machine, cohort, program_staff
):
    time_machine.move_to(local(2026, 5, 20, 12))
    session = schedule(cohort, starts_at=local(2026, 5, 12, 18))

    def add(count):
        for n in range(count):
            person = ParticipantFactory(cohort=cohort)
            record(person.user, interpreter_language="Spanish", extra_time=bool(n % 2), note="x" if n % 3 else "")

    add(3)
    client.force_login(program_staff)
    assert_queries_do_not_grow(client, [reverse("sessions:attendance", args=[session.public_id])], lambda: add(27))


@pytest.mark.django_db
def test_the_interview_list_costs_the_same_with_3_or_30_booked(client, program_staff):
    cohort = CohortFactory(year=2027)

    def add(count):
        for n in range(count):
            interview = InterviewFactory(application__cohort=cohort, slot__starts_at=in_days(3 + n))
            record(interview.application.applicant, captioning=True, note="x" if n % 2 else "")

    add(3)
    client.force_login(program_staff)
    assert_queries_do_not_grow(client, [reverse("applications_staff:interviews")], lambda: add(27))


# --- Data rights ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_person_exports_and_erases_their_needs(participant):
    record(participant.user, interpreter_language="Spanish", formats=[F.PAPER], note="Breaks")
    with zipfile.ZipFile(io.BytesIO(data_rights.export_archive(participant.user))) as archive:
        exported = json.loads(archive.read("access_needs.json"))
    assert exported["interpreter_language"] == "Spanish"
    assert exported["formats"] == ["Paper copies"] and exported["anything_else"] == "Breaks"
    assert "access_needs" in data_rights.erase_personal_data(participant.user)
    assert not AccessNeeds.objects.exists()


@pytest.mark.django_db
def test_a_sent_application_points_to_the_access_needs_page(client):
    application = SentApplicationFactory()
    client.force_login(application.applicant)
    assert f'href="{MINE}"' in client.get(reverse("applications:mine")).content.decode()


@pytest.mark.django_db
def test_the_application_page_shows_recorded_needs_and_links_to_them(client, program_staff):
    application = SentApplicationFactory()
    client.force_login(program_staff)
    detail = reverse("applications_staff:detail", args=[application.public_id])
    assert "None recorded" in client.get(detail).content.decode()
    record(application.applicant, extra_time=True)
    page = client.get(detail).content.decode()
    assert "Extra time" in page and staff_url(application.public_id) in page
