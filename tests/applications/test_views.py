import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications import services
from applications.models import Application, InterestSignup
from tests.factories import ApplicationFactory, CohortFactory

S = Application.Status
IN_WINDOW = datetime.datetime(2026, 2, 1, 15, tzinfo=datetime.UTC)
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def open_window(time_machine, db):
    time_machine.move_to(IN_WINDOW)
    return CohortFactory(year=2026)


# --- Interest form ----------------------------------------------------------------------------

INTEREST = {
    "display_name": "Noor",
    "email": "noor@example.org",
    "phone": "",
    "safe_contact": "email",
    "safe_contact_note": "",
    "state": "AZ",
    "note": "",
}


@pytest.mark.django_db
def test_the_interest_form_thanks_and_writes_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:interest"), INTEREST)
    assert response["Location"] == reverse("applications:interest_thanks")
    assert InterestSignup.objects.get().display_name == "Noor"
    assert [m.subject for m in mail.outbox] == ["Thank you for your interest"]
    assert "Noor" not in mail.outbox[0].body


@pytest.mark.django_db
def test_the_interest_form_needs_a_way_to_reach_the_person_and_keeps_what_was_typed(client):
    response = client.post(reverse("applications:interest"), {**INTEREST, "email": "", "note": "Evenings are best"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please give an email address or a phone number" in page
    assert "Evenings are best" in page and 'value="Noor"' in page
    assert not InterestSignup.objects.exists()


@pytest.mark.django_db
def test_automated_senders_are_quietly_dropped(client):
    response = client.post(reverse("applications:interest"), {**INTEREST, "website": "http://spam.example"})
    assert response["Location"] == reverse("applications:interest_thanks")
    assert not InterestSignup.objects.exists()


@pytest.mark.django_db
def test_the_interest_form_is_rate_limited(client):
    for _ in range(10):
        client.post(reverse("applications:interest"), INTEREST)
    response = client.post(reverse("applications:interest"), INTEREST)
    assert response.status_code == 429
    assert InterestSignup.objects.count() == 10


# --- The application in steps ----------------------------------------------------------------


def _post_step(client, step, data, **extra):
    return client.post(reverse("applications:step", args=[step]), data, **extra)


@pytest.mark.django_db
def test_an_applicant_fills_the_steps_leaves_and_comes_back_then_sends_once(
    client, applicant, open_window, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    assert "Start my application" in client.get(reverse("applications:mine")).content.decode()
    response = client.post(reverse("applications:start"))
    assert response["Location"] == reverse("applications:step", args=["about"])
    assert _post_step(client, "about", {"home_state": "KY"})["Location"] == reverse(
        "applications:step", args=["eligibility"]
    )
    upload = SimpleUploadedFile("my diploma.pdf", PDF, content_type="application/pdf")
    response = _post_step(
        client,
        "eligibility",
        {
            "exit_year": "2014",
            "exit_month": "3",
            "free_from_dependency": "yes",
            "education": "diploma",
            "education_document": upload,
            "leave": "1",
        },
    )
    assert response["Location"] == reverse("applications:mine")
    application = Application.objects.get(applicant=applicant)
    assert application.education_document.name.endswith(".pdf") and "diploma" not in application.education_document.name
    # A new session later: everything is still there, and the page offers to continue.
    client.logout()
    client.force_login(applicant)
    page = client.get(reverse("applications:mine")).content.decode()
    assert "Continue my application" in page
    assert 'value="2014"' in client.get(reverse("applications:step", args=["eligibility"])).content.decode()
    _post_step(
        client,
        "recommendation",
        {"agency_name": "Harbor House", "agency_contact_name": "Sam", "agency_contact_email": "sam@harbor.example.org"},
    )
    _post_step(client, "aspiration", {"aspiration": "advocacy", "aspiration_other": ""})
    _post_step(client, "access", {"access_needs": "", "interpreter_language": ""})
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_step(client, "review", {"consent": "on"})
        second = _post_step(client, "review", {"consent": "on"})
    assert response["Location"] == reverse("applications:mine")
    assert second["Location"] == reverse("applications:mine")  # a sent application has no steps
    application.refresh_from_db()
    assert application.status == S.SUBMITTED
    assert application.events.count() == 1
    page = client.get(reverse("applications:mine")).content.decode()
    assert "We&#x27;ll write within two weeks." in page or "We'll write within two weeks." in page
    assert "waiting" in page
    assert sum(m.subject == "A request for a recommendation" for m in mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"exit_year": "2090", "free_from_dependency": "yes", "education": "ged"}, "a year that is not in the future"),
        ({"exit_year": "nineteen", "free_from_dependency": "yes", "education": "ged"}, "Enter a whole number"),
        ({"exit_year": "2015", "education": "ged"}, "This field is required"),
        ({"exit_year": "2015", "free_from_dependency": "maybe", "education": "ged"}, "Select a valid choice"),
    ],
)
def test_bad_eligibility_answers_get_clear_errors_and_keep_what_was_typed(client, open_window, data, error):
    application = ApplicationFactory(cohort=open_window, eligibility={})
    client.force_login(application.applicant)
    response = _post_step(client, "eligibility", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert f'value="{data["exit_year"]}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("diploma.pdf", b"\x89PNG\r\n\x1a\nnot a pdf", "does not look like a PDF"),
        ("diploma.exe", b"MZ\x90\x00", "Please choose a PDF, JPG or PNG file."),
        ("diploma.pdf", PDF + b"0" * 5_000_001, "This file is too large"),
    ],
)
def test_uploads_are_checked_by_content_and_size(client, open_window, name, content, error):
    application = ApplicationFactory(cohort=open_window)
    client.force_login(application.applicant)
    upload = SimpleUploadedFile(name, content)
    response = _post_step(
        client,
        "eligibility",
        {"exit_year": "2015", "free_from_dependency": "yes", "education": "ged", "education_document": upload},
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    application.refresh_from_db()
    assert not application.education_document


@pytest.mark.django_db
def test_a_person_not_yet_eligible_is_told_kindly_and_cannot_send(client, open_window):
    application = ApplicationFactory(
        cohort=open_window, eligibility={"exit_year": 2023, "free_from_dependency": True, "education": "ged"}
    )
    client.force_login(application.applicant)
    page = client.get(reverse("applications:step", args=["review"])).content.decode()
    assert "you could apply from" in page
    assert "disabled" in page
    response = _post_step(client, "review", {"consent": "on"}, follow=True)
    assert "you could apply from" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == S.DRAFT


@pytest.mark.django_db
def test_consent_is_needed_to_send(client, open_window):
    application = ApplicationFactory(cohort=open_window)
    client.force_login(application.applicant)
    response = _post_step(client, "review", {})
    assert "Please tick the box to send your application." in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == S.DRAFT


@pytest.mark.django_db
def test_an_unknown_step_is_not_found(client, open_window):
    application = ApplicationFactory(cohort=open_window)
    client.force_login(application.applicant)
    assert client.get(reverse("applications:step", args=["payment"])).status_code == 404


@pytest.mark.django_db
def test_applications_cannot_start_outside_the_window(client, applicant, time_machine):
    time_machine.move_to(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC))
    CohortFactory(year=2026)
    client.force_login(applicant)
    response = client.post(reverse("applications:start"), follow=True)
    assert "not open right now" in response.content.decode()
    assert not Application.objects.exists()


