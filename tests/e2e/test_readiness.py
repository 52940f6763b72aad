"""Readiness in a real browser: a participant on a phone (390 x 844) answers the gentle
questions before the practicum; program staff read them, recommend more preparation and
pause the program with a plan; the participant sees the calm notice. Each page passes axe."""

import datetime

from cohorts.models import Participant, ProgramPause
from requirements_tracking.models import ReadinessAssessment
from requirements_tracking.readiness.questions import QUESTIONS
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import sign_in

PHONE_390 = {"width": 390, "height": 844}


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]


def test_a_participant_answers_staff_pause_the_program_with_a_plan_and_the_participant_sees_it(
    phone_page, page, time_machine, participant, program_staff
):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 15, tzinfo=datetime.UTC), tick=True)
    phone_page.set_viewport_size(PHONE_390)

    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto("/practicum/")
    phone_page.get_by_role("link", name="Before the practicum: a few gentle questions about readiness").click()
    phone_page.get_by_role("heading", name="A few questions about readiness").wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)
    # Sending with one question left: the message, and what was typed stays.
    for question in QUESTIONS[1:]:
        phone_page.locator(f"input[name='{question.key}'][value='prefer_not']").check()
    phone_page.locator("textarea[name='people_note']").fill("My sister, on Sundays")
    phone_page.get_by_role("button", name="Send my answers").click()
    phone_page.get_by_text("you can choose “I would prefer not to say”").first.wait_for()
    assert phone_page.locator("textarea[name='people_note']").input_value() == "My sister, on Sundays"
    assert_accessible(phone_page)
    phone_page.get_by_role("radio", name="Somewhat unsettled").check()
    phone_page.get_by_role("button", name="Send my answers").click()
    phone_page.get_by_text("Your answers are with the program team.").wait_for()
    assert ReadinessAssessment.objects.get().self_submitted_at is not None

    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto("/staff/readiness/")
    page.get_by_role("heading", name="Readiness", exact=True).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Participant Cora").click()
    page.get_by_text("My sister, on Sundays").wait_for()
    assert_accessible(page)
    page.get_by_role("radio", name="More preparation recommended").check()
    page.get_by_label("Notes: the reasons, and the support agreed").fill("Let us take the summer to prepare.")
    page.get_by_role("button", name="Save the judgement").click()
    page.get_by_text("The readiness judgement is saved.").wait_for()
    page.get_by_role("link", name="Pause the program with a plan").click()
    page.get_by_role("heading", name="Pause the program for Participant Cora").wait_for()
    assert_accessible(page)
    page.get_by_label("The plan agreed with the participant").fill("Weekly calls with Morgan; rest; back in August.")
    page.get_by_label("Return date").fill("2026-08-03")
    page.get_by_label("I have talked this through with the participant").check()
    page.get_by_role("button", name="Pause the program").click()
    page.get_by_text("The program is paused until").first.wait_for()
    assert_accessible(page)
    assert ProgramPause.objects.get().return_on == datetime.date(2026, 8, 3)
    assert Participant.objects.get(pk=participant.pk).status == Participant.Status.ON_LEAVE

    phone_page.goto("/my-program/")
    phone_page.get_by_text("Your program is paused until").wait_for()
    phone_page.get_by_text("Your progress is kept.").first.wait_for()
    phone_page.get_by_text("Weekly calls with Morgan; rest; back in August.").wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)

    page.goto("/staff/readiness/?show=pauses")
    page.get_by_role("link", name="Participant Cora").wait_for()
    assert_accessible(page)


def test_an_applicant_answers_before_the_interview_and_the_interviewer_records_the_judgement(
    phone_page, page, applicant, instructor
):
    from tests.applications.factories import InterviewFactory, InterviewScoreFactory

    interview = InterviewFactory(application__applicant=applicant)
    InterviewScoreFactory(interview=interview, interviewer=instructor)
    phone_page.set_viewport_size(PHONE_390)
    sign_in(phone_page, applicant.email)
    phone_page.goto("/apply/")
    phone_page.get_by_role("link", name="Before your interview", exact=False).click()
    phone_page.get_by_role("heading", name="A few questions about readiness").wait_for()
    for question in QUESTIONS:
        phone_page.locator(f"input[name='{question.key}'][value='prefer_not']").check()
    phone_page.get_by_role("button", name="Save and come back later").click()
    phone_page.get_by_text("Your answers are saved. You can come back to them.").wait_for()
    assert_accessible(phone_page)
    _fits_the_phone(phone_page)

    sign_in(page, instructor.email, totp_secret=TOTP_SECRET)
    page.goto(f"/staff/applications/{interview.application.public_id}/score/")
    page.get_by_role("link", name="Readiness: the applicant's own answers and your judgement").click()
    page.get_by_text("Saved by the applicant but not sent yet.").wait_for()
    assert_accessible(page)
    page.get_by_role("radio", name="Ready, with support agreed").check()
    page.get_by_role("button", name="Save the judgement").click()
    page.get_by_text("The readiness judgement is saved.").wait_for()
    assert ReadinessAssessment.objects.get().assessed_by == instructor
