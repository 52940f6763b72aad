"""Reads for scoring, the staff attempt overview, remediation and appeals; each list at
a fixed number of queries. Scorers see a candidate label, never a name."""

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext

from requirements_tracking.models import Answer, AnswerScore, Attempt, Exam, ExamAppeal, Question

WRITTEN = (Question.Kind.SHORT, Question.Kind.ESSAY)


def candidate_label(public_id) -> str:
    """An anonymous label for blind scoring, from the attempt's public id (not its
    database id, which would tell the order people sat the exam), in the reader's language:
    the word is the queue's "Candidate" column heading, which the label sits under."""
    return f"{gettext('Candidate')} {public_id.hex[:4].upper()}"


def exams_for_filter() -> QuerySet[Exam]:
    return Exam.objects.select_related("cohort").order_by("-opens_at", "pk")


def scoring_queue(*, exam: Exam | None = None, user=None) -> QuerySet[Answer]:
    """Written answers of submitted attempts that wait for a (first or second) score,
    oldest submission first. `answer.current_count` and `answer.mine` (current scores by
    `user`) tell the page what each row waits for. The answers' text is not loaded."""
    current = Q(scores__replaced_at__isnull=True)
    answers = (
        Answer.objects.filter(attempt__status=Attempt.Status.SUBMITTED, version__question__kind__in=WRITTEN)
        .annotate(
            current_count=Count("scores", filter=current),
            mine=Count("scores", filter=current & Q(scores__scorer=user)) if user is not None else Value(0),
            needed=Case(
                When(attempt__exam__second_scorer_required=True, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .filter(current_count__lt=F("needed"))
        .select_related("attempt__exam", "version__question__competency")
        .defer("response")
        .order_by("attempt__submitted_at", "attempt__pk", "position")
    )
    if exam is not None:
        answers = answers.filter(attempt__exam=exam)
    return answers


def next_answer_to_score(*, user) -> Answer | None:
    """The first answer in the scoring queue that still waits for a score from `user`
    (none from them yet: a second score is always someone else's), for "save and next"."""
    return scoring_queue(user=user).filter(mine=0).first()


def answer_for_scoring(answer_id: int) -> Answer | None:
    return (
        Answer.objects.filter(pk=answer_id)
        .select_related("attempt__exam", "version__question__competency")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=AnswerScore.objects.select_related("scorer").order_by("created_at", "pk"),
                to_attr="history",
            )
        )
        .first()
    )


def attempts_for_staff(*, exam: Exam | None = None) -> QuerySet[Attempt]:
    attempts = Attempt.objects.select_related("exam__cohort", "participant__user").order_by(
        "-exam__opens_at", "exam__pk", "-submitted_at", "-pk"
    )
    if exam is not None:
        attempts = attempts.filter(exam=exam)
    return attempts


def attempt_for_staff(public_id) -> Attempt | None:
    """One attempt with its answers (each with every score ever given, oldest first), its
    remediation plan and its appeals."""
    history = AnswerScore.objects.select_related("scorer").order_by("created_at", "pk")
    return (
        Attempt.objects.filter(public_id=public_id)
        .select_related("exam__cohort", "participant__user", "remediation")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("version__question__competency")
                .prefetch_related(Prefetch("scores", queryset=history, to_attr="history"))
                .order_by("position"),
                to_attr="answer_list",
            ),
            Prefetch("appeals", queryset=ExamAppeal.objects.select_related("decided_by"), to_attr="appeal_list"),
        )
        .first()
    )


def appeals_for_staff() -> QuerySet[ExamAppeal]:
    """Open appeals first, then decided ones; oldest first in each (the longest waiting
    on top). Texts are not loaded: the list does not show them."""
    return (
        ExamAppeal.objects.select_related("attempt__exam", "attempt__participant__user")
        .defer("reason", "review_notes", "outcome")
        .annotate(is_open=Case(When(status=ExamAppeal.Status.OPEN, then=Value(0)), default=Value(1)))
        .order_by("is_open", "submitted_at", "pk")
    )


def appeal_for_staff(public_id) -> ExamAppeal | None:
    return (
        ExamAppeal.objects.filter(public_id=public_id)
        .select_related("attempt__exam", "attempt__participant__user", "decided_by")
        .first()
    )


def attempt_for_participant(*, user, public_id) -> Attempt | None:
    """The signed-in person's own attempt, with its appeals (newest first); someone
    else's is None (a 404)."""
    if not user.is_authenticated:
        return None
    return (
        Attempt.objects.filter(public_id=public_id, participant__user=user)
        .select_related("exam")
        .prefetch_related(
            Prefetch("appeals", queryset=ExamAppeal.objects.order_by("-submitted_at"), to_attr="appeal_list")
        )
        .first()
    )