# --- Recommendation link ------------------------------------------------------------------------


def _recommendation_link(application) -> str:
    _recommendation, token = services.recommendation_request(application=application, by=None)
    return reverse("applications:recommend", args=[token])


@pytest.mark.django_db
def test_the_recommender_writes_once_through_the_link(client, open_window):
    application = ApplicationFactory(cohort=open_window, status=S.SUBMITTED)
    url = _recommendation_link(application)
    page = client.get(url).content.decode()
    assert application.applicant.display_name in page
    assert "no-store" in client.get(url)["Cache-Control"]
    response = client.post(url, {"relationship": "Case manager", "text": "Grounded and kind.", "recommends": "yes"})
    assert "Your recommendation has been received" in response.content.decode()
    again = client.get(url)
    assert again.status_code == 410
    assert "already been received" in again.content.decode()
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW
    # The applicant sees that it arrived, never what it says.
    client.force_login(application.applicant)
    mine = client.get(reverse("applications:mine")).content.decode()
    assert "received" in mine and "Grounded and kind." not in mine


@pytest.mark.django_db
def test_a_recommendation_form_with_errors_keeps_the_text(client, open_window):
    application = ApplicationFactory(cohort=open_window, status=S.SUBMITTED)
    url = _recommendation_link(application)
    response = client.post(url, {"relationship": "", "text": "A long careful letter", "recommends": "yes"})
    assert response.status_code == 200
    assert "A long careful letter" in response.content.decode()


@pytest.mark.django_db
def test_tampered_and_expired_links(client, open_window, time_machine):
    application = ApplicationFactory(cohort=open_window, status=S.SUBMITTED)
    url = _recommendation_link(application)
    assert client.get(url[:-3] + "xx/").status_code == 404
    time_machine.move_to(IN_WINDOW + datetime.timedelta(days=60))
    assert client.get(url).status_code == 410


# --- Interview booking, calendar, withdrawal, appeal ----------------------------------------------


