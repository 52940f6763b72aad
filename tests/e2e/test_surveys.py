"""Evaluation surveys in a real browser: a participant on a phone (390 x 844) reads how
anonymity works, answers the end-of-program survey and is thanked; a second try is
refused; program staff then see the cohort's aggregate (the fifth answer lifts it over
the threshold), never a name. axe runs on every survey page."""

import datetime

import pytest
from django.utils import timezone

from checkins.models import Survey, SurveyInvitation, SurveyResponse
from tests.checkins.factories import survey_responses
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.conftest import _open_page
from tests.e2e.support import screenshot, sign_in

PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture
def phone_390(request, browser, live_server):
    yield from _open_page(request, browser, live_server, PHONE_390, "phone-390")


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]


def test_a_participant_answers_the_end_of_program_survey_and_staff_see_the_aggregate(
    phone_390, page, participant, other_participant, program_staff, cohort
):
    phone = phone_390
    today = timezone.localdate()
    SurveyInvitation.objects.create(participant=participant, survey=Survey.END_OF_PROGRAM, opens_on=today)
    SurveyInvitation.objects.create(
        participant=participant, survey=Survey.PLACEMENT_6, opens_on=today - datetime.timedelta(days=1)
    )
    survey_responses(cohort, count=4)  # four others answered already

    sign_in(phone, participant.user.email)
    phone.wait_for_url("**/my-program/")
    phone.goto("/surveys/")
    phone.get_by_role("heading", name="How your answers stay anonymous").wait_for()
    assert_accessible(phone)
    _fits(phone)
    screenshot(phone, "surveys-list-390.png")

    # "No thanks" asks first, then the survey is gone for good.
    phone.get_by_role("link", name="No thanks (Six months into your placement)").click()
    phone.get_by_role("heading", name="No thanks to this survey?").wait_for()
    assert_accessible(phone)
    phone.get_by_role("button", name="Yes, no thanks").click()
    phone.get_by_text("We will not ask you about this survey again.").wait_for()
    phone.get_by_text("You said no thanks").wait_for()

    phone.get_by_role("link", name="Answer (End of the program)").click()
    phone.get_by_role("heading", name="End of the program").wait_for()
    assert_accessible(phone)
    _fits(phone)
    # Nothing answered: a clear message, nothing stored.
    phone.get_by_role("button", name="Send my answers").click()
    phone.get_by_text("Please answer at least one question").first.wait_for()
    phone.get_by_role("group", name="During the program, I felt safe.").get_by_label("Completely").check()
    phone.get_by_role("group", name="I feel prepared to work as a peer-support specialist.").get_by_label(
        "Prefer not to say"
    ).check()
    phone.get_by_role("group", name="I would recommend the program to someone in my place.").get_by_label(
        "Mostly"
    ).check()
    phone.get_by_label("Anything else you would like to tell us?").fill("The peer circle kept me going")
    assert_accessible(phone)
    screenshot(phone, "survey-form-390.png")
    phone.get_by_role("button", name="Send my answers").click()
    phone.get_by_role("heading", name="Thank you for your answers").wait_for()
    assert_accessible(phone)
    _fits(phone)
    assert SurveyResponse.objects.count() == 5

    # A second go is refused.
    phone.goto("/surveys/end_of_program/")
    phone.get_by_role("heading", name="Thank you for your answers").wait_for()
    phone.goto("/surveys/")
    phone.get_by_text("Answered — thank you").wait_for()

    # Staff: the aggregate, now that five have answered.
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto("/staff/surveys/")
    page.get_by_role("heading", name="Evaluation surveys").wait_for()
    assert_accessible(page)
    # Two rows for the cohort: the survey answered, and the one said no thanks to (its response rate).
    page.get_by_role("row", name=f"{cohort} End of the program").get_by_role("link", name=str(cohort)).click()
    page.get_by_text("5 answers").wait_for()
    page.get_by_text("The peer circle kept me going").wait_for()
    assert_accessible(page)
    screenshot(page, "survey-results.png")
    assert participant.user.display_name not in page.content()


def test_a_sponsor_sees_the_survey_aggregate_of_the_cohort_it_funds(page, sponsor, cohort):
    survey_responses(cohort, count=6)
    survey_responses(cohort, Survey.PLACEMENT_6, count=2)
    sign_in(page, sponsor.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/sponsor/")
    page.get_by_role("heading", name="Evaluation surveys").wait_for()
    page.get_by_text("6 answers").wait_for()
    page.get_by_text("fewer than 5 answers").wait_for()
    assert_accessible(page)
    screenshot(page, "survey-sponsor-portal.png")
