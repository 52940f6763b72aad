"""The participant's exam pages: the exam page, starting, taking it with and without
JavaScript, the review page, submitting, the result; others' attempts are 404."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from requirements_tracking.exam import services
from requirements_tracking.models import Attempt, Exam, ExamAccommodation, Question, RemediationPlan
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking import exam_factories as make

K = Question.Kind
S = Attempt.Status
NOW = datetime.datetime(2026, 6, 20, 15, 0, tzinfo=datetime.UTC)
AUTOSAVE = {"HTTP_X_EXAM_AUTOSAVE": "1"}


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def signed_in(client, participant):
    client.force_login(participant.user)
    return client


@pytest.fixture
def two_questions(participant, _now):
    single = make.question(K.SINGLE, points="2")
    true_false = make.question(K.TRUE_FALSE, competency_name="Self-care", text="Rest is part of the work.")
    return make.exam(participant.cohort, questions=[single, true_false])


def url(name, attempt):
    return reverse(f"exam:{name}", args=[attempt.public_id])


def started(participant, exam):
    return services.attempt_start(participant=participant, exam=exam)


@pytest.mark.django_db
def test_the_exam_page_is_calm_without_a_participation_or_an_exam(client, applicant, participant):
    client.force_login(applicant)
    response = client.get(reverse("exam:mine"))
    assert response.status_code == 200
    assert b"once you are a participant" in response.content
    client.force_login(participant.user)
    response = client.get(reverse("exam:mine"))
    assert response.status_code == 200
    assert b"not set up yet" in response.content
    assert client.post(reverse("exam:start")).status_code == 404


@pytest.mark.django_db
def test_the_exam_page_shows_the_window_time_and_attempts(signed_in, participant, two_questions):
    ExamAccommodation.objects.create(exam=two_questions, participant=participant, extra_minutes=15)
    content = signed_in.get(reverse("exam:mine")).content.decode()
    assert "75 minutes" in content and "including 15 extra minutes" in content
    assert "0 of 2 used" in content
    assert "Start the exam" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"opens_at": NOW + datetime.timedelta(days=2)}, "The exam opens at 11 a.m. on June 22, 2026."),
        ({"closes_at": NOW - datetime.timedelta(seconds=1)}, "The exam closed at"),
    ],
)
def test_the_exam_page_says_kindly_why_not_now(signed_in, two_questions, change, words):
    Exam.objects.filter(pk=two_questions.pk).update(
        **{"opens_at": NOW - datetime.timedelta(days=5), **change},
    )
    content = signed_in.get(reverse("exam:mine")).content.decode()
    assert words in content
    assert "Start the exam" not in content


@pytest.mark.django_db
def test_after_a_fail_the_page_shows_the_wait_and_the_review_plan(signed_in, participant, two_questions):
    attempt = started(participant, two_questions)
    services.attempt_submit(attempt=attempt)
    RemediationPlan.objects.filter(attempt=attempt).update(plan="Read chapter 3 with your instructor.")
    content = signed_in.get(reverse("exam:mine")).content.decode()
    assert "You can take the exam again from 11 a.m. on July 4, 2026." in content
    assert "Read chapter 3 with your instructor." in content
    assert "Not yet" in content and "Failed" not in content and "failed" not in content
    assert "1 of 2 used" in content


@pytest.mark.django_db
def test_starting_goes_to_the_first_question_and_a_double_click_resumes(signed_in, participant, two_questions):
    first = signed_in.post(reverse("exam:start"))
    attempt = Attempt.objects.get()
    assert first.url == url("take", attempt)
    second = signed_in.post(reverse("exam:start"))
    assert second.url == url("take", attempt)
    assert Attempt.objects.count() == 1
    assert "Carry on with my exam" in signed_in.get(reverse("exam:mine")).content.decode()


@pytest.mark.django_db
def test_a_refused_start_is_a_message_on_the_exam_page(signed_in, two_questions):
    Exam.objects.filter(pk=two_questions.pk).update(closes_at=NOW)
    response = signed_in.post(reverse("exam:start"), follow=True)
    assert "The exam closed at" in response.content.decode()
    assert not Attempt.objects.exists()


@pytest.mark.django_db
def test_one_question_per_page_saved_as_one_goes_without_javascript(signed_in, participant, two_questions):
    attempt = started(participant, two_questions)
    page = signed_in.get(url("take", attempt)).content.decode()
    assert 'type="radio"' in page and "Question 1 of 2" in page and "Rest is part" not in page
    assert "correct" not in page

    response = signed_in.post(url("save", attempt), {"page": "1", "answer_0": "b", "go": "next"})
    assert response.url == f"{url('take', attempt)}?q=2"
    page = signed_in.get(response.url).content.decode()
    assert "Rest is part of the work." in page
    response = signed_in.post(url("save", attempt), {"page": "2", "answer_1": "true", "go": "previous"})
    assert response.url == f"{url('take', attempt)}?q=1"
    # Coming back: the answer is still chosen.
    assert (
        'value="b" class="form-check-input" id="id_answer_0_1" checked' in signed_in.get(response.url).content.decode()
    )
    response = signed_in.post(url("save", attempt), {"page": "2", "answer_1": "true", "go": "next"})
    assert response.url == url("review", attempt)
    responses = list(attempt.answers.order_by("position").values_list("response", flat=True))
    assert responses == [{"choices": ["b"]}, {"choices": ["true"]}]


@pytest.mark.django_db
def test_exam_js_saves_in_the_background(signed_in, participant, two_questions):
    attempt = started(participant, two_questions)
    response = signed_in.post(url("save", attempt), {"page": "1", "answer_0": "c"}, **AUTOSAVE)
    assert response.status_code == 200 and response.json()["saved"] is True
    assert attempt.answers.get(position=0).response == {"choices": ["c"]}
    response = signed_in.post(url("save", attempt), {"page": "1", "answer_0": "zz"}, **AUTOSAVE)
    assert response.status_code == 400
    assert response.json() == {"saved": False, "message": "Not saved: Please choose from the answers shown."}
    assert attempt.answers.get(position=0).response == {"choices": ["c"]}


@pytest.mark.django_db
def test_all_on_one_page_and_bad_input_is_a_message_never_an_error_page(signed_in, participant):
    versions = [make.question(K.SINGLE), make.question(K.MULTIPLE), make.question(K.SHORT), make.question(K.ESSAY)]
    exam = make.exam(participant.cohort, questions=versions, layout=Exam.Layout.ALL_ON_ONE_PAGE)
    attempt = started(participant, exam)
    page = signed_in.get(url("take", attempt)).content.decode()
    assert page.count('class="exam-question') == 4
    assert 'type="checkbox"' in page and "<textarea" in page

    typed = "y" * 501
    data = {"page": "1", "answer_0": "nope", "answer_1": ["a", "d"], "answer_2": typed, "answer_3": "My plan"}
    response = signed_in.post(url("save", attempt), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Please choose from the answers shown." in content
    assert "Please keep this answer to 500 characters (it has 501)." in content
    assert typed in content  # what was typed is kept
    # The valid answers are saved all the same.
    saved = {a.position: a.response for a in attempt.answers.all()}
    assert saved[1] == {"choices": ["a", "d"]} and saved[3] == {"text": "My plan"} and saved[2] == {}


@pytest.mark.django_db
def test_the_read_aloud_layout_is_one_per_page_larger_and_without_a_ticking_timer(signed_in, participant):
    versions = [make.question(K.SINGLE), make.question(K.TRUE_FALSE)]
    exam = make.exam(participant.cohort, questions=versions, layout=Exam.Layout.ALL_ON_ONE_PAGE)
    ExamAccommodation.objects.create(exam=exam, participant=participant, read_aloud_layout=True)
    attempt = started(participant, exam)
    page = signed_in.get(url("take", attempt)).content.decode()
    assert "exam-read-aloud" in page and page.count('class="exam-question') == 1
    assert "data-exam-countdown" not in page
    assert "Your time ends at noon" in page


@pytest.mark.django_db
def test_the_timer_is_the_servers(signed_in, participant, two_questions):
    attempt = started(participant, two_questions)
    page = signed_in.get(url("take", attempt)).content.decode()
    assert 'data-seconds-left="3600"' in page and "about 60 minutes" in page


@pytest.mark.django_db
def test_saving_after_the_deadline_is_refused_and_submits(signed_in, participant, two_questions, time_machine):
    attempt = started(participant, two_questions)
    signed_in.post(url("save", attempt), {"page": "1", "answer_0": "b"})
    time_machine.move_to(attempt.deadline_at, tick=False)
    signed_in.logout()  # an hour without a request ends the session: sign in again
    signed_in.force_login(participant.user)
    response = signed_in.post(url("save", attempt), {"page": "1", "answer_0": "a"}, follow=True)
    content = response.content.decode()
    assert "The time for this exam is up" in content
    assert "Your exam result" in content
    attempt.refresh_from_db()
    assert (attempt.status, attempt.timed_out) == (S.FINAL, True)
    assert attempt.answers.get(position=0).response == {"choices": ["b"]}
    background = signed_in.post(url("save", attempt), {"page": "1", "answer_0": "a"}, **AUTOSAVE)
    assert background.status_code == 409 and background.json()["location"] == url("result", attempt)


@pytest.mark.django_db
def test_opening_an_expired_attempt_submits_it(signed_in, participant, two_questions, time_machine):
    attempt = started(participant, two_questions)
    time_machine.move_to(attempt.deadline_at + datetime.timedelta(minutes=1), tick=False)
    response = signed_in.get(url("take", attempt))
    assert response.url == url("result", attempt)
    attempt.refresh_from_db()
    assert attempt.status == S.FINAL and attempt.timed_out


@pytest.mark.django_db
def test_review_then_submit_then_the_result_with_feedback_and_no_answer_key(signed_in, participant, two_questions):
    attempt = started(participant, two_questions)
    signed_in.post(url("save", attempt), {"page": "1", "answer_0": "b"})
    review = signed_in.get(url("review", attempt)).content.decode()
    assert "Keep to the program&#x27;s channels" in review
    assert "Not answered" in review and "1 question is not answered yet." in review
    assert f"{url('take', attempt)}?q=2#question-2" in review

    response = signed_in.post(url("submit", attempt), follow=True)
    content = response.content.decode()
    assert "Your exam is submitted." in content
    assert "Not yet" in content and "failed" not in content.lower()
    assert "Ethics and boundaries" in content and "100%" in content and "Strong" in content
    assert "Self-care" in content and "To review" in content
    assert "Your review plan" in content
    # Never the answer key: neither the choices' words nor which were right.
    for choice in ["Keep to the program", "Share your phone number", "Lend money", "correct"]:
        assert choice not in content
    again = signed_in.post(url("submit", attempt), follow=True)
    assert "already submitted" in again.content.decode()


@pytest.mark.django_db
def test_while_waiting_for_scoring_the_result_page_is_calm(signed_in, participant):
    exam = make.exam(participant.cohort, questions=[make.question(K.ESSAY)])
    attempt = started(participant, exam)
    signed_in.post(url("save", attempt), {"page": "1", "answer_0": "A plan made together"})
    signed_in.post(url("submit", attempt))
    content = signed_in.get(url("result", attempt)).content.decode()
    assert "Your answers are with the scorers" in content
    assert signed_in.get(url("take", attempt)).url == url("result", attempt)
    assert signed_in.get(url("review", attempt)).url == url("result", attempt)


@pytest.mark.django_db
def test_a_result_page_of_an_attempt_in_progress_leads_back_to_it(signed_in, participant, two_questions):
    attempt = started(participant, two_questions)
    assert signed_in.get(url("result", attempt)).url == url("take", attempt)


@pytest.mark.django_db
def test_someone_elses_attempt_is_not_found_on_every_page(client, participant, other_participant, two_questions):
    attempt = started(participant, two_questions)
    client.force_login(other_participant.user)
    for name in ("take", "review", "result"):
        assert client.get(url(name, attempt)).status_code == 404, name
    for name in ("save", "submit"):
        assert client.post(url(name, attempt), {"page": "1", "answer_0": "a"}).status_code == 404, name
    attempt.refresh_from_db()
    assert attempt.status == S.IN_PROGRESS
    assert not attempt.answers.filter(saved_at__isnull=False).exists()


@pytest.mark.django_db
def test_the_exam_page_costs_the_same_with_3_or_30_attempts(signed_in, participant):
    version = make.question(K.SINGLE)
    exam = make.exam(participant.cohort, questions=[version], max_attempts=40)

    def attempts(first, last):
        for number in range(first, last + 1):
            attempt = make.submitted_attempt(exam, participant, [(version, {"choices": ["a"]})], number=number)
            attempt.answers.update(points=Decimal("0"))
            Attempt.objects.filter(pk=attempt.pk).update(status=S.FINAL, passed=False, percent=0, finalized_at=NOW)
            RemediationPlan.objects.create(attempt=attempt, plan="Review", review_by=NOW.date())

    attempts(1, 3)
    assert_queries_do_not_grow(signed_in, [reverse("exam:mine")], lambda: attempts(4, 30))


@pytest.mark.django_db
def test_the_review_page_costs_the_same_with_3_or_30_questions(signed_in, participant):
    exam = make.exam(participant.cohort, questions=[make.question(K.SINGLE) for _ in range(3)])
    attempt = started(participant, exam)

    def grow():
        more = [make.question(K.MULTIPLE if n % 2 else K.SHORT) for n in range(27)]
        for position, version in enumerate(more, start=3):
            attempt.answers.create(version=version, position=position, response={"text": "words"})

    assert_queries_do_not_grow(signed_in, [url("review", attempt), url("take", attempt)], grow)
