"""The pages that move, cancel and mark interviews (issue #24): the applicant's own page
and the staff application page. Refusals say why and keep what was typed."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse

from applications import services
from applications.models import Application, ApplicationEvent, Interview, InterviewSlot
from tests.applications.factories import SentApplicationFactory
from tests.factories import CohortFactory
from tests.queries import assert_queries_do_not_grow

S = Application.Status
LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
NOW = datetime.datetime(2027, 1, 20, 12, tzinfo=LOCAL)
CHANGE = reverse("applications:interview_change")
CANCEL = reverse("applications:interview_cancel")
MINE = reverse("applications:mine")


def at(days: float) -> datetime.datetime:
    return NOW + datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def cohort(db):
    return CohortFactory(year=2027)


@pytest.fixture
def slots(cohort, program_staff):
    return [
        services.interview_slot_create(
            cohort=cohort, starts_at=at(days), duration_minutes=45, location=f"Room {days}", by=program_staff
        )
        for days in (2, 3, 5)
    ]


@pytest.fixture
def booked(cohort, slots):
    application = SentApplicationFactory(cohort=cohort, status=S.INTERVIEW_INVITED)
    services.interview_book(application=application, slot=slots[0], by=application.applicant)
    return Application.objects.get(pk=application.pk)


def fresh(application) -> Application:
    return Application.objects.get(pk=application.pk)


def move_url(slot) -> str:
    return reverse("applications:interview_move", args=[slot.public_id])


def staff_url(name: str, application) -> str:
    return reverse(f"applications_staff:{name}", args=[application.public_id])


# --- The applicant ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_applicant_moves_her_interview_from_her_page(client, booked, slots):
    client.force_login(booked.applicant)
    assert "Change or cancel my interview" in client.get(MINE).content.decode()
    page = client.get(CHANGE).content.decode()
    assert "Move to this time" in page and "(America/New York time)" in page
    response = client.post(move_url(slots[1]), follow=True)
    assert "Your interview is moved to the new time." in response.content.decode()
    assert Interview.objects.get(application=booked).slot == slots[1]
    timeline = client.get(MINE).content.decode()
    assert "Interview moved to another time" in timeline


@pytest.mark.django_db
def test_a_taken_time_is_refused_with_a_message(client, booked, slots, cohort):
    other = SentApplicationFactory(cohort=cohort, status=S.INTERVIEW_INVITED)
    services.interview_book(application=other, slot=slots[1], by=other.applicant)
    client.force_login(booked.applicant)
    response = client.post(move_url(slots[1]), follow=True)
    assert "Someone has just taken this time. Please choose another." in response.content.decode()
    assert Interview.objects.get(application=other).slot == slots[1]


@pytest.mark.django_db
def test_someone_else_cannot_move_or_cancel_her_interview(client, booked, slots, cohort, other_applicant):
    # Another applicant without an application: nothing to find.
    client.force_login(other_applicant)
    assert client.post(move_url(slots[1])).status_code == 404
    assert client.post(CANCEL, {"cancel-confirm": "on"}).status_code == 404
    # Another applicant with her own booking moves her own, never this one.
    other = SentApplicationFactory(cohort=cohort, status=S.INTERVIEW_INVITED, applicant=other_applicant)
    services.interview_book(application=other, slot=slots[2], by=other_applicant)
    client.post(move_url(slots[1]))
    assert Interview.objects.get(application=booked).slot == slots[0]
    assert Interview.objects.get(application=other).slot == slots[1]
    # The staff pages are not hers.
    client.force_login(booked.applicant)
    assert client.post(staff_url("interview_cancel", booked), {"cancel-confirm": "on"}).status_code == 403


@pytest.mark.django_db
def test_cancelling_needs_the_tick_and_keeps_the_reason_typed(client, booked):
    client.force_login(booked.applicant)
    response = client.post(CANCEL, {"cancel-reason": "My child is unwell"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please tick the box to confirm that you want to cancel." in page and "My child is unwell" in page
    assert fresh(booked).status == S.INTERVIEW_BOOKED

    response = client.post(CANCEL, {"cancel-reason": "My child is unwell", "cancel-confirm": "on"}, follow=True)
    assert "Your interview time is cancelled." in response.content.decode()
    assert fresh(booked).status == S.INTERVIEW_INVITED
    page = client.get(MINE).content.decode()
    assert "Interview cancelled" in page and "Choose this time" in page
    # Her reason is for program staff: not on her page.
    assert "My child is unwell" not in page


@pytest.mark.django_db
def test_too_late_to_change_says_whom_to_write_to_and_keeps_the_reason(client, booked, slots, time_machine):
    time_machine.move_to(slots[0].starts_at - datetime.timedelta(hours=2), tick=False)
    client.force_login(booked.applicant)
    page = client.get(MINE).content.decode()
    assert "Change or cancel my interview" not in page and settings.PROGRAM_CONTACT_EMAIL in page
    page = client.get(CHANGE).content.decode()
    assert "can no longer be changed here" in page and "Move to this time" not in page
    response = client.post(CANCEL, {"cancel-reason": "Bus strike", "cancel-confirm": "on"})
    page = response.content.decode()
    assert "can no longer be changed here" in page
    assert fresh(booked).status == S.INTERVIEW_BOOKED
    response = client.post(move_url(slots[1]), follow=True)
    assert "can no longer be changed here" in response.content.decode()
    assert Interview.objects.get(application=booked).slot == slots[0]


@pytest.mark.django_db
def test_the_change_page_is_for_a_booked_interview_only(client, cohort):
    application = SentApplicationFactory(cohort=cohort, status=S.INTERVIEW_INVITED)
    client.force_login(application.applicant)
    assert client.get(CHANGE)["Location"] == MINE


@pytest.mark.django_db
def test_after_a_missed_interview_she_books_again_once_then_is_asked_to_write(
    client, booked, slots, time_machine, program_staff
):
    time_machine.move_to(slots[0].starts_at + datetime.timedelta(hours=1), tick=False)
    services.interview_missed_record(application=booked, by=program_staff)
    client.force_login(booked.applicant)
    page = client.get(MINE).content.decode()
    assert "We missed you at your interview. That can happen." in page and "Choose this time" in page
    client.post(reverse("applications:book_interview", args=[slots[2].public_id]))
    assert fresh(booked).status == S.INTERVIEW_BOOKED
    time_machine.move_to(slots[2].starts_at + datetime.timedelta(hours=1), tick=False)
    services.interview_missed_record(application=fresh(booked), by=program_staff)
    client.force_login(booked.applicant)  # days later: a new session
    page = client.get(MINE).content.decode()
    assert "we will choose a time together" in page and "Choose this time" not in page
    # Her landing page says the same.
    assert "we will choose a time together" in client.get(reverse("cohorts:my_program")).content.decode()


@pytest.mark.django_db
def test_the_change_page_costs_the_same_with_few_or_many_open_times(client, booked, cohort, program_staff):
    client.force_login(booked.applicant)

    def grow():
        for n in range(20):
            InterviewSlot.objects.create(
                cohort=cohort, starts_at=at(10) + datetime.timedelta(hours=n), location="Room", created_by=program_staff
            )

    assert_queries_do_not_grow(client, [CHANGE, MINE], grow)


# --- Program staff -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_move_the_interview_for_the_applicant(client, booked, slots, program_staff):
    client.force_login(program_staff)
    page = client.get(staff_url("detail", booked)).content.decode()
    assert "Move to another time" in page and "Download for my calendar (.ics)" in page
    response = client.post(staff_url("interview_move", booked), {"move-slot": str(slots[2].public_id)}, follow=True)
    assert "The interview is moved." in response.content.decode()
    assert Interview.objects.get(application=booked).slot == slots[2]
    assert "Interview moved to another time" in response.content.decode()
    # A time that is not open: the form says so.
    response = client.post(staff_url("interview_move", booked), {"move-slot": str(slots[2].public_id)})
    assert "This time is no longer open. Please choose another." in response.content.decode()


@pytest.mark.django_db
def test_staff_cancel_for_the_applicant_with_a_private_reason(client, booked, program_staff):
    client.force_login(program_staff)
    response = client.post(staff_url("interview_cancel", booked), {"cancel-reason": "She phoned us"})
    page = response.content.decode()
    assert "Please tick the box to confirm that the person asked for this." in page and "She phoned us" in page
    response = client.post(
        staff_url("interview_cancel", booked), {"cancel-reason": "She phoned us", "cancel-confirm": "on"}, follow=True
    )
    page = response.content.decode()
    assert "The interview time is cancelled and free again." in page
    assert "Interview cancelled" in page and "She phoned us" in page
    assert "Download the cancellation for my calendar (.ics)" in page
    assert fresh(booked).status == S.INTERVIEW_INVITED


@pytest.mark.django_db
def test_staff_mark_a_missed_interview_once_its_time_has_come(client, booked, slots, program_staff, time_machine):
    client.force_login(program_staff)
    assert "The person did not come" not in client.get(staff_url("detail", booked)).content.decode()
    response = client.post(staff_url("interview_missed", booked), {"missed-confirm": "on"}, follow=True)
    assert "once its time has come" in response.content.decode()
    time_machine.move_to(slots[0].starts_at + datetime.timedelta(minutes=30), tick=False)
    client.force_login(program_staff)  # days later: a new session
    page = client.get(staff_url("detail", booked)).content.decode()
    assert "The person did not come" in page and "Move to another time" not in page
    response = client.post(staff_url("interview_missed", booked), {}, follow=True)
    assert "Please tick the box to confirm that the person did not come." in response.content.decode()
    response = client.post(staff_url("interview_missed", booked), {"missed-confirm": "on"}, follow=True)
    page = response.content.decode()
    assert "The interview is marked as missed." in page and "The person missed 1 interview." in page
    assert (
        ApplicationEvent.objects.filter(application=booked, change=ApplicationEvent.Change.INTERVIEW_MISSED).count()
        == 1
    )
    # The list of earlier times still says who missed it (the booking itself is gone).
    time_machine.move_to(slots[0].starts_at + datetime.timedelta(days=1), tick=False)
    client.force_login(program_staff)
    listed = reverse("applications_staff:interviews") + f"?cohort={booked.cohort_id}&past=on"
    assert f"Missed by {booked.applicant.display_name}" in client.get(listed).content.decode()


@pytest.mark.django_db
def test_staff_change_a_booked_time_on_its_page_once_they_tick_that_the_applicant_is_told(
    client, booked, slots, program_staff
):
    client.force_login(program_staff)
    url = reverse("applications_staff:interview_slot_edit", args=[slots[0].public_id])
    data = {"starts_at": "2027-01-22T14:00", "duration_minutes": "45", "location": "Room 8"}
    client.post(url, data)
    assert Interview.objects.get(application=booked).slot.location == "Room 2"
    response = client.post(url, {**data, "applicant_told": "on"}, follow=True)
    assert "The applicant and the interviewers receive an email saying there is news." in response.content.decode()
    slot = InterviewSlot.objects.get(pk=slots[0].pk)
    assert slot.location == "Room 8"
    assert ApplicationEvent.objects.filter(application=booked).last().change == "interview_time_changed"

    url = reverse("applications_staff:interview_slot_delete", args=[slots[0].public_id])
    client.post(url, {"applicant_told": "on"})
    assert not InterviewSlot.objects.filter(pk=slots[0].pk).exists()
    assert fresh(booked).status == S.INTERVIEW_INVITED
