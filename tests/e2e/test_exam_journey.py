"""The issue's browser test for the final exam: a participant takes an exam with a
choice question and an essay, an instructor scores the essay blind, and the participant
reads the pass and sees the exam requirement complete on their progress page."""

from requirements_tracking.models import Attempt, Question
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import new_context, sign_in
from tests.requirements_tracking import exam_factories as make

K = Question.Kind


def test_take_score_and_see_the_exam_complete(page, browser, live_server, participant, instructor):
    single = make.question(K.SINGLE, points="2", text="Which answer keeps the relationship safe?")
    essay = make.question(
        K.ESSAY,
        competency_name="Safety planning",
        points="4",
        text="Someone you support says they are afraid to go home tonight. What do you do?",
    )
    make.exam(participant.cohort, questions=[single, essay], title="Final exam", pass_percent=70)

    # The participant takes it.
    sign_in(page, participant.user.email)
    page.wait_for_url("**/my-program/")
    page.goto("/hours/")
    page.get_by_text("Not yet taken").wait_for()
    page.goto("/exam/")
    page.get_by_role("button", name="Start the exam").click()
    page.get_by_text("Question 1 of 2").wait_for()
    page.get_by_label("Keep to the program's channels").check()
    page.get_by_role("button", name="Save and go to the next question").click()
    page.get_by_text("Question 2 of 2").wait_for()
    page.get_by_role("textbox").fill("I listen, ask what would make tonight safer, and offer the shelter line.")
    page.get_by_role("button", name="Save and review my answers").first.click()
    page.get_by_role("button", name="Submit my exam").click()
    page.wait_for_load_state()
    attempt = Attempt.objects.get()
    assert attempt.status == Attempt.Status.SUBMITTED  # the essay waits for a scorer
    page.goto("/hours/")
    page.get_by_text("Waiting for scoring").wait_for()

    # An instructor scores the essay from the queue, without seeing a name.
    scorer = new_context(browser, base_url=live_server.url, locale="en-US").new_page()
    sign_in(scorer, instructor.email, totp_secret=TOTP_SECRET)
    scorer.wait_for_url("**/staff/")
    scorer.goto("/staff/exam/scoring/")
    assert scorer.get_by_text(str(participant.user)).count() == 0
    scorer.get_by_role("link", name="Score").first.click()
    scorer.get_by_label("Points").fill("3.5")
    scorer.get_by_role("button", name="Save score").click()
    scorer.get_by_text("Thank you. Your score is saved.").wait_for()
    attempt.refresh_from_db()
    assert (attempt.status, attempt.passed) == (Attempt.Status.FINAL, True)  # 5.5 of 6

    # The participant reads the pass, and the requirement is complete.
    page.goto(f"/exam/attempts/{attempt.public_id}/result/")
    page.get_by_text("You passed. Congratulations!").wait_for()
    assert_accessible(page)
    page.goto("/hours/")
    exam_row = page.locator("li", has=page.get_by_role("heading", name="Final exam", exact=True))
    exam_row.get_by_text("Passed").wait_for()
    assert_accessible(page)
