"""axe and phone width on every applicant page not already walked by the journey."""

import datetime

import pytest

from applications import services
from applications.models import Application
from tests.e2e.axe import assert_accessible
from tests.e2e.support import sign_in
from tests.factories import ApplicationFactory, CohortFactory

S = Application.Status


@pytest.fixture
def in_window(time_machine):
    time_machine.move_to(datetime.datetime(2026, 2, 1, 15, tzinfo=datetime.UTC), tick=True)
    return CohortFactory(year=2026)


def _fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("step", ["about", "eligibility", "recommendation", "aspiration", "access", "review"])
def test_every_step_is_accessible_and_fits_a_phone(phone_page, in_window, step):
    application = ApplicationFactory(cohort=in_window)
    sign_in(phone_page, application.applicant.email)
    phone_page.goto(f"/apply/step/{step}/")
    assert_accessible(phone_page)
    _fits_a_phone(phone_page)


def test_a_step_with_errors_is_accessible(page, in_window):
    application = ApplicationFactory(cohort=in_window, eligibility={})
    sign_in(page, application.applicant.email)
    page.goto("/apply/step/eligibility/")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Please check the answers marked below.").wait_for()
    assert_accessible(page)


def test_saving_for_later_with_answers_missing_then_what_is_left_and_why_send_waits(phone_page, in_window):
    application = ApplicationFactory(cohort=in_window, aspiration="")
    Application.objects.filter(pk=application.pk).update(current_step=Application.Step.ASPIRATION)
    sign_in(phone_page, application.applicant.email)
    phone_page.goto("/apply/step/aspiration/")
    phone_page.get_by_role("radio", name="Other").check()
    phone_page.get_by_role("button", name="Save and come back later").click()
    phone_page.get_by_text("Your answers are saved. You can come back at any time.").wait_for()
    phone_page.get_by_role("link", name="Continue my application").click()
    phone_page.get_by_text("Welcome back. Still to answer on this step:").wait_for()
    assert phone_page.get_by_role("radio", name="Other").is_checked()
    assert_accessible(phone_page)
    _fits_a_phone(phone_page)

    phone_page.goto("/apply/step/review/")
    send = phone_page.get_by_role("button", name="Send my application")
    assert send.is_disabled()
    assert "Your hopes for peer work" in send.evaluate(
        "button => document.getElementById(button.getAttribute('aria-describedby')).textContent"
    )
    assert_accessible(phone_page)
    _fits_a_phone(phone_page)


def test_an_eligibility_answer_is_explained_at_its_step(page, in_window):
    application = ApplicationFactory(cohort=in_window)
    sign_in(page, application.applicant.email)
    page.goto("/apply/step/eligibility/")
    page.get_by_role("radio", name="Not yet").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_text("Many people complete a GED as adults").wait_for()
    assert page.get_by_role("link", name="Go on to the next step").is_visible()
    assert_accessible(page)


def test_my_application_while_choosing_a_time_and_after_a_decision(phone_page, in_window, program_staff):
    application = ApplicationFactory(cohort=in_window, status=S.INTERVIEW_INVITED)
    services.interview_slot_create(
        cohort=in_window,
        starts_at=datetime.datetime(2026, 2, 5, 15, tzinfo=datetime.UTC),
        duration_minutes=45,
        location="Video call",
        by=program_staff,
    )
    sign_in(phone_page, application.applicant.email)
    phone_page.goto("/apply/")
    assert phone_page.get_by_role("button", name="Choose this time").is_visible()
    assert_accessible(phone_page)
    _fits_a_phone(phone_page)

    Application.objects.filter(pk=application.pk).update(status=S.INTERVIEWED)
    application.refresh_from_db()
    services.application_decide(application=application, decision=S.DECLINED, by=program_staff)
    phone_page.goto("/apply/")
    assert phone_page.get_by_role("heading", name="Ask for a review").is_visible()
    assert_accessible(phone_page)
    _fits_a_phone(phone_page)


def test_the_interest_thanks_page_and_a_closed_link(page):
    page.goto("/interest/")
    page.get_by_label("Name you want us to use").fill("Noor")
    page.get_by_label("Phone", exact=True).fill("555 0100")
    page.get_by_role("radio", name="Phone calls are safe").check()
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    assert page.get_by_text("will call you at the number you gave").is_visible()
    assert_accessible(page)
    page.goto("/recommend/not-a-real-token/")
    assert page.get_by_role("heading", name="This link is not available").is_visible()
    assert_accessible(page)
