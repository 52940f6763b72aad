"""The final exam in a real browser, on a phone: a participant starts, answers the first
question (saved in the background), closes the page, comes back to find the answer kept,
answers the second, reviews, submits and reads the result with feedback by area."""

from requirements_tracking.models import Attempt, Question
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, screenshot, sign_in
from tests.requirements_tracking import exam_factories as make

K = Question.Kind


def fits_a_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_participant_takes_the_exam_on_a_phone(phone_page, participant):
    single = make.question(K.SINGLE, text="Which answer keeps the relationship safe?")
    true_false = make.question(K.TRUE_FALSE, competency_name="Self-care", text="Rest is part of the work.")
    make.exam(participant.cohort, questions=[single, true_false], title="Final exam", pass_percent=50)
    page = phone_page

    sign_in(page, participant.user.email)
    page.wait_for_url("**/my-program/")
    page.goto("/exam/")
    page.get_by_role("heading", name="My exam").wait_for()
    assert page.get_by_text("0 of 2 used").is_visible()
    assert fits_a_phone(page)
    assert_accessible(page)

    page.get_by_role("button", name="Start the exam").click()
    page.get_by_role("heading", name="Final exam").wait_for()
    page.get_by_text("Question 1 of 2").wait_for()
    assert fits_a_phone(page)
    assert_accessible(page)
    page.get_by_label("Keep to the program's channels").check()
    # exam.js saves in the background and says so politely.
    page.get_by_text("Saved at").wait_for()
    screenshot(page, "exam-question-phone.png")

    # The page is closed mid-way (a dropped connection, a closed tab) ...
    context = page.context
    page.close()
    page = context.new_page()
    page.goto("/exam/")
    page.get_by_role("link", name="Carry on with my exam").click()
    page.get_by_text("Question 1 of 2").wait_for()
    # ... and the answer is still there.
    assert page.get_by_label("Keep to the program's channels").is_checked()
    page.get_by_role("button", name="Save and go to the next question").click()
    page.get_by_text("Question 2 of 2").wait_for()
    page.get_by_label("True").check()
    page.get_by_role("button", name="Save and review my answers").first.click()

    page.get_by_role("heading", name="Review your answers").wait_for()
    assert page.get_by_text("Keep to the program's channels").is_visible()
    assert fits_a_phone(page)
    assert_accessible(page)
    screenshot(page, "exam-review-phone.png")
    page.get_by_role("button", name="Submit my exam").click()

    page.get_by_role("heading", name="Your exam result").wait_for()
    page.get_by_text("You passed. Congratulations!").wait_for()
    feedback = page.get_by_role("region", name="How you did in each area")
    assert feedback.get_by_text("Ethics and boundaries").is_visible()
    assert feedback.get_by_text("Self-care").is_visible()
    assert page.get_by_text("Keep to the program's channels").count() == 0
    assert fits_a_phone(page)
    assert_accessible(page)
    screenshot(page, "exam-result-phone.png")
    attempt = Attempt.objects.get()
    assert (attempt.status, attempt.passed) == (Attempt.Status.FINAL, True)
