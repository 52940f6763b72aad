"""The exam's set-up in a real browser: program staff write an essay question and a
one-answer question, change the one-answer question (a new version shows in its
history), and set up the cohort's exam with both; the exam page also works on a phone."""

import datetime
import re
import zoneinfo

from requirements_tracking.models import Exam, Question
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, screenshot, sign_in

LOCAL = zoneinfo.ZoneInfo("America/New_York")
# The question's text box ("Question*": required fields are starred).
QUESTION = re.compile(r"^\s*Question\W*$")


def test_staff_build_the_bank_and_set_up_the_cohort_exam(page, time_machine, cohort, participant, program_staff):
    time_machine.move_to(datetime.datetime(2026, 8, 1, 10, tzinfo=LOCAL), tick=True)
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")

    # An essay question, scored against its rubric.
    page.goto("/staff/exam/questions/")
    page.get_by_role("heading", name="Question bank").wait_for()
    page.get_by_text("The bank has no questions yet").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Write a question").click()
    page.get_by_role("heading", name="Write a question").wait_for()
    page.get_by_label("Competency").select_option(label="Safety planning")
    page.get_by_label("Scenario essay").check()
    page.get_by_label(QUESTION).fill("A person you support fears for their safety tonight. What do you do?")
    page.get_by_label("Points").fill("4")
    page.get_by_role("button", name="Add this question").click()
    # Without a rubric it is refused, and nothing typed is lost.
    page.get_by_text("Please write the rubric").first.wait_for()
    assert page.get_by_label("Scenario essay").is_checked()
    assert_accessible(page)
    page.get_by_label("Rubric").fill("Asks what they need, plans with them, names a safe place and a hotline.")
    page.get_by_role("button", name="Add this question").click()
    page.get_by_text("The question is added to the bank.").wait_for()

    # A one-answer question.
    page.goto("/staff/exam/questions/new/")
    page.get_by_label("Competency").select_option(label="Ethics and boundaries")
    page.get_by_label("One answer").check()
    page.get_by_label(QUESTION).fill("Which answer keeps the relationship safe?")
    page.get_by_label("Choice 1", exact=True).fill("Lend money")
    page.get_by_label("Choice 2", exact=True).fill("Keep to the program's channels")
    page.get_by_label("Right (Choice 2)").check()
    page.get_by_label("Choice 3", exact=True).fill("Share your phone number")
    page.get_by_role("button", name="Add this question").click()
    page.get_by_text("The question is added to the bank.").wait_for()

    # Changed: a second version, the first kept in the history.
    page.get_by_role("link", name="Change (adds a version)").click()
    page.get_by_role("heading", name="Change a question").wait_for()
    assert_accessible(page)
    page.get_by_label(QUESTION).fill("Which answer keeps the helping relationship safe?")
    page.get_by_role("button", name="Save as a new version").click()
    page.get_by_text("Saved as version 2.").wait_for()
    page.get_by_role("heading", name="Version 2").wait_for()
    page.get_by_role("heading", name="Version 1").wait_for()
    screenshot(page, "exam-bank-question-history.png")
    assert page.get_by_text("Which answer keeps the relationship safe?").is_visible()
    assert Question.objects.get(kind="single").versions.count() == 2

    # The bank lists both; the competencies can be edited.
    page.get_by_role("link", name="Back to the question bank").click()
    page.get_by_role("link", name="Which answer keeps the helping relationship safe?").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Competencies").click()
    page.get_by_role("heading", name="Competencies", exact=True).wait_for()
    assert_accessible(page)

    # The cohort's exam with both questions.
    page.goto("/staff/exam/")
    page.get_by_text("No exam is set up yet").wait_for()
    page.get_by_role("link", name="Set up an exam").click()
    page.get_by_role("heading", name="Set up an exam").wait_for()
    page.get_by_label("Cohort").select_option(label="2026 cohort")
    page.get_by_label("Which answer keeps the helping relationship safe?").check()
    page.get_by_label("A person you support fears for their safety tonight").check()
    page.get_by_label("Opens").fill("2026-09-01T09:00")
    page.get_by_label("Closes").fill("2026-08-15T17:00")
    page.get_by_role("button", name="Set up this exam").click()
    page.get_by_text("The exam must close after it opens.").first.wait_for()
    assert_accessible(page)
    page.get_by_label("Closes").fill("2026-09-15T17:00")
    page.get_by_label("Pass mark (%)").fill("75")
    screenshot(page, "exam-bank-exam-form.png")
    page.get_by_role("button", name="Set up this exam").click()
    page.get_by_text("The exam “Final exam” is set up.").wait_for()
    exam = Exam.objects.get()
    assert (exam.cohort, exam.pass_percent, exam.exam_questions.count()) == (cohort, 75, 2)
    page.get_by_role("heading", name="Accommodations").wait_for()
    assert_accessible(page)

    # An accommodation for the participant, then the exam page on a phone.
    page.get_by_role("link", name="Add (Participant Cora)").click()
    page.get_by_label("Extra minutes").fill("30")
    page.get_by_label("Read-aloud friendly layout").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("The accommodation for Participant Cora is saved.").wait_for()
    page.set_viewport_size(PHONE)
    page.reload()
    page.get_by_role("heading", name="Final exam").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "exam-bank-exam-phone.png")
