"""Interviews that can move (issue #24), in a real browser: an applicant books, moves and
cancels her interview on a phone; she books again, does not come, staff find her with the
search and mark it missed, and she books the new time offered. Axe and phone width on every new page."""

import datetime

from django.utils import timezone

from applications import services
from applications.models import Application, Interview
from tests.applications.factories import SentApplicationFactory
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import sign_in
from tests.factories import CohortFactory

S = Application.Status
START = datetime.datetime(2027, 1, 20, 15, tzinfo=datetime.UTC)


def _fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_book_move_cancel_miss_and_book_the_new_time(phone_page, page, time_machine, program_staff, settings):
    # The journey spans days of (travelled) time; sessions would end on the way.
    settings.SESSION_IDLE_SECONDS = settings.SESSION_ABSOLUTE_SECONDS = settings.SESSION_COOKIE_AGE = 30 * 24 * 3600
    time_machine.move_to(START, tick=True)
    cohort = CohortFactory(year=2027)
    slots = [
        services.interview_slot_create(
            cohort=cohort,
            starts_at=START + datetime.timedelta(days=days),
            duration_minutes=45,
            location=f"Video call {days}",
            by=program_staff,
        )
        for days in (2, 3, 5)
    ]
    application = SentApplicationFactory(cohort=cohort, status=S.INTERVIEW_INVITED)
    applicant = phone_page
    sign_in(applicant, application.applicant.email)

    # 1. She books the first time.
    applicant.goto("/apply/")
    applicant.get_by_role("button", name="Choose this time").first.click()
    applicant.get_by_text("Your interview is booked.").wait_for()

    # 2. She moves it to another time.
    applicant.get_by_role("link", name="Change or cancel my interview").click()
    applicant.get_by_role("heading", name="Change or cancel my interview").wait_for()
    assert_accessible(applicant)
    _fits_a_phone(applicant)
    applicant.get_by_role("button", name="Move to this time").first.click()
    applicant.get_by_text("Your interview is moved to the new time.").wait_for()
    assert Interview.objects.get(application=application).slot == slots[1]

    # 3. She cancels it; the tick is needed, and her words are kept when it is missing.
    applicant.get_by_role("link", name="Change or cancel my interview").click()
    applicant.get_by_label("Would you like to tell us why? (optional)").fill("A shift at work")
    applicant.get_by_role("button", name="Cancel my interview time").click()
    applicant.get_by_text("Please tick the box to confirm that you want to cancel.").first.wait_for()
    assert applicant.get_by_label("Would you like to tell us why? (optional)").input_value() == "A shift at work"
    assert_accessible(applicant)
    _fits_a_phone(applicant)
    applicant.get_by_label("Yes, I want to cancel my interview time.").check()
    applicant.get_by_role("button", name="Cancel my interview time").click()
    applicant.get_by_text("Your interview time is cancelled.").wait_for()
    assert applicant.get_by_role("link", name="Remove the cancelled time from my calendar").is_visible()
    assert_accessible(applicant)
    _fits_a_phone(applicant)

    # 4. She books again, and the time comes without her.
    applicant.get_by_role("button", name="Choose this time").first.click()
    applicant.get_by_text("Your interview is booked.").wait_for()
    booked = Interview.objects.get(application=application).slot
    time_machine.move_to(booked.starts_at + datetime.timedelta(minutes=30), tick=True)

    # 5. Program staff find her with the search in the top bar and mark the interview missed.
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Search", exact=True).click()
    box = page.get_by_role("searchbox", name="Search for a person, a certificate or an invoice")
    box.fill(application.applicant.display_name)
    box.press("Enter")
    page.get_by_role("heading", name="Results").wait_for()
    page.get_by_role("region", name="Results").get_by_role("link", name=application.applicant.display_name).click()
    page.wait_for_url(f"**/staff/applications/{application.public_id}/")
    page.get_by_text("The person did not come", exact=True).click()
    page.get_by_role("button", name="Mark the interview as missed").click()
    page.get_by_text("Please tick the box to confirm that the person did not come.").first.wait_for()
    assert_accessible(page)
    page.get_by_label("The person did not come to the interview.").check()
    page.get_by_role("button", name="Mark the interview as missed").click()
    page.get_by_text("The interview is marked as missed.").wait_for()
    assert page.get_by_role("cell", name="Interview missed").is_visible()
    assert_accessible(page)

    # 6. She is offered a new time and books it.
    applicant.goto("/apply/")
    applicant.get_by_text("We missed you at your interview.").wait_for()
    assert_accessible(applicant)
    _fits_a_phone(applicant)
    applicant.get_by_role("button", name="Choose this time").first.click()
    applicant.get_by_text("Your interview is booked.").wait_for()
    assert Application.objects.get(pk=application.pk).status == S.INTERVIEW_BOOKED


def test_staff_pages_for_a_booked_interview_are_accessible(signed_in_staff, program_staff):
    page = signed_in_staff
    now = timezone.now()
    cohort = CohortFactory(year=now.year + 1)
    slots = [
        services.interview_slot_create(
            cohort=cohort,
            starts_at=now + datetime.timedelta(days=days),
            duration_minutes=45,
            location="Room 2",
            by=program_staff,
        )
        for days in (3, 4)
    ]
    application = SentApplicationFactory(cohort=cohort, status=S.INTERVIEW_INVITED)
    services.interview_book(application=application, slot=slots[0], by=application.applicant)

    page.goto(f"/staff/applications/{application.public_id}/")
    page.get_by_text("Move to another time", exact=True).click()
    page.get_by_text("Cancel this interview time", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Move the interview and tell the person").click()
    page.get_by_text("The interview is moved.").wait_for()
    assert Interview.objects.get(application=application).slot == slots[1]

    page.goto(f"/staff/applications/interviews/{slots[1].public_id}/edit/")
    page.get_by_role("button", name="Save the changes and tell the applicant").click()
    page.get_by_text("the applicant who booked this time is told of the change").first.wait_for()
    assert_accessible(page)
    page.goto(f"/staff/applications/interviews/{slots[1].public_id}/delete/")
    assert_accessible(page)
    page.goto(f"/staff/applications/interviews/?cohort={cohort.pk}")
    assert page.get_by_role("link", name="Calendar (.ics)").first.is_visible()
    assert_accessible(page)
