"""Program staff pages for applications: the queue, one application and its actions."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from applications.models import Appeal, Application, ApplicationEvent, Recommendation, StaffNote
from cohorts.models import Participant
from cpse.audit.models import AccessLogEntry
from tests.applications.factories import (
    AppealFactory,
    InterviewFactory,
    InterviewScoreFactory,
    RecommendationFactory,
    SentApplicationFactory,
    StaffNoteFactory,
)
from tests.factories import CohortFactory

S = Application.Status
PDF = b"%PDF-1.4\n% a diploma\n"


def url(name: str, application: Application) -> str:
    return reverse(f"applications_staff:{name}", args=[application.public_id])


def status_of(application: Application) -> str:
    return Application.objects.get(pk=application.pk).status


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


@pytest.fixture
def staff_client(client, program_staff):
    client.force_login(program_staff)
    return client


# --- The queue -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_queue_lists_sent_applications_with_what_staff_need(staff_client):
    booked = InterviewScoreFactory(interview__application__applicant__display_name="Marisol").interview
    RecommendationFactory(application=booked.application, status=Recommendation.Status.RECEIVED)
    SentApplicationFactory(applicant__display_name="Jo", home_state="AZ")
    SentApplicationFactory(applicant__display_name="Still drafting", status=S.DRAFT)
    response = staff_client.get(reverse("applications_staff:queue"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Applications</h1>" in page
    assert "Marisol" in page and "Jo" in page
    assert "Still drafting" not in page  # drafts only when asked for
    assert "Received" in page
    assert "4.0" in page  # the average score
    assert 'class="table-responsive"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"status": "draft"}, "Xiomara", "Yusra"),
        ({"status": "under_review"}, "Yusra", "Xiomara"),
        ({"state": "KY"}, "Yusra", "Zofia"),
        ({"cohort": "2027"}, "Zofia", "Yusra"),
    ],
)
def test_the_queue_filters(staff_client, query, shown, hidden):
    cohort_2026, cohort_2027 = CohortFactory(year=2026), CohortFactory(year=2027)
    SentApplicationFactory(applicant__display_name="Xiomara", status=S.DRAFT, cohort=cohort_2026)
    SentApplicationFactory(applicant__display_name="Yusra", status=S.UNDER_REVIEW, home_state="KY", cohort=cohort_2026)
    SentApplicationFactory(applicant__display_name="Zofia", home_state="GA", cohort=cohort_2027)
    if "cohort" in query:
        query = {"cohort": cohort_2027.pk}
    page = staff_client.get(reverse("applications_staff:queue"), query).content.decode()
    assert shown in page
    assert hidden not in page


@pytest.mark.django_db
def test_the_queue_pages_keep_the_filters(staff_client):
    cohort = CohortFactory(year=2026)
    for _ in range(51):
        SentApplicationFactory(cohort=cohort, home_state="PA")
    page = staff_client.get(reverse("applications_staff:queue"), {"state": "PA", "cohort": cohort.pk}).content.decode()
    assert f"?cohort={cohort.pk}&amp;state=PA&amp;page=2" in page
    second = staff_client.get(reverse("applications_staff:queue"), {"state": "PA", "cohort": cohort.pk, "page": 2})
    assert len(second.context["rows"]) == 1


@pytest.mark.django_db
def test_the_queue_says_so_when_nothing_matches_and_survives_bad_filters(staff_client):
    SentApplicationFactory(home_state="TX")
    page = staff_client.get(reverse("applications_staff:queue"), {"state": "WA"}).content.decode()
    assert "No application matches these filters." in page
    response = staff_client.get(reverse("applications_staff:queue"), {"cohort": "not-a-cohort", "status": "nope"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


# --- One application ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_application_page_shows_everything_staff_need(staff_client, program_staff):
    application = SentApplicationFactory(
        applicant__display_name="Marisol",
        eligibility={"exit_year": 2014, "exit_month": 3, "free_from_dependency": True, "education": "diploma"},
        access_needs="Large print, please",
        interpreter_language="Spanish",
    )
    RecommendationFactory(
        application=application,
        status=Recommendation.Status.RECEIVED,
        relationship="Case manager for four years",
        text="Grounded, kind and ready.",
        recommends=True,
    )
    StaffNoteFactory(application=application, author=program_staff, text="Called back on Tuesday")
    interview = InterviewFactory(application=application)
    InterviewScoreFactory(interview=interview, interviewer__display_name="Iris", comments="Warm and clear")
    page = staff_client.get(url("detail", application)).content.decode()
    for text in [
        "Application from Marisol",
        "March 2014",
        "High-school diploma",
        "Large print, please",
        "Spanish",
        "meets the program's eligibility rules",
        "Case manager for four years",
        "Grounded, kind and ready.",
        "Called back on Tuesday",
        "Iris",
        "Warm and clear",
        "Video: meet.example.org/cpse",
    ]:
        assert text in page, text


@pytest.mark.django_db
def test_the_application_page_shows_when_the_rules_are_not_met(staff_client):
    application = SentApplicationFactory(
        eligibility={"exit_year": 2015, "free_from_dependency": False, "education": "none"}
    )
    page = staff_client.get(url("detail", application)).content.decode()
    assert "does not meet every eligibility rule yet" in page
    assert "free from any drug or alcohol dependency" in page


@pytest.mark.django_db
def test_opening_an_application_is_logged(staff_client, program_staff):
    application = SentApplicationFactory()
    staff_client.get(url("detail", application))
    entry = AccessLogEntry.objects.get()
    assert (entry.viewer, entry.subject, entry.record_kind) == (
        program_staff,
        application.applicant,
        AccessLogEntry.RecordKind.APPLICATION,
    )


@pytest.mark.django_db
def test_the_timeline_says_who_moved_the_application(staff_client, program_staff):
    application = SentApplicationFactory()
    staff_client.post(url("mark_under_review", application))
    page = staff_client.get(url("detail", application)).content.decode()
    assert "Received → Being reviewed" in page
    assert str(program_staff) in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["instructor", "finance", "sponsor", "applicant"])
def test_only_program_staff_open_an_application(client, persona_user, persona):
    application = SentApplicationFactory(applicant=persona_user("applicant"))
    client.force_login(persona_user(persona))
    assert client.get(url("detail", application)).status_code == 403
    assert client.post(url("note_add", application), {"note-text": "x"}).status_code == 403
    assert not StaffNote.objects.exists()


# --- The education document -----------------------------------------------------------------


@pytest.fixture
def with_document(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = SentApplicationFactory(applicant__display_name="Marisol")
    application.education_document.save("Marisol Diploma.pdf", ContentFile(PDF))
    return application


@pytest.mark.django_db
def test_program_staff_download_the_education_document(staff_client, with_document):
    response = staff_client.get(url("education_document", with_document))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="education-document.pdf"'
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.filter(subject=with_document.applicant).exists()
    assert (
        'href="{}"'.format(url("education_document", with_document))
        in staff_client.get(url("detail", with_document)).content.decode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["instructor", "finance", "sponsor", "applicant", "other_applicant"])
def test_nobody_else_downloads_the_education_document(client, persona_user, with_document, persona):
    with_document.applicant = persona_user("applicant")
    with_document.save()
    client.force_login(persona_user(persona))
    response = client.get(url("education_document", with_document))
    assert response.status_code == 403
    assert "Content-Disposition" not in response


@pytest.mark.django_db
def test_no_document_is_not_found(staff_client):
    assert staff_client.get(url("education_document", SentApplicationFactory())).status_code == 404


# --- Actions -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_mark_under_review(staff_client, program_staff):
    application = SentApplicationFactory()
    response = staff_client.post(url("mark_under_review", application), follow=True)
    assert status_of(application) == S.UNDER_REVIEW
    assert "The application is now being reviewed." in messages_of(response)
    event = ApplicationEvent.objects.get(application=application)
    assert (event.actor, event.from_status, event.to_status) == (program_staff, S.SUBMITTED, S.UNDER_REVIEW)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.ACCEPTED, S.WITHDRAWN, S.DRAFT])
def test_an_illegal_move_shows_why_and_changes_nothing(staff_client, status):
    application = SentApplicationFactory(status=status)
    response = staff_client.post(url("mark_under_review", application), follow=True)
    assert response.redirect_chain[-1][0] == url("detail", application)
    assert any("cannot become" in message for message in messages_of(response))
    assert status_of(application) == status
    assert not ApplicationEvent.objects.exists()


@pytest.mark.django_db
def test_a_declined_application_is_reopened_only_through_an_appeal(staff_client):
    application = SentApplicationFactory(status=S.DECLINED)
    response = staff_client.post(url("mark_under_review", application), follow=True)
    assert "cannot become" in messages_of(response)[-1]
    assert status_of(application) == S.DECLINED


@pytest.mark.django_db
def test_invite_to_an_interview(staff_client, mailoutbox, django_capture_on_commit_callbacks):
    application = SentApplicationFactory(status=S.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url("invite", application))
    assert status_of(application) == S.INTERVIEW_INVITED
    assert [message.to for message in mailoutbox] == [[application.applicant.email]]
    response = staff_client.post(url("invite", application), follow=True)
    assert "Only an application being reviewed can be invited" in messages_of(response)[-1]


@pytest.mark.django_db
def test_the_decision_page_prefills_the_message_in_the_persons_language(staff_client):
    application = SentApplicationFactory(status=S.INTERVIEWED, applicant__preferred_language="es")
    response = staff_client.get(url("decision", application), {"decision": "declined"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Este año no podemos ofrecerle" in page
    assert "Confirm: decline and send the message" in page
    assert status_of(application) == S.INTERVIEWED  # a GET decides nothing
    response = staff_client.get(url("decision", application), {"decision": "maybe"}, follow=True)
    assert response.redirect_chain[-1][0] == url("detail", application)


@pytest.mark.django_db
def test_accepting_enrols_the_person_with_the_message_as_written(staff_client, program_staff):
    application = SentApplicationFactory(status=S.INTERVIEWED)
    response = staff_client.post(
        url("decide", application), {"decision-decision": "accepted", "decision-message": "Welcome, Ana."}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.ACCEPTED
    assert application.decision_message == "Welcome, Ana."
    assert Participant.objects.filter(user=application.applicant, cohort=application.cohort).exists()


@pytest.mark.django_db
def test_an_empty_message_sends_the_standard_one(staff_client):
    application = SentApplicationFactory(status=S.UNDER_REVIEW)
    staff_client.post(url("decide", application), {"decision-decision": "waitlisted", "decision-message": ""})
    application.refresh_from_db()
    assert application.status == S.WAITLISTED
    assert application.decision_message.startswith("Thank you for your application.")


@pytest.mark.django_db
def test_a_refused_decision_keeps_the_message_that_was_typed(staff_client):
    application = SentApplicationFactory(status=S.UNDER_REVIEW)  # the cohort asks for an interview first
    response = staff_client.post(
        url("decide", application), {"decision-decision": "accepted", "decision-message": "A message I wrote"}
    )
    assert response.status_code == 200
    assert "A message I wrote" in response.content.decode()
    assert "This cohort asks for an interview before an offer." in messages_of(response)
    assert status_of(application) == S.UNDER_REVIEW
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_a_tampered_decision_is_refused(staff_client):
    application = SentApplicationFactory(status=S.INTERVIEWED)
    response = staff_client.post(url("decide", application), {"decision-decision": "withdrawn"}, follow=True)
    assert "Please choose accept, waiting list or decline." in messages_of(response)
    assert status_of(application) == S.INTERVIEWED


@pytest.mark.django_db
def test_withdrawing_needs_a_confirmation(staff_client):
    application = SentApplicationFactory(status=S.UNDER_REVIEW)
    response = staff_client.post(url("withdraw", application), {})
    assert response.status_code == 200
    assert "Please tick the box" in response.content.decode()
    assert status_of(application) == S.UNDER_REVIEW
    staff_client.post(url("withdraw", application), {"withdraw-confirm": "on"})
    assert status_of(application) == S.WITHDRAWN
    response = staff_client.post(url("withdraw", application), {"withdraw-confirm": "on"}, follow=True)
    assert "cannot become" in messages_of(response)[-1]


@pytest.mark.django_db
def test_staff_notes(staff_client, program_staff):
    application = SentApplicationFactory()
    response = staff_client.post(url("note_add", application), {"note-text": "Prefers calls after 5pm"})
    assert response["Location"] == url("detail", application) + "#notes"
    note = StaffNote.objects.get(application=application)
    assert (note.author, note.text) == (program_staff, "Prefers calls after 5pm")


@pytest.mark.django_db
def test_a_note_that_is_too_long_keeps_what_was_typed(staff_client):
    application = SentApplicationFactory()
    text = "Ñandú " * 1000
    response = staff_client.post(url("note_add", application), {"note-text": text})
    assert response.status_code == 200
    assert response.context["note_form"].data["note-text"] == text
    assert "Ensure this value has at most 5000 characters" in response.content.decode()
    assert not StaffNote.objects.exists()
    response = staff_client.post(url("note_add", application), {"note-text": "   "})
    assert "Please write the note before saving it." in response.content.decode()


@pytest.mark.django_db
def test_replacing_the_recommending_contact_sends_a_new_link(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    application = SentApplicationFactory()
    first = RecommendationFactory(application=application)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            url("recommendation_contact", application),
            {
                "recommendation-agency_name": "Harbor House",
                "recommendation-contact_name": "Sam Lee",
                "recommendation-contact_email": "sam@harbor.example.org",
            },
        )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Recommendation.Status.REPLACED
    latest = application.recommendations.get(status=Recommendation.Status.PENDING)
    assert (latest.agency_name, latest.contact_email) == ("Harbor House", "sam@harbor.example.org")
    assert [message.to for message in mailoutbox] == [["sam@harbor.example.org"]]


@pytest.mark.django_db
def test_a_bad_contact_email_keeps_what_was_typed(staff_client):
    application = SentApplicationFactory()
    data = {
        "recommendation-agency_name": "Harbor House",
        "recommendation-contact_name": "Sam Lee",
        "recommendation-contact_email": "sam at harbor",
    }
    response = staff_client.post(url("recommendation_contact", application), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Please check the email address." in page
    assert 'value="sam at harbor"' in page and 'value="Harbor House"' in page
    assert not Recommendation.objects.exists()


@pytest.mark.django_db
def test_no_recommendation_is_asked_for_a_draft(staff_client):
    application = SentApplicationFactory(status=S.DRAFT)
    data = {
        "recommendation-agency_name": "Harbor House",
        "recommendation-contact_name": "Sam Lee",
        "recommendation-contact_email": "sam@harbor.example.org",
    }
    response = staff_client.post(url("recommendation_contact", application), data, follow=True)
    assert "only while the application is open" in messages_of(response)[-1]
    assert not Recommendation.objects.exists()


@pytest.mark.django_db
def test_deciding_an_appeal(staff_client, program_staff):
    appeal = AppealFactory()
    application = appeal.application
    page = staff_client.get(url("detail", application)).content.decode()
    assert "My agency&#x27;s letter arrived late." in page
    assert "Decide the request for review" in page
    response = staff_client.post(
        url("appeal_decide", application), {"appeal-outcome": "reconsidered", "appeal-note": "New letter read"}
    )
    assert response["Location"] == url("detail", application) + "#appeals"
    appeal.refresh_from_db()
    assert (appeal.outcome, appeal.decided_by) == (Appeal.Outcome.RECONSIDERED, program_staff)
    assert status_of(application) == S.UNDER_REVIEW
    response = staff_client.post(
        url("appeal_decide", application), {"appeal-outcome": "upheld", "appeal-note": "Again"}, follow=True
    )
    assert "This review has already been decided." in messages_of(response)


@pytest.mark.django_db
def test_an_appeal_decision_without_a_note_keeps_the_choice(staff_client):
    appeal = AppealFactory()
    response = staff_client.post(url("appeal_decide", appeal.application), {"appeal-outcome": "upheld"})
    assert response.status_code == 200
    assert "Please write a short note about the outcome." in response.content.decode()
    assert response.context["appeal_form"].data["appeal-outcome"] == "upheld"
    appeal.refresh_from_db()
    assert appeal.outcome == Appeal.Outcome.PENDING


@pytest.mark.django_db
def test_no_appeal_is_not_found(staff_client):
    response = staff_client.post(url("appeal_decide", SentApplicationFactory()), {"appeal-outcome": "upheld"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_program_staff_find_the_applications_in_the_menu(staff_client):
    page = staff_client.get(reverse("dashboard:home")).content.decode()
    assert 'href="{}"'.format(reverse("applications_staff:queue")) in page


@pytest.mark.django_db
def test_staff_pages_have_no_inline_scripts_or_styles(staff_client):
    application = InterviewScoreFactory(interview__application=AppealFactory().application).interview.application
    for page_url in [
        reverse("applications_staff:queue"),
        url("detail", application),
        url("decision", application) + "?decision=declined",
        url("score", application),
        reverse("applications_staff:interviews"),
        reverse("applications_staff:decision_templates"),
    ]:
        page = staff_client.get(page_url).content.decode()
        assert "<script>" not in page and " style=" not in page, page_url
        assert page.count("<h1") == 1, page_url


@pytest.mark.django_db
def test_someone_who_is_not_staff_is_sent_to_sign_in(client):
    application = SentApplicationFactory()
    response = client.get(url("detail", application))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
