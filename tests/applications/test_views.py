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
    for n in range(10):
        client.post(reverse("applications:interest"), {**INTEREST, "email": f"noor{n}@example.org"})
    response = client.post(reverse("applications:interest"), INTEREST)
    assert response.status_code == 429
    assert InterestSignup.objects.count() == 10


@pytest.mark.django_db
def test_the_interest_form_does_not_offer_messages_on_sign_in(client):
    page = client.get(reverse("applications:interest")).content.decode()
    assert 'value="none"' not in page and "only show messages when I sign in" not in page
    assert 'value="phone"' in page and 'value="text"' in page
    response = client.post(reverse("applications:interest"), {**INTEREST, "safe_contact": "none"})
    assert response.status_code == 200
    assert not InterestSignup.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("way", "promise"), [("phone", "will call you"), ("text", "will send a text message")])
def test_someone_who_chose_her_phone_gets_no_email_even_with_an_address(
    client, way, promise, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:interest"), {**INTEREST, "phone": "555 0100", "safe_contact": way}, follow=True
        )
    page = response.content.decode()
    assert promise in page and "We will not send you any email." in page
    assert InterestSignup.objects.get().email == "noor@example.org"  # kept for staff, never written to
    assert mail.outbox == []


@pytest.mark.django_db
def test_someone_who_chose_email_is_told_we_will_email_her(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("applications:interest"), INTEREST, follow=True)
    assert "we will email you at the address you gave, with one reminder at most" in response.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "field", "error"),
    [
        ({"email": "", "phone": "555 0100", "safe_contact": "email"}, "email", "You chose email as the safe way."),
        ({"phone": "", "safe_contact": "phone"}, "phone", "You chose your phone as the safe way."),
        ({"phone": "", "safe_contact": "text"}, "phone", "You chose your phone as the safe way."),
    ],
)
def test_the_chosen_way_needs_its_contact_and_keeps_what_was_typed(client, typed, field, error):
    response = client.post(reverse("applications:interest"), {**INTEREST, **typed, "note": "Evenings are best"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="#id_{field}">{field.capitalize()}</a>: {error}' in page
    assert "Evenings are best" in page and 'value="Noor"' in page
    assert not InterestSignup.objects.exists()


@pytest.mark.django_db
def test_sending_the_interest_form_twice_keeps_one_row_and_one_message(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:interest"), {**INTEREST, "note": "Evenings are best"})
        second = client.post(
            reverse("applications:interest"), {**INTEREST, "email": "Noor@Example.org", "state": "NM", "note": ""}
        )
    assert second["Location"] == reverse("applications:interest_thanks")
    signup = InterestSignup.objects.get()
    assert (signup.state, signup.note) == ("NM", "Evenings are best")  # the latest answers; nothing typed lost
    assert [m.subject for m in mail.outbox] == ["Thank you for your interest"]


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


# --- Save and come back later; what is left; eligibility where it is answered; the review ----------


def _get_step(client, step) -> str:
    return client.get(reverse("applications:step", args=[step])).content.decode()


@pytest.mark.django_db
def test_save_for_later_keeps_what_is_there_and_the_step_shows_what_is_left(client, open_window):
    application = ApplicationFactory(
        cohort=open_window, agency_name="", agency_contact_name="", agency_contact_email="", aspiration=""
    )
    Application.objects.filter(pk=application.pk).update(current_step=Application.Step.RECOMMENDATION)
    client.force_login(application.applicant)
    response = _post_step(
        client,
        "recommendation",
        {"agency_name": "Harbor House", "agency_contact_name": "", "agency_contact_email": "", "leave": "1"},
        follow=True,
    )
    assert "Your answers are saved. You can come back at any time." in response.content.decode()
    application.refresh_from_db()
    assert application.agency_name == "Harbor House"
    # The bookmark stays on the step with answers left, and the step says which, calmly.
    assert application.current_step == Application.Step.RECOMMENDATION
    mine = client.get(reverse("applications:mine")).content.decode()
    assert reverse("applications:step", args=["recommendation"]) in mine
    page = _get_step(client, "recommendation")
    assert "Welcome back. Still to answer on this step:" in page
    assert 'href="#id_agency_contact_name">The person there who knows you</a>' in page
    assert 'href="#id_agency_contact_email">Their work email</a>' in page
    assert page.count("Still to answer.") == 2
    assert "This field is required" not in page


@pytest.mark.django_db
def test_save_for_later_on_step_four_needs_no_answer_but_save_and_continue_does(client, open_window):
    application = ApplicationFactory(cohort=open_window, aspiration="")
    client.force_login(application.applicant)
    response = _post_step(client, "aspiration", {"aspiration": "", "aspiration_other": "", "continue": "1"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = _post_step(client, "aspiration", {"aspiration": "", "aspiration_other": "", "leave": "1"})
    assert response["Location"] == reverse("applications:mine")
    # "Other" without saying where: saved for later, and that is what is left.
    _post_step(client, "aspiration", {"aspiration": "other", "aspiration_other": "", "leave": "1"})
    application.refresh_from_db()
    assert application.aspiration == "other"
    assert services.unanswered(application) == {"aspiration": ["aspiration_other"]}
    page = _get_step(client, "aspiration")
    assert 'href="#id_aspiration_other">If other, where?</a>' in page
    response = _post_step(client, "aspiration", {"aspiration": "other", "aspiration_other": ""})
    assert "Please tell us a little about the area you have in mind." in response.content.decode()


@pytest.mark.django_db
def test_eligibility_saved_for_later_keeps_unanswered_questions_unanswered(client, open_window):
    application = ApplicationFactory(cohort=open_window, eligibility={})
    Application.objects.filter(pk=application.pk).update(current_step=Application.Step.ELIGIBILITY)
    client.force_login(application.applicant)
    response = _post_step(client, "eligibility", {"exit_year": "2014", "exit_month": "", "leave": "1"})
    assert response["Location"] == reverse("applications:mine")
    application.refresh_from_db()
    assert application.eligibility == {
        "exit_year": 2014,
        "exit_month": None,
        "free_from_dependency": None,
        "education": None,
    }
    assert application.current_step == Application.Step.ELIGIBILITY
    page = _get_step(client, "eligibility")
    assert 'href="#id_free_from_dependency_0">' in page and 'href="#id_education_0">' in page
    assert 'href="#id_exit_year"' not in page
    assert "checked" not in page


@pytest.mark.django_db
def test_a_step_seen_for_the_first_time_is_not_marked(client, open_window):
    application = ApplicationFactory(cohort=open_window, aspiration="")
    Application.objects.filter(pk=application.pk).update(current_step=Application.Step.ASPIRATION)
    client.force_login(application.applicant)
    assert "Still to answer" not in _get_step(client, "aspiration")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "data", "error", "typed"),
    [
        (
            "recommendation",
            {"agency_name": "Harbor House", "agency_contact_name": "", "agency_contact_email": "sam@"},
            "Enter a valid email address.",
            'value="sam@"',
        ),
        ("eligibility", {"exit_year": "nineteen"}, "Enter a whole number", 'value="nineteen"'),
        ("eligibility", {"exit_year": "2090"}, "a year that is not in the future", 'value="2090"'),
    ],
)
def test_save_for_later_still_refuses_a_wrong_answer_and_keeps_what_was_typed(
    client, open_window, step, data, error, typed
):
    application = ApplicationFactory(cohort=open_window, agency_name="", eligibility={})
    client.force_login(application.applicant)
    response = _post_step(client, step, {**data, "leave": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page and typed in page
    application.refresh_from_db()
    assert application.agency_name == "" and application.eligibility == {}


@pytest.mark.django_db
def test_sending_still_needs_every_answer_and_the_greyed_send_says_which_steps(client, open_window):
    application = ApplicationFactory(cohort=open_window, home_state="", aspiration="")
    client.force_login(application.applicant)
    page = _get_step(client, "review")
    assert 'disabled aria-describedby="send-blocked"' in page
    blocked = page[page.index('id="send-blocked"') :]
    assert 'href="{}">About you</a>'.format(reverse("applications:step", args=["about"])) in blocked
    assert 'href="{}">Your hopes for peer work</a>'.format(reverse("applications:step", args=["aspiration"])) in blocked
    response = _post_step(client, "review", {"consent": "on"}, follow=True)
    assert "A few parts still need an answer" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == S.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "reason", "answer_label"),
    [
        (
            {"free_from_dependency": "no", "education": "ged"},
            "free from any drug or alcohol dependency",
            "Free from dependency",
        ),
        ({"free_from_dependency": "yes", "education": "none"}, "Many people complete a GED", "Education"),
    ],
)
def test_eligibility_is_explained_at_its_step_and_the_greyed_send_says_which_answer(
    client, open_window, answers, reason, answer_label
):
    application = ApplicationFactory(cohort=open_window)
    client.force_login(application.applicant)
    assert "choose “Not yet”" in _get_step(client, "eligibility")  # what the education answer means
    response = _post_step(client, "eligibility", {"exit_year": "2014", **answers})
    # Said there, where she answered: the step comes back with the explanation.
    assert response["Location"] == reverse("applications:step", args=["eligibility"])
    page = _get_step(client, "eligibility")
    assert reason in page and "If you think this is a mistake, please write to" in page
    assert 'href="{}">Go on to the next step</a>'.format(reverse("applications:step", args=["recommendation"])) in page
    review = _get_step(client, "review")
    assert reason in review and 'disabled aria-describedby="send-blocked"' in review
    blocked = review[review.index('id="send-blocked"') :]
    assert 'href="{}">{}</a>'.format(reverse("applications:step", args=["eligibility"]), answer_label) in blocked


@pytest.mark.django_db
def test_an_eligible_answer_moves_on_and_the_step_says_nothing_more(client, open_window):
    application = ApplicationFactory(cohort=open_window)
    client.force_login(application.applicant)
    response = _post_step(
        client, "eligibility", {"exit_year": "2014", "free_from_dependency": "yes", "education": "ged"}
    )
    assert response["Location"] == reverse("applications:step", args=["recommendation"])
    assert "If you think this is a mistake" not in _get_step(client, "eligibility")
    assert "send-blocked" not in _get_step(client, "review")


@pytest.mark.django_db
def test_the_review_shows_every_answer(client, open_window):
    application = ApplicationFactory(
        cohort=open_window,
        home_state="KY",
        eligibility={"exit_year": 2014, "exit_month": 3, "free_from_dependency": True, "education": "diploma"},
        agency_contact_email="robin@harbor.example.org",
        aspiration="other",
        aspiration_other="Hospital outreach",
        access_needs="Captions, please",
        interpreter_language="Tagalog",
    )
    application.education_document.save("Marisol diploma.pdf", SimpleUploadedFile("x.pdf", PDF))
    client.force_login(application.applicant)
    page = _get_step(client, "review")
    for answer in (
        "KY",
        "March 2014",
        "High-school diploma",
        "Uploaded: a PDF file",
        "robin@harbor.example.org",
        "cannot be changed after you send",
        "Hospital outreach",
        "Captions, please",
        "Tagalog",
    ):
        assert answer in page, answer
    assert "Marisol" not in page  # her own file name is never kept


@pytest.mark.django_db
def test_a_step_with_an_uploaded_file_says_so_and_keeps_it_unless_replaced(client, open_window):
    application = ApplicationFactory(cohort=open_window)
    application.education_document.save("diploma.pdf", SimpleUploadedFile("x.pdf", PDF))
    stored = application.education_document.name
    client.force_login(application.applicant)
    page = _get_step(client, "eligibility")
    assert "Already uploaded: a PDF file." in page and "Replace your copy (optional)" in page
    _post_step(client, "eligibility", {"exit_year": "2014", "free_from_dependency": "yes", "education": "ged"})
    application.refresh_from_db()
    assert application.education_document.name == stored


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
def test_the_recommendation_page_names_her_as_she_is_known_to_her_agency(client, open_window):
    application = ApplicationFactory(cohort=open_window, status=S.SUBMITTED, name_for_agency="Annie M.")
    application.applicant.legal_name = "Ana Legal"
    application.applicant.save(update_fields=["legal_name"])
    page = client.get(_recommendation_link(application)).content.decode()
    assert "Annie M. has applied to the program" in page
    assert application.applicant.display_name not in page and "Ana Legal" not in page


@pytest.mark.django_db
def test_without_a_name_for_the_agency_the_page_uses_her_display_name_never_her_legal_name(client, open_window):
    application = ApplicationFactory(cohort=open_window, status=S.SUBMITTED)
    application.applicant.legal_name = "Ana Legal"
    application.applicant.save(update_fields=["legal_name"])
    page = client.get(_recommendation_link(application)).content.decode()
    assert f"{application.applicant.display_name} has applied to the program" in page
    assert "Ana Legal" not in page


@pytest.mark.django_db
def test_the_name_for_the_agency_is_optional_and_shown_before_sending(client, applicant, open_window):
    ApplicationFactory(applicant=applicant, cohort=open_window)
    client.force_login(applicant)
    step = client.get(reverse("applications:step", args=["recommendation"])).content.decode()
    assert "Name your agency knows you by" in step
    typed = {
        "agency_name": "Harbor House",
        "agency_contact_name": "Sam",
        "agency_contact_email": "sam@harbor.example.org",
    }
    assert _post_step(client, "recommendation", typed).status_code == 302
    review = client.get(reverse("applications:step", args=["review"])).content.decode()
    assert "Applicant Ana" in review  # her display name, until she gives another
    _post_step(client, "recommendation", {**typed, "name_for_agency": "Annie"})
    assert Application.objects.get(applicant=applicant).name_for_agency == "Annie"
    assert "Annie" in client.get(reverse("applications:step", args=["review"])).content.decode()
    # Too long: a clear error, and what she typed is kept.
    response = _post_step(
        client, "recommendation", {**typed, "agency_name": "Shelter North", "name_for_agency": "A" * 121}
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 120 characters" in response.content.decode()
    assert 'value="Shelter North"' in response.content.decode()


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