@pytest.mark.django_db
def test_booking_an_interview_and_downloading_the_calendar_file(client, open_window, program_staff):
    application = ApplicationFactory(cohort=open_window, status=S.INTERVIEW_INVITED)
    slot = services.interview_slot_create(
        cohort=open_window,
        starts_at=IN_WINDOW + datetime.timedelta(days=2),
        duration_minutes=45,
        location="Video: meet.example.org/abc",
        by=program_staff,
    )
    client.force_login(application.applicant)
    assert "Choose this time" in client.get(reverse("applications:mine")).content.decode()
    client.post(reverse("applications:book_interview", args=[slot.public_id]))
    assert Application.objects.get(pk=application.pk).status == S.INTERVIEW_BOOKED
    response = client.get(reverse("applications:interview_calendar"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "DTSTART:20260203T150000Z" in body and "meet.example.org/abc" in body
    assert "traffick" not in body.lower() and "exploitation" not in body.lower()


@pytest.mark.django_db
def test_another_cohorts_slot_cannot_be_booked(client, open_window, program_staff):
    application = ApplicationFactory(cohort=open_window, status=S.INTERVIEW_INVITED)
    other_slot = services.interview_slot_create(
        cohort=CohortFactory(year=2027),
        starts_at=IN_WINDOW + datetime.timedelta(days=2),
        duration_minutes=45,
        location="x",
        by=program_staff,
    )
    client.force_login(application.applicant)
    assert client.post(reverse("applications:book_interview", args=[other_slot.public_id])).status_code == 404


@pytest.mark.django_db
def test_withdrawal_needs_the_box_ticked(client, open_window):
    application = ApplicationFactory(cohort=open_window, status=S.SUBMITTED)
    client.force_login(application.applicant)
    client.post(reverse("applications:withdraw"), {})
    assert Application.objects.get(pk=application.pk).status == S.SUBMITTED
    client.post(reverse("applications:withdraw"), {"confirm": "on"})
    assert Application.objects.get(pk=application.pk).status == S.WITHDRAWN


@pytest.mark.django_db
def test_an_applicant_asks_for_a_review_of_a_decision(client, open_window, program_staff):
    application = ApplicationFactory(cohort=open_window, status=S.INTERVIEWED)
    services.application_decide(application=application, decision=S.DECLINED, by=program_staff)
    client.force_login(application.applicant)
    page = client.get(reverse("applications:mine")).content.decode()
    assert "not a judgement of your worth" in page
    client.post(reverse("applications:appeal"), {"reason": "My recommender was away"})
    assert application.appeals.count() == 1
    assert "You asked for a review" in client.get(reverse("applications:mine")).content.decode()


@pytest.mark.django_db
def test_no_email_carries_answers(client, open_window, django_capture_on_commit_callbacks):
    application = ApplicationFactory(cohort=open_window, access_needs="wheelchair access", aspiration="jail_ministry")
    client.force_login(application.applicant)
    with django_capture_on_commit_callbacks(execute=True):
        _post_step(client, "review", {"consent": "on"})
    assert mail.outbox
    for message in mail.outbox:
        text = message.subject + message.body
        for answer in ("wheelchair", "Jail", "2015", application.applicant.display_name, application.agency_name):
            assert answer not in text, answer
        assert not re.search(r"\bTN\b", text)


@pytest.mark.django_db
def test_my_application_costs_the_same_queries_with_a_long_timeline(client, open_window):
    from applications.models import ApplicationEvent
    from tests.queries import assert_queries_do_not_grow

    application = ApplicationFactory(cohort=open_window, status=S.UNDER_REVIEW)
    ApplicationEvent.objects.create(application=application, from_status=S.DRAFT, to_status=S.SUBMITTED)
    client.force_login(application.applicant)

    def many_events():
        ApplicationEvent.objects.bulk_create(
            ApplicationEvent(application=application, from_status=S.SUBMITTED, to_status=S.UNDER_REVIEW)
            for _ in range(30)
        )

    (count,) = assert_queries_do_not_grow(client, [reverse("applications:mine")], many_events)
    assert count <= 12


@pytest.mark.django_db
def test_a_session_that_ends_while_typing_loses_nothing(client, open_window, settings):
    import time as clock

    from accounts.middleware import SESSION_SEEN
    from tests.factories import PASSWORD

    application = ApplicationFactory(cohort=open_window, agency_name="")
    client.force_login(application.applicant)
    client.get(reverse("applications:mine"))
    session = client.session
    session[SESSION_SEEN] = clock.time() - settings.SESSION_IDLE_SECONDS - 60
    session.save()
    typed = {
        "agency_name": "Harbor House",
        "agency_contact_name": "Sam Rivera",
        "agency_contact_email": "sam@harbor.example.org",
    }
    response = _post_step(client, "recommendation", typed)
    assert response["Location"].startswith(reverse("account_login"))
    assert Application.objects.get(pk=application.pk).agency_name == ""
    # The kept input is encrypted in the session.
    assert "Sam Rivera" not in str(client.session.items())
    client.post(reverse("account_login"), {"login": application.applicant.email, "password": PASSWORD})
    page = client.get(reverse("applications:step", args=["recommendation"])).content.decode()
    assert "We kept what you typed" in page
    assert 'value="Sam Rivera"' in page and 'value="Harbor House"' in page
    # Offered once.
    assert (
        'value="Sam Rivera"' not in client.get(reverse("applications:step", args=["recommendation"])).content.decode()
    )
