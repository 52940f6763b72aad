"""Exam scoring in a real browser: an instructor scores an essay blind from the queue
(the attempt becomes final and the participant's result email goes out); the
participant asks for a review on a phone; program staff decide it from the appeals
queue, and the participant reads the outcome."""

from django.core import mail

from cpse.notify.models import Notification
from requirements_tracking.exam_review.selectors import candidate_label
from requirements_tracking.models import Attempt, ExamAppeal, Question
from tests.conftest import TOTP_SECRET
from tests.e2e.axe import assert_accessible
from tests.e2e.support import PHONE, screenshot, sign_in
from tests.requirements_tracking import exam_factories as make


def test_an_essay_is_scored_then_appealed_and_decided(page, phone_page, participant, instructor, program_staff):
    essay = make.question(Question.Kind.ESSAY, text="Describe a safe boundary with a peer.", points="4")
    exam = make.exam(participant.cohort, questions=[essay])
    attempt = make.submitted_attempt(exam, participant, [(essay, {"text": "I keep to the program's channels."})])
    label = candidate_label(attempt.public_id)

    # The instructor scores the essay from the queue, without seeing a name.
    sign_in(page, instructor.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto("/staff/exam/scoring/")
    page.get_by_role("heading", name="Exam scoring").wait_for()
    assert page.get_by_role("rowheader", name=label).is_visible()
    assert "Participant Cora" not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name="Score").click()
    page.get_by_role("heading", name=f"Score an answer: {label}").wait_for()
    assert "Participant Cora" not in page.content()
    page.get_by_label("Points").fill("a lot")
    page.get_by_role("button", name="Save score").click()
    page.get_by_text("Please check the answers marked below").wait_for()
    assert_accessible(page)
    page.get_by_label("Points").fill("3.5")
    page.get_by_label("Comment (optional)").fill("Names the boundary and a safe alternative.")
    page.get_by_role("button", name="Save score").click()
    page.get_by_text("Thank you. Your score is saved.").wait_for()
    page.get_by_text("No answers are waiting for a score").wait_for()

    attempt.refresh_from_db()
    assert (attempt.status, attempt.passed) == (Attempt.Status.FINAL, True)
    assert Notification.objects.get(kind="exam_result").key == f"exam-result:{attempt.pk}"
    sent = [m for m in mail.outbox if m.to == [participant.user.email]]
    assert len(sent) == 1 and "For your privacy, we do not put results in email" in sent[0].body
    assert "3.5" not in sent[0].body

    # The participant asks for a review, on a phone.
    sign_in(phone_page, participant.user.email)
    phone_page.wait_for_url("**/my-program/")
    phone_page.goto(f"/exam/attempts/{attempt.public_id}/appeal/")
    phone_page.get_by_role("heading", name="Ask for a review of your result").wait_for()
    assert_accessible(phone_page)
    phone_page.get_by_label("Why would you like your result reviewed?").fill("My answer also named a referral.")
    phone_page.get_by_role("button", name="Send my request").click()
    phone_page.get_by_text("Your request for a review is sent").wait_for()
    phone_page.get_by_text("Being reviewed").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(phone_page)
    screenshot(phone_page, "exam-appeal-phone.png")

    # Program staff decide it from the appeals queue.
    page.context.clear_cookies()
    sign_in(page, program_staff.email, totp_secret=TOTP_SECRET)
    page.wait_for_url("**/staff/")
    page.goto("/staff/exam/appeals/")
    page.get_by_role("heading", name="Exam appeals").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Participant Cora").click()
    page.get_by_role("heading", name="Exam appeal: Participant Cora").wait_for()
    assert page.get_by_text("My answer also named a referral.").is_visible()
    page.get_by_label("Result stands").check()
    page.get_by_label("Outcome (the participant reads this)").fill("We read your answer again; the result stands.")
    page.get_by_label("Review notes (staff only)").fill("Rubric applied as written.")
    assert_accessible(page)
    page.get_by_role("button", name="Save the decision").click()
    page.get_by_text("The decision is saved.").wait_for()
    assert ExamAppeal.objects.get().status == ExamAppeal.Status.NOT_UPHELD
    assert Notification.objects.filter(kind="exam_appeal_decided", recipient=participant.user).count() == 1
    # The attempt's page (answers and score history) and the re-score page.
    page.goto(f"/staff/exam/attempts/{attempt.public_id}/")
    page.get_by_role("heading", name="Participant Cora: attempt 1").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Re-score").click()
    page.get_by_role("heading", name=f"Re-score an answer: {label}").wait_for()
    assert_accessible(page)

    # The participant reads the outcome, not the staff's notes.
    phone_page.reload()
    phone_page.get_by_text("We read your answer again; the result stands.").wait_for()
    assert "Rubric applied as written." not in phone_page.content()
