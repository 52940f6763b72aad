"""The program standards as one person meets them, in one browser journey: program staff
publish the code of ethics and the participant, on a phone, acknowledges it; she writes a
supervision contract, her supervisor agrees through the emailed link (no account), and
she logs a session; her peer mentor logs a meeting that she then sees; she answers the
end-of-program survey and staff see the cohort's aggregate, never her name. Axe on the
pages of each area, at phone width for hers."""

import datetime
import re

from django.utils import timezone

from checkins.models import Survey, SurveyInvitation, SurveyResponse
from mentorship.models import MentorMeeting, Mentorship
from requirements_tracking.models import EthicsAcknowledgment
from tests.checkins.factories import survey_responses
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, new_context, sign_in, supervisor_list_link
from tests.e2e.test_ethics import publish


def _on_the_phone(page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_ethics_supervision_mentor_and_survey_in_one_journey(
    page, phone_page, browser, live_server, time_machine, cohort, participant, mentor, program_staff
):
    time_machine.move_to(datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC), tick=True)
    phone = phone_page
    Mentorship.objects.filter(participant=participant).update(started_on=datetime.date(2026, 4, 1))
    SurveyInvitation.objects.create(
        participant=participant, survey=Survey.END_OF_PROGRAM, opens_on=timezone.localdate()
    )
    survey_responses(cohort, count=4)  # four others in her cohort answered already

    # Staff publish the code of ethics; she acknowledges it on her phone.
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    publish(page, title="Our code of ethics")
    sign_in(phone, participant.user.email)
    phone.wait_for_url("**/my-program/")
    phone.get_by_role("link", name="Read the code of ethics").click()
    phone.get_by_label("I have read the code of ethics and will follow it").check()
    phone.get_by_role("button", name="Acknowledge").click()
    phone.get_by_text("You acknowledged version 1 on").wait_for()
    _on_the_phone(phone)
    assert EthicsAcknowledgment.objects.filter(participant=participant).count() == 1

    # A supervision contract: she writes and agrees; the supervisor agrees by the link.
    phone.goto("/supervision/")
    phone.get_by_role("link", name="Write a supervision contract (Practicum)").click()
    phone.get_by_label("Your supervisor's name").fill("Sam Rivera")
    phone.get_by_label("Your supervisor's email").fill("sam@harbor.example.org")
    phone.get_by_label("Every week").check()
    phone.get_by_label("What each of you expects").fill("We meet every Tuesday.")
    phone.get_by_label("I agree to this contract").check()
    phone.get_by_role("button", name="Save the contract").click()
    phone.get_by_text("Waiting for the supervisor").wait_for()
    _on_the_phone(phone)
    supervisor = new_context(browser, base_url=live_server.url, locale="en-US", viewport=PHONE)
    link_page = supervisor.new_page()
    link_page.goto(supervisor_list_link("sam@harbor.example.org"))
    link_page.get_by_role("button", name=re.compile(r"^I agree to this contract")).click()
    link_page.get_by_text("You agreed to the supervision contract with").wait_for()
    _on_the_phone(link_page)
    supervisor.close()
    phone.goto("/supervision/")
    phone.get_by_text("Agreed by both").wait_for()
    phone.get_by_role("link", name="Log a session (Practicum)").click()
    phone.get_by_label("Date").fill("2026-05-10")
    phone.get_by_label("Length in minutes").fill("50")
    phone.get_by_label("Boundaries and ethics").check()
    phone.get_by_role("button", name="Log this session").click()
    phone.get_by_text("Your supervision session is logged.").wait_for()
    _on_the_phone(phone)

    # Her peer mentor logs a meeting; she sees it.
    mentor_context = new_context(browser, base_url=live_server.url, locale="en-US")
    mentor_page = mentor_context.new_page()
    sign_in(mentor_page, mentor.email, totp_secret=TOTP_SECRET)
    mentor_page.wait_for_url(lambda url: "/accounts/" not in url)
    mentor_page.goto("/mentor/")
    mentor_page.get_by_role("link", name="Log a meeting").click()
    mentor_page.get_by_label("Date").fill("2026-05-10")
    mentor_page.get_by_label("Length in minutes").fill("40")
    mentor_page.get_by_label("General topic").select_option("study")
    mentor_page.get_by_role("button", name="Log meeting").click()
    mentor_page.get_by_text("The meeting is logged.").wait_for()
    assert_accessible(mentor_page)
    mentor_context.close()
    assert MentorMeeting.objects.get().minutes == 40
    phone.goto("/my-mentor/")
    phone.get_by_text("40 min").wait_for()
    _on_the_phone(phone)

    # The end-of-program survey; staff see the aggregate of five, never her name.
    phone.goto("/surveys/")
    phone.get_by_role("link", name="Answer (End of the program)").click()
    phone.get_by_role("group", name="During the program, I felt safe.").get_by_label("Completely").check()
    phone.get_by_role("button", name="Send my answers").click()
    phone.get_by_role("heading", name="Thank you for your answers").wait_for()
    _on_the_phone(phone)
    assert SurveyResponse.objects.count() == 5
    page.goto("/staff/surveys/")
    page.get_by_role("row", name=f"{cohort} End of the program").get_by_role("link", name=str(cohort)).click()
    page.get_by_text("5 answers").wait_for()
    assert_accessible(page)
    assert participant.user.display_name not in page.content()
