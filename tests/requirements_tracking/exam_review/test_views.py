"""The scoring queue and page (blind), re-scoring, the staff attempt overview,
remediation, appeals (staff and participant): what each page shows, what it refuses,
and that lists keep a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cpse.audit.models import AccessLogEntry
from cpse.notify.models import Notification
from requirements_tracking.exam_review import services
from requirements_tracking.exam_review.selectors import candidate_label
from requirements_tracking.models import AnswerScore, Attempt, ExamAppeal, Question, RemediationPlan
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking import exam_factories as make

K = Question.Kind
pytestmark = pytest.mark.django_db


@pytest.fixture
def essay():
    return make.question(K.ESSAY, text="Describe a safe boundary.", points="4")


@pytest.fixture
def exam(participant, essay):
    return make.exam(participant.cohort, questions=[essay])


def sit(exam, essay, who, text="I would keep to the program's channels."):
    attempt = make.submitted_attempt(exam, who, [(essay, {"text": text})])
    return attempt, attempt.answers.get()


def score_url(answer) -> str:
    return reverse("exam_review:score", args=[answer.pk])


def test_the_queue_and_scoring_page_are_blind(client, instructor, participant, exam, essay):
    attempt, answer = sit(exam, essay, participant)
    client.force_login(instructor)
    label = candidate_label(attempt.public_id)
    queue = client.get(reverse("exam_review:queue")).content.decode()
    assert label in queue and score_url(answer) in queue
    page = client.get(score_url(answer)).content.decode()
    assert label in page and "Describe a safe boundary." in page and "keep to the program" in page
    assert "Names the boundary" in page  # the rubric
    for html in (queue, page):
        assert "Participant Cora" not in html and "cora@example.org" not in html


def test_a_spanish_reader_sees_the_candidate_label_in_spanish(client, instructor, participant, exam, essay):
    attempt, answer = sit(exam, essay, participant)
    code = attempt.public_id.hex[:4].upper()
    client.force_login(instructor)
    for url in (reverse("exam_review:queue"), score_url(answer)):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
        assert f"Candidatura {code}" in page and f"Candidate {code}" not in page, url
    with translation.override("es"):
        assert candidate_label(attempt.public_id) == f"Candidatura {code}"


def test_the_queue_is_empty_kindly_and_filters_by_exam(client, instructor, participant, other_participant, essay):
    client.force_login(instructor)
    assert "No answers are waiting for a score" in client.get(reverse("exam_review:queue")).content.decode()
    first = make.exam(participant.cohort, questions=[essay], title="Final exam A")
    second = make.exam(CohortFactory(year=2027), questions=[essay], title="Final exam B")
    a, _ = sit(first, essay, participant)
    b, _ = sit(second, essay, ParticipantFactory(cohort=second.cohort))
    html = client.get(reverse("exam_review:queue"), {"exam": first.pk}).content.decode()
    assert candidate_label(a.public_id) in html and candidate_label(b.public_id) not in html


def test_oldest_submission_first(client, instructor, participant, other_participant, exam, essay):
    newer, _ = sit(exam, essay, participant)
    older, _ = sit(exam, essay, other_participant)
    Attempt.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=1))
    client.force_login(instructor)
    html = client.get(reverse("exam_review:queue")).content.decode()
    assert html.index(candidate_label(older.public_id)) < html.index(candidate_label(newer.public_id))


def test_scoring_from_the_page(client, instructor, participant, exam, essay):
    attempt, answer = sit(exam, essay, participant)
    client.force_login(instructor)
    response = client.post(score_url(answer), {"points": "four", "comment": "Good"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please enter points from 0 to 4, in steps of 0.5" in html and "Good" in html
    response = client.post(score_url(answer), {"points": "3.5", "comment": "Good"})
    assert response.status_code == 302 and response["Location"] == reverse("exam_review:queue")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINAL and attempt.passed is True
    assert Notification.objects.filter(kind="exam_result", key=f"exam-result:{attempt.pk}").count() == 1
    # Scored: gone from the queue; the page shows the history and no form.
    assert candidate_label(attempt.public_id) not in client.get(reverse("exam_review:queue")).content.decode()
    page = client.get(score_url(answer)).content.decode()
    assert "needs no more scores from you" in page and "3.5 points" in page and 'name="points"' not in page
    # Posting again is refused with a message, not a 500.
    response = client.post(score_url(answer), {"points": "2"})
    assert response.status_code == 200 and "already scored this answer" in response.content.decode()


def test_save_and_next_goes_through_the_queue_then_back_to_it(
    client, instructor, participant, other_participant, essay
):
    second = make.question(K.SHORT, text="Name one support line.", points="2")
    made = make.exam(participant.cohort, questions=[essay, second])
    older = make.submitted_attempt(made, other_participant, [(essay, {"text": "A"}), (second, {"text": "B"})])
    newer = make.submitted_attempt(made, participant, [(essay, {"text": "C"}), (second, {"text": "D"})])
    Attempt.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=1))
    waiting = [*older.answers.order_by("position"), *newer.answers.order_by("position")]
    client.force_login(instructor)
    assert "Save and go to the next answer" in client.get(score_url(waiting[0])).content.decode()
    # Scored out of order: "next" is the first answer still waiting, oldest submission first.
    visited = []
    for answer in [waiting[2], waiting[0], waiting[1]]:
        response = client.post(score_url(answer), {"points": "1", "then": "next"})
        visited.append(response["Location"])
    assert visited == [score_url(waiting[0]), score_url(waiting[1]), score_url(waiting[3])]
    response = client.post(score_url(waiting[3]), {"points": "1", "then": "next"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("exam_review:queue")
    assert "No more answers are waiting for a score from you." in response.content.decode()
    assert AnswerScore.objects.count() == 4


def test_save_and_next_skips_answers_i_gave_the_first_score(client, instructor, participant, other_participant, essay):
    made = make.exam(participant.cohort, questions=[essay], second_scorer_required=True)
    _first, mine = sit(made, essay, other_participant)
    _second, answer = sit(made, essay, participant)
    services.answer_score_record(answer=mine, scorer=instructor, points="3", comment="")
    client.force_login(instructor)
    response = client.post(score_url(answer), {"points": "2", "then": "next"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("exam_review:queue")
    assert "Thank you. Your score is saved. No more answers" in response.content.decode()


def test_a_choice_answer_has_no_scoring_page(client, instructor, participant):
    choice = make.question(K.SINGLE)
    made = make.exam(participant.cohort, questions=[choice])
    attempt = make.submitted_attempt(made, participant, [(choice, {"choices": ["b"]})])
    client.force_login(instructor)
    assert client.get(score_url(attempt.answers.get())).status_code == 404


def test_program_staff_rescore_and_see_the_history(client, instructor, program_staff, participant, exam, essay):
    attempt, answer = sit(exam, essay, participant)
    services.answer_score_record(answer=answer, scorer=instructor, points="2", comment="")
    attempt.refresh_from_db()
    assert attempt.passed is False
    old = AnswerScore.objects.get()
    client.force_login(instructor)
    assert client.get(reverse("exam_review:rescore", args=[answer.pk])).status_code == 403
    client.force_login(program_staff)
    url = reverse("exam_review:rescore", args=[answer.pk])
    response = client.post(url, {"replaces": old.pk, "points": "4", "reason": ""})
    assert response.status_code == 200 and "Please give the reason for the new score." in response.content.decode()
    response = client.post(url, {"replaces": old.pk, "points": "4", "reason": "Appeal: read again"})
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed is True and attempt.percent == Decimal("100.00")
    page = client.get(score_url(answer)).content.decode()
    assert "Replaced on" in page and "Current" in page and "Re-score: Appeal: read again" in page


def test_the_attempt_page_logs_the_view(client, program_staff, participant, exam, essay):
    attempt, answer = sit(exam, essay, participant)
    client.force_login(program_staff)
    listing = client.get(reverse("exam_review:attempts")).content.decode()
    assert "Participant Cora" in listing
    page = client.get(reverse("exam_review:attempt", args=[attempt.public_id])).content.decode()
    assert "Participant Cora" in page and "Not scored yet" in page
    entry = AccessLogEntry.objects.get()
    assert (entry.viewer, entry.subject, entry.record_kind) == (
        program_staff,
        participant.user,
        AccessLogEntry.RecordKind.PARTICIPANT,
    )


def test_remediation_page(client, instructor, program_staff, participant, exam, essay):
    attempt, answer = sit(exam, essay, participant)
    services.answer_score_record(answer=answer, scorer=instructor, points="1", comment="")
    url = reverse("exam_review:remediation", args=[attempt.public_id])
    client.force_login(program_staff)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(url, {"plan": "Read chapter 2", "review_by": yesterday.isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Please choose a review date from today" in html and "Read chapter 2" in html
    response = client.post(url, {"plan": "", "review_by": "not a date"})
    assert "Please write what to review." in response.content.decode()
    response = client.post(url, {"plan": "Read chapter 2", "review_by": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert RemediationPlan.objects.get().plan == "Read chapter 2"
    response = client.post(reverse("exam_review:remediation_complete", args=[attempt.public_id]))
    assert response.status_code == 302
    assert RemediationPlan.objects.get().completed_at is not None
    assert "marked completed" in client.get(url).content.decode()


def _final(exam, essay, who, instructor):
    attempt, answer = sit(exam, essay, who)
    services.answer_score_record(answer=answer, scorer=instructor, points="2", comment="")
    return Attempt.objects.select_related("exam").get(pk=attempt.pk)


def test_the_participant_appeals_and_reads_the_timeline(client, instructor, program_staff, participant, exam, essay):
    attempt = _final(exam, essay, participant, instructor)
    url = reverse("exam_review:appeal", args=[attempt.public_id])
    client.force_login(participant.user)
    page = client.get(url).content.decode()
    assert "You can ask for a review until" in page
    response = client.post(url, {"reason": ""})
    assert "Please tell us briefly why" in response.content.decode()
    response = client.post(url, {"reason": "x" * 4001})
    assert "4,000 characters" in response.content.decode()
    assert client.post(url, {"reason": "Question 1 deserved more."}).status_code == 302
    page = client.get(url).content.decode()
    assert "Being reviewed" in page and "Question 1 deserved more." in page and 'name="reason"' not in page

    appeal = ExamAppeal.objects.get()
    client.force_login(program_staff)
    queue = client.get(reverse("exam_review:appeals")).content.decode()
    assert "Participant Cora" in queue
    decide = reverse("exam_review:appeal_decide", args=[appeal.public_id])
    response = client.post(decide, {"status": "", "outcome": ""})
    assert "Please choose whether the appeal is upheld." in response.content.decode()
    response = client.post(
        decide, {"status": "not_upheld", "outcome": "The result stands.", "review_notes": "Rubric applied."}
    )
    assert response.status_code == 302
    assert "Rubric applied." in client.get(decide).content.decode()

    client.force_login(participant.user)
    page = client.get(url).content.decode()
    assert "Result stands" in page and "The result stands." in page and "Rubric applied." not in page


def test_nobody_sees_another_persons_attempt_or_appeal(client, instructor, participant, other_participant, exam, essay):
    attempt = _final(exam, essay, participant, instructor)
    url = reverse("exam_review:appeal", args=[attempt.public_id])
    client.force_login(other_participant.user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Mine now"}).status_code == 404
    client.force_login(instructor)
    assert client.get(url).status_code == 404
    assert not ExamAppeal.objects.exists()


def test_the_scoring_queue_keeps_its_query_count(client, instructor, participant, exam, essay):
    client.force_login(instructor)
    for _ in range(3):
        sit(exam, essay, ParticipantFactory(cohort=participant.cohort))

    def grow():
        for _ in range(27):
            sit(exam, essay, ParticipantFactory(cohort=participant.cohort))

    assert_queries_do_not_grow(client, [reverse("exam_review:queue")], grow)


def test_the_attempts_overview_keeps_its_query_count(client, program_staff, participant, exam, essay):
    client.force_login(program_staff)
    for _ in range(3):
        sit(exam, essay, ParticipantFactory(cohort=participant.cohort))

    def grow():
        for _ in range(27):
            sit(exam, essay, ParticipantFactory(cohort=participant.cohort))

    assert_queries_do_not_grow(
        client, [reverse("exam_review:attempts"), f"{reverse('exam_review:attempts')}?exam={exam.pk}"], grow
    )


def test_the_appeals_queue_keeps_its_query_count(client, instructor, program_staff, participant, exam, essay):
    client.force_login(program_staff)

    def appeal(decided=False):
        attempt = _final(exam, essay, ParticipantFactory(cohort=participant.cohort), instructor)
        made = services.exam_appeal_submit(attempt=attempt, reason="Please look again.")
        if decided:
            services.exam_appeal_decide(
                appeal=made, status=ExamAppeal.Status.UPHELD, review_notes="", outcome="Changed", by=program_staff
            )

    for index in range(3):
        appeal(decided=index == 0)

    def grow():
        for index in range(27):
            appeal(decided=index % 2 == 0)

    assert_queries_do_not_grow(client, [reverse("exam_review:appeals")], grow)


def test_open_appeals_come_first(client, instructor, program_staff, participant, other_participant, exam, essay):
    first = services.exam_appeal_submit(attempt=_final(exam, essay, participant, instructor), reason="One")
    services.exam_appeal_submit(attempt=_final(exam, essay, other_participant, instructor), reason="Two")
    services.exam_appeal_decide(
        appeal=first, status=ExamAppeal.Status.NOT_UPHELD, review_notes="", outcome="Stands", by=program_staff
    )
    client.force_login(program_staff)
    html = client.get(reverse("exam_review:appeals")).content.decode()
    assert html.index("Participant Dee") < html.index("Participant Cora")


def test_a_second_scorer_is_a_different_person(client, instructor, program_staff, participant, essay):
    made = make.exam(participant.cohort, questions=[essay], second_scorer_required=True)
    attempt, answer = sit(made, essay, participant)
    services.answer_score_record(answer=answer, scorer=instructor, points="3", comment="")
    client.force_login(instructor)
    html = client.get(reverse("exam_review:queue")).content.decode()
    assert "you gave the first score" in html and score_url(answer) not in html
    assert "needs no more scores from you" in client.get(score_url(answer)).content.decode()
    client.force_login(program_staff)
    html = client.get(reverse("exam_review:queue")).content.decode()
    assert "Second score" in html and score_url(answer) in html
    assert client.post(score_url(answer), {"points": "4"}).status_code == 302
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.FINAL and attempt.score_points == Decimal("3.50")
