"""Reads for the question bank, the competencies and the exams' set-up, each page at a
fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Substr

from applications.access.selectors import AccessSummary
from applications.models import AccessNeeds
from cohorts.models import Participant
from requirements_tracking.models import Competency, Exam, ExamAccommodation, ExamQuestion, Question, QuestionVersion

# The bank list shows the start of each question's current words.
LIST_TEXT_LENGTH = 120


def _current(field: str) -> Subquery:
    return Subquery(QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number").values(field)[:1])


def questions_for_bank(*, competency: Competency | None = None, kind: str = "", active: bool | None = None) -> QuerySet:
    """Questions with their current words (the first 120 characters, plus one to know
    whether there is more), points and number of versions: one query."""
    questions = (
        Question.objects.select_related("competency")
        .annotate(
            current_text=Substr(_current("text"), 1, LIST_TEXT_LENGTH + 1),
            current_points=_current("points"),
            version_count=Count("versions"),
        )
        .order_by("competency__position", "competency__pk", "-created_at", "-pk")
    )
    if competency is not None:
        questions = questions.filter(competency=competency)
    if kind:
        questions = questions.filter(kind=kind)
    if active is not None:
        questions = questions.filter(active=active)
    return questions


def question_for_bank(public_id) -> Question | None:
    """A question with every version, newest first, and who wrote each."""
    versions = QuestionVersion.objects.select_related("created_by").order_by("-number")
    return (
        Question.objects.filter(public_id=public_id)
        .select_related("competency")
        .prefetch_related(Prefetch("versions", queryset=versions, to_attr="history"))
        .first()
    )


def current_version(question: Question) -> QuestionVersion | None:
    history = getattr(question, "history", None)
    if history is not None:
        return history[0] if history else None
    return QuestionVersion.objects.filter(question=question).order_by("-number").first()


def competencies_for_staff() -> QuerySet[Competency]:
    return Competency.objects.annotate(
        question_count=Count("questions", distinct=True),
        active_question_count=Count("questions", filter=Q(questions__active=True), distinct=True),
    ).order_by("position", "pk")


def competency_for_staff(pk) -> Competency | None:
    return competencies_for_staff().filter(pk=pk).first()


@dataclass(frozen=True)
class BankGroup:
    """A competency and its questions, for choosing an exam's questions."""

    competency: Competency
    questions: list[Question]


def bank_groups(*, include: set[int] = frozenset()) -> list[BankGroup]:
    """The active questions (and those in `include`, already on the exam) by competency,
    each with its current words: one query."""
    questions = (
        Question.objects.filter(Q(active=True) | Q(pk__in=include))
        .select_related("competency")
        .annotate(current_text=_current("text"), current_points=_current("points"))
        .order_by("competency__position", "competency__pk", "pk")
    )
    groups: dict[int, BankGroup] = {}
    for question in questions:
        group = groups.get(question.competency_id)
        if group is None:
            group = groups[question.competency_id] = BankGroup(competency=question.competency, questions=[])
        group.questions.append(question)
    return list(groups.values())


def exams_for_staff() -> QuerySet[Exam]:
    """Every exam, newest first, with its cohort and number of attempts: one query."""
    return (
        Exam.objects.select_related("cohort", "requirement")
        .annotate(attempt_count=Count("attempts"))
        .order_by("-created_at", "-pk")
    )


def exam_for_staff(public_id) -> Exam | None:
    return (
        Exam.objects.filter(public_id=public_id)
        .select_related("cohort", "requirement")
        .annotate(attempt_count=Count("attempts"))
        .first()
    )


def exam_questions(exam: Exam) -> list[ExamQuestion]:
    """The chosen questions of a fixed exam, in order, with their current words."""
    return list(
        ExamQuestion.objects.filter(exam=exam)
        .select_related("question__competency")
        .annotate(current_text=_current_for_exam_question("text"), current_points=_current_for_exam_question("points"))
        .order_by("position", "pk")
    )


def _current_for_exam_question(field: str) -> Subquery:
    return Subquery(
        QuestionVersion.objects.filter(question=OuterRef("question_id")).order_by("-number").values(field)[:1]
    )


@dataclass(frozen=True)
class AccommodationRow:
    participant: Participant
    accommodation: ExamAccommodation | None


def accommodation_rows(exam: Exam) -> list[AccommodationRow]:
    """Everyone taking part in the exam's cohort now, by name, with their accommodation
    (the note is not read here: it is opened one person at a time). Two queries."""
    participants = list(
        Participant.objects.filter(cohort_id=exam.cohort_id, status__in=Participant.TAKING_PART)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
    accommodations = {
        accommodation.participant_id: accommodation
        for accommodation in ExamAccommodation.objects.filter(exam=exam).defer("note")
    }
    return [AccommodationRow(participant=p, accommodation=accommodations.get(p.pk)) for p in participants]


# A person's recorded needs as a starting point for their exam accommodation, which staff
# check and save: "extra time" is time and a half (half the time limit, rounded up to
# whole 5 minutes); someone to read aloud or large print gets the read-aloud layout
# (larger text, one question per page).
READ_ALOUD_FORMATS = frozenset({AccessNeeds.Format.READ_ALOUD, AccessNeeds.Format.LARGE_PRINT})


def accommodation_suggested(exam: Exam, needs: AccessSummary | None) -> dict | None:
    """{"extra_minutes", "read_aloud_layout"} from `needs`, or None when they ask for neither."""
    if needs is None:
        return None
    read_aloud = bool(READ_ALOUD_FORMATS & set(needs.formats))
    if not (needs.extra_time or read_aloud):
        return None
    extra = -(-exam.time_limit_minutes // 10) * 5 if needs.extra_time else 0  # half, rounded up to 5
    return {"extra_minutes": min(extra, 600), "read_aloud_layout": read_aloud}


def exam_participant(exam: Exam, public_id) -> Participant | None:
    """A participant of the exam's cohort (any status: an accommodation can be looked at
    after someone leaves)."""
    return Participant.objects.filter(cohort_id=exam.cohort_id, public_id=public_id).select_related("user").first()


def accommodation_of(exam: Exam, participant: Participant) -> ExamAccommodation | None:
    return ExamAccommodation.objects.filter(exam=exam, participant=participant).first()
