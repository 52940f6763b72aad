"""The survivor's way in, in a real browser: interest form → invitation → account →
application with a save-and-return in the middle → recommendation by link → interview
booked → two rubric scores → acceptance → a participant of the 2026 cohort, fee due."""

import datetime
import re

from django.core import mail
from playwright.sync_api import expect

from applications.interest.services import interest_invitations_send
from applications.models import Application
from cohorts.models import Participant
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import new_context, sign_in
from tests.factories import CohortFactory

EMAIL = "noor.applicant@example.org"
PASSWORD = "a-Long-journey-password-3"


def _last_link(path_fragment: str) -> str:
    for message in reversed(mail.outbox):
        found = re.search(r"https?://[^/\s]+(\S*?" + re.escape(path_fragment) + r"\S*)", message.body)
        if found:
            return found.group(1)
    raise AssertionError(f"no email links to {path_fragment}")


def test_the_whole_journey(page, browser, live_server, time_machine, program_staff, instructor, settings):
    # The journey spans weeks of (travelled) time; sessions would end on the way.
    settings.SESSION_IDLE_SECONDS = settings.SESSION_ABSOLUTE_SECONDS = settings.SESSION_COOKIE_AGE = 90 * 24 * 3600
    time_machine.move_to(datetime.datetime(2025, 12, 1, 15, tzinfo=datetime.UTC), tick=True)
    cohort = CohortFactory(year=2026)

    # 1. Interest, before the window opens.
    page.goto("/")
    page.get_by_role("link", name="Tell us you would like to apply").click()
    assert_accessible(page)
    page.get_by_label("Name you want us to use").fill("Noor")
    page.get_by_label("Email", exact=True).fill(EMAIL)
    page.get_by_label("State").select_option("AZ")
    page.get_by_role("button", name="Send").click()
    page.get_by_role("heading", name="Thank you").wait_for()

    # 2. The window opens; beat's task sends the invitation, once.
    time_machine.move_to(datetime.datetime(2026, 1, 10, 15, tzinfo=datetime.UTC), tick=True)
    assert interest_invitations_send() == 1
    page.goto(_last_link("/accounts/signup/"))

    # 3. An account, confirmed by email.
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Name you want us to use").fill("Noor")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    page.goto(_last_link("/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    sign_in(page, EMAIL, password=PASSWORD)

    # 4. The application, leaving half-way and coming back in a new session.
    page.goto("/apply/")
    assert_accessible(page)
    page.get_by_role("button", name="Start my application").click()
    page.get_by_label("Which state do you live in?").select_option("AZ")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("In what year did you leave exploitation?").fill("2014")
    page.get_by_role("radio", name="Yes").check()
    page.get_by_role("radio", name="GED").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save and come back later").click()
    page.get_by_text("Your answers are saved. You can come back at any time.").wait_for()
    page.context.clear_cookies()

    sign_in(page, EMAIL, password=PASSWORD)
    page.goto("/apply/")
    page.get_by_role("link", name="Continue my application").click()
    page.get_by_label("Anti-trafficking agency").fill("Desert Light Outreach")
    page.get_by_label("The person there who knows you").fill("Robin Case")
    page.get_by_label("Their work email").fill("robin@desertlight.example.org")
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("radio", name="Advocacy").check()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("button", name="Save and continue").click()  # access needs: none
    assert_accessible(page)
    page.get_by_label("I agree that the program team may read my application").check()
    page.get_by_role("button", name="Send my application").click()
    page.get_by_text("Your application is complete.").first.wait_for()
    application = Application.objects.get(applicant__email=EMAIL)
    assert application.status == Application.Status.SUBMITTED

    # 5. The agency writes the recommendation through its one-time link (no account).
    recommender = new_context(browser, base_url=live_server.url)
    agency_page = recommender.new_page()
    agency_page.goto(_last_link("/recommend/"))
    assert "Noor" in agency_page.content()
    assert_accessible(agency_page)
    agency_page.get_by_label("How do you know the applicant").fill("Her case manager since 2016.")
    agency_page.get_by_label("Your recommendation").fill("Grounded, kind and ready.")
    agency_page.get_by_role("radio", name="Yes").check()
    agency_page.get_by_role("button", name="Send the recommendation").click()
    agency_page.get_by_text("Your recommendation has been received.").wait_for()
    recommender.close()

    # 6-9. Staff invite, the applicant books, two interviewers score, staff accept.
    _staff_steps(browser, live_server, page, application, program_staff, instructor, time_machine)

    participant = Participant.objects.get(user__email=EMAIL, cohort=cohort)
    assert participant.fee_due_cents == 350_000
    page.goto("/apply/")
    assert page.get_by_text("Congratulations").is_visible()
    page.get_by_role("link", name="Go to my program").click()
    expect(page.get_by_text("You are a participant of the 2026 cohort")).to_be_visible()


def _staff_page(browser, live_server, user):
    context = new_context(browser, base_url=live_server.url)
    staff_page = context.new_page()
    sign_in(staff_page, user.email, totp_secret=TOTP_SECRET)
    staff_page.wait_for_url("**/staff/")
    return staff_page


def _staff_steps(browser, live_server, page, application, program_staff, instructor, time_machine):
    staff = _staff_page(browser, live_server, program_staff)
    detail = f"/staff/applications/{application.public_id}/"
    staff.goto(detail)
    assert "Grounded, kind and ready." in staff.content()  # staff read what the agency wrote
    assert_accessible(staff)
    staff.get_by_role("button", name="Invite to an interview").click()
    staff.goto("/staff/applications/interviews/")
    staff.get_by_label("Date and time").fill("2026-01-20T11:00")
    staff.get_by_label("Place or video link").fill("Video call")
    staff.get_by_role("button", name="Add this time").click()
    assert_accessible(staff)
    # Staff choose who interviews at that time: themselves and the instructor.
    staff.get_by_role("link", name="Choose the interviewers").first.click()
    staff.get_by_label(str(program_staff)).check()
    staff.get_by_label(str(instructor)).check()
    staff.get_by_role("button", name="Save the interviewers").click()
    staff.get_by_text("The interviewers are saved.").wait_for()

    # The applicant chooses the time.
    page.goto("/apply/")
    page.get_by_role("button", name="Choose this time").first.click()
    page.get_by_text("Your interview is booked.").wait_for()

    # The interview happens (11:00 in New York); two interviewers fill in the rubric.
    time_machine.move_to(datetime.datetime(2026, 1, 20, 17, tzinfo=datetime.UTC), tick=True)
    instructor_page = _staff_page(browser, live_server, instructor)
    for interviewer_page, score in ((staff, "4"), (instructor_page, "5")):
        interviewer_page.goto(f"/staff/applications/{application.public_id}/score/")
        for radio in interviewer_page.locator(f'input[type=radio][value="{score}"]').all():
            radio.check()
        interviewer_page.get_by_label("Comments").fill("Warm and steady.")
        with interviewer_page.expect_navigation():
            interviewer_page.get_by_role("button", name="Save my scores").click()
    assert_accessible(instructor_page)
    assert application.interview.scores.count() == 2

    # The program manager offers a place, after a confirmation step.
    staff.goto(detail)
    staff.get_by_role("link", name="Offer a place…").click()
    assert_accessible(staff)
    with staff.expect_navigation():
        staff.get_by_role("button", name="Confirm: offer a place and send the message").click()
