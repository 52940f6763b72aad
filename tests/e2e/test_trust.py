"""Trust in a real browser: a participant on a phone is told kindly that her supervisor
must be someone else; program staff verify a practicum supervisor and an agency contact
once, and choose the interviewers of an interview time. Axe on every page."""

from django.urls import reverse

from applications.models import ConfirmerVerification
from requirements_tracking.practicum import services
from tests.applications.factories import InterviewSlotFactory, SentApplicationFactory
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, sign_in


def test_a_participant_cannot_name_herself_as_supervisor(phone_page, participant):
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto(reverse("practicum:mine"))
    phone_page.get_by_label("Host agency").fill("Harbor House")
    phone_page.get_by_label("Your supervisor's name").fill("Me")
    phone_page.get_by_label("Your supervisor's email").fill(participant.user.email.upper())
    phone_page.get_by_role("button", name="Save").click()
    phone_page.get_by_text("not one of yours").first.wait_for()
    assert phone_page.get_by_label("Host agency").input_value() == "Harbor House"
    assert_accessible(phone_page)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_staff_verify_a_supervisor_and_an_agency_contact(signed_in_staff, participant):
    page = signed_in_staff
    services.practicum_set(
        participant=participant,
        host_agency="Harbor House",
        supervisor_name="Sam Rivera",
        supervisor_email="sam@harbor.example.org",
    )
    page.goto(reverse("participant_record:standards", args=[participant.public_id]))
    page.get_by_text("Not verified").first.wait_for()
    page.get_by_role("link", name="Verify Sam Rivera").click()
    page.get_by_role("heading", name="Verify Sam Rivera").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Mark as verified").click()
    page.get_by_text("Please say how you checked who they are.").first.wait_for()
    assert_accessible(page)
    page.get_by_label("A phone call to the organisation").check()
    page.get_by_label("Note for program staff (optional)").fill("Spoke to their director.")
    page.get_by_role("button", name="Mark as verified").click()
    page.get_by_text("Sam Rivera is verified.").wait_for()
    assert_accessible(page)
    assert ConfirmerVerification.objects.get().method == "phone_call"

    application = SentApplicationFactory(agency_contact_name="Kim Lee", agency_contact_email="kim@agency.example.org")
    page.goto(reverse("applications_staff:detail", args=[application.public_id]))
    page.get_by_text("Agency contact not verified").wait_for()
    page.get_by_role("link", name="Verify the agency contact").click()
    page.get_by_label("A signed agreement on file").check()
    page.get_by_role("button", name="Mark as verified").click()
    page.get_by_text("Agency contact verified").wait_for()
    assert_accessible(page)


def test_staff_choose_the_interviewers(signed_in_staff, instructor):
    page = signed_in_staff
    slot = InterviewSlotFactory()
    page.goto(f"{reverse('applications_staff:interviews')}?cohort={slot.cohort_id}")
    page.get_by_text("Nobody yet").wait_for()
    page.get_by_role("link", name="Choose the interviewers").click()
    page.get_by_role("heading", name="Interviewers").wait_for()
    assert_accessible(page)
    page.get_by_label(str(instructor)).check()
    page.get_by_role("button", name="Save the interviewers").click()
    page.get_by_text("The interviewers are saved.").wait_for()
    page.get_by_role("cell", name=str(instructor)).first.wait_for()
    assert_accessible(page)
