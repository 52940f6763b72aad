"""The exam's question bank, its competencies, each cohort's exam and the participants'
accommodations (staff writes).

Rules chosen here:
- A question's words, choices, rubric and points live in versions. Editing adds a
  version (number + 1) and never touches an earlier one: an attempt keeps the version it
  was given. Saving without any change is refused ("no change"). A question keeps its
  kind and competency for life (past results are counted by competency); to move it,
  retire it and write a new one. Retired questions are not drawn for new attempts;
  nothing of the bank is ever deleted except a competency without questions.
- The same question (competency, type and words) is not added twice.
- Choices: 2 to 6, each with its own words. One answer: exactly one is right. Several
  answers: at least one right and one wrong. True or false: the two choices "true" and
  "false", one of them right. Short answers and essays: no choices, a rubric required.
  Choice keys are given by the service, "a", "b", ... in order ("true"/"false").
- Points: 0.5 to 100, at most two decimals.
- The question and each choice may also be written in Spanish (`text_es`, cpse.bilingual),
  each optional and as long as its English; true or false need none (the site says them).
- An exam per cohort and final-exam requirement. Its questions (or its random draw)
  cannot change once someone has started it; its window, instructions and the rest can.
- A random draw takes the same number from every active competency, so each needs at
  least that many active questions.
"""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.models import Cohort, Participant, Requirement
from cpse.audit.services import change_record
from cpse.errors import DomainError
from cpse.numbers import numbers_in
from requirements_tracking.models import (
    Attempt,
    Competency,
    Exam,
    ExamAccommodation,
    ExamQuestion,
    Question,
    QuestionVersion,
)

K = Question.Kind
CHOICE_KINDS = (K.SINGLE, K.MULTIPLE, K.TRUE_FALSE)
WRITTEN_KINDS = (K.SHORT, K.ESSAY)
MAX_CHOICES = 6
MIN_POINTS, MAX_POINTS = Decimal("0.5"), Decimal("100")
# Written the reader's way when shown (cpse.numbers): "0,5" and "2,5" in Spanish.
POINTS_MESSAGE = gettext_lazy("Please give between %(least)s and %(most)s points, for example %(whole)s or %(half)s.")
POINTS_NUMBERS = {"least": MIN_POINTS, "most": MAX_POINTS, "whole": Decimal("1"), "half": Decimal("2.5")}
TEXT_MAX_LENGTH = 5000
CHOICE_MAX_LENGTH = 500
NAME_MAX_LENGTH = 150
TITLE_MAX_LENGTH = 200
NOTE_MAX_LENGTH = 2000
TRUE_FALSE_KEYS = ("true", "false")
TRUE_FALSE_TEXTS = {"true": "True", "false": "False"}
# Bounds of the exam's settings (inclusive).
TIME_LIMIT = (5, 600)
PERCENT = (1, 100)
ATTEMPTS = (1, 20)
WAIT_DAYS = (0, 365)
APPEAL_DAYS = (1, 90)
DRAW = (1, 50)
EXTRA_MINUTES = (0, 600)


class ExamBankError(DomainError):
    code = "exam_bank_error"


def _whole_between(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


# --- Competencies -----------------------------------------------------------------------


def _competency_values(*, name: str, description: str, position, name_es: str = "", description_es: str = "") -> dict:
    name, description = (name or "").strip(), (description or "").strip()
    name_es, description_es = (name_es or "").strip(), (description_es or "").strip()
    if not name:
        raise ExamBankError(_("Please give the competency a name."), code="name_required")
    if len(name) > NAME_MAX_LENGTH or len(name_es) > NAME_MAX_LENGTH:
        raise ExamBankError(
            _("Please keep the name to %(max)s characters at most.") % {"max": NAME_MAX_LENGTH}, code="name_too_long"
        )
    if not _whole_between(position, 0, 999):
        raise ExamBankError(_("Please enter a position between 0 and 999."), code="bad_position")
    return {
        "name": name,
        "description": description,
        "name_es": name_es,
        "description_es": description_es,
        "position": position,
    }


def _same_name(name: str, *, exclude: int | None = None) -> bool:
    return Competency.objects.filter(name__iexact=name).exclude(pk=exclude).exists()


def _name_taken() -> ExamBankError:
    return ExamBankError(_("There is already a competency with this name."), code="name_taken")


def competency_create(
    *,
    name: str,
    description: str = "",
    name_es: str = "",
    description_es: str = "",
    position: int | None = None,
    by,
) -> Competency:
    """A new competency, active, last in the list unless a position is given."""
    if position is None:
        position = (Competency.objects.aggregate(last=Max("position"))["last"] or 0) + 1
    values = _competency_values(
        name=name, description=description, name_es=name_es, description_es=description_es, position=position
    )
    if _same_name(values["name"]):
        raise _name_taken()
    try:
        with transaction.atomic():
            return Competency.objects.create(**values)
    except IntegrityError as error:  # the same name saved at the same moment
        raise _name_taken() from error


def competency_change(
    *,
    competency: Competency,
    name: str,
    description: str,
    position: int,
    active: bool,
    name_es: str = "",
    description_es: str = "",
    by,
) -> Competency:
    """Rename, describe, move or retire (active=False) a competency."""
    values = _competency_values(
        name=name, description=description, name_es=name_es, description_es=description_es, position=position
    )
    values["active"] = bool(active)
    if _same_name(values["name"], exclude=competency.pk):
        raise _name_taken()
    try:
        with transaction.atomic():
            Competency.objects.filter(pk=competency.pk).update(**values)
            change_record(
                competency,
                changes={field: (getattr(competency, field), value) for field, value in values.items()},
                by=by,
            )
    except IntegrityError as error:
        raise _name_taken() from error
    for field, value in values.items():
        setattr(competency, field, value)
    return competency


def competency_delete(*, competency: Competency, by) -> None:
    """Only a competency nothing points at: with questions or observations, retire it."""
    with transaction.atomic():
        used = (
            Competency.objects.filter(pk=competency.pk)
            .filter(Q(questions__isnull=False) | Q(assessments__isnull=False))
            .exists()
        )
        if used:
            raise ExamBankError(
                _("“%(name)s” has questions or observations, so it stays. You can retire it instead.")
                % {"name": competency.name},
                code="competency_in_use",
            )
        deleted, _rows = Competency.objects.filter(pk=competency.pk).delete()
        if not deleted:
            raise ExamBankError(_("This competency was already deleted."), code="already_deleted")


# --- Questions and their versions ---------------------------------------------------------


def _points(value) -> Decimal:
    try:
        points = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        points = None
    if (
        points is None
        or not points.is_finite()
        or not MIN_POINTS <= points <= MAX_POINTS
        or points != points.quantize(Decimal("0.01"))
    ):
        raise ExamBankError(str(numbers_in(POINTS_MESSAGE, **POINTS_NUMBERS)), code="bad_points")
    return points.quantize(Decimal("0.01"))


def _choices(kind: str, choices: Sequence[dict]) -> list[dict]:
    """The choices as stored: keys given here, texts tidied, the rules of the kind checked."""
    rows = [
        {
            **choice,
            "text": str(choice.get("text") or "").strip(),
            "text_es": str(choice.get("text_es") or "").strip(),
            "correct": bool(choice.get("correct")),
        }
        for choice in choices or ()
    ]
    if kind in WRITTEN_KINDS:
        if any(row["text"] for row in rows):
            raise ExamBankError(
                _("Short answers and essays have no choices: staff score them against the rubric."),
                code="no_choices_for_written",
            )
        return []
    if kind == K.TRUE_FALSE:
        right = [row for row in rows if row["correct"]]
        if len(right) != 1 or right[0].get("key") not in TRUE_FALSE_KEYS:
            raise ExamBankError(_("Please choose whether the statement is true or false."), code="true_false_answer")
        return [
            {"key": key, "text": TRUE_FALSE_TEXTS[key], "correct": key == right[0]["key"]} for key in TRUE_FALSE_KEYS
        ]
    rows = [row for row in rows if row["text"]]
    if len(rows) < 2:
        raise ExamBankError(_("Please write at least two choices."), code="too_few_choices")
    if len(rows) > MAX_CHOICES:
        raise ExamBankError(
            _("Please keep to %(max)s choices at most.") % {"max": MAX_CHOICES}, code="too_many_choices"
        )
    if any(max(len(row["text"]), len(row["text_es"])) > CHOICE_MAX_LENGTH for row in rows):
        raise ExamBankError(
            _("Please keep each choice to %(max)s characters at most.") % {"max": CHOICE_MAX_LENGTH},
            code="choice_too_long",
        )
    if len({row["text"].casefold() for row in rows}) != len(rows):
        raise ExamBankError(_("Two choices say the same thing. Please make each one different."), code="same_choice")
    right = sum(row["correct"] for row in rows)
    if kind == K.SINGLE and right != 1:
        raise ExamBankError(
            _("A question with one answer needs exactly one right choice. Please tick one."), code="single_one_right"
        )
    if kind == K.MULTIPLE and not 0 < right < len(rows):
        raise ExamBankError(
            _("A question with several answers needs at least one right choice and at least one wrong one."),
            code="multiple_right_and_wrong",
        )
    return [
        {"key": chr(ord("a") + index), "text": row["text"], **_spanish(row), "correct": row["correct"]}
        for index, row in enumerate(rows)
    ]


def _spanish(row: dict) -> dict:
    # Stored only when written: a choice without it reads in English (cpse.bilingual).
    return {"text_es": row["text_es"]} if row["text_es"] else {}


def _version_values(*, kind: str, text: str, text_es: str, choices: Sequence[dict], rubric: str, points) -> dict:
    text, text_es, rubric = (text or "").strip(), (text_es or "").strip(), (rubric or "").strip()
    if not text:
        raise ExamBankError(_("Please write the question."), code="text_required")
    if max(len(text), len(text_es), len(rubric)) > TEXT_MAX_LENGTH:
        raise ExamBankError(
            _("Please keep the question and the rubric to %(max)s characters each.") % {"max": TEXT_MAX_LENGTH},
            code="text_too_long",
        )
    if kind in WRITTEN_KINDS and not rubric:
        raise ExamBankError(
            _("Please write the rubric: what a full answer shows. Staff score against it."), code="rubric_required"
        )
    if kind in CHOICE_KINDS:
        # Choice questions are scored from the choices; a rubric would never be read.
        rubric = ""
    values = {"text": text, "text_es": text_es, "choices": _choices(kind, choices), "rubric": rubric}
    return {**values, "points": _points(points)}


def question_create(
    *,
    competency: Competency,
    kind: str,
    text: str,
    text_es: str = "",
    choices: Sequence[dict] = (),
    rubric: str = "",
    points,
    by,
) -> Question:
    """A question with its first version."""
    if kind not in K.values:
        raise ExamBankError(_("Please choose the type of question."), code="bad_kind")
    if not competency.active:
        raise ExamBankError(
            _("“%(name)s” is retired. Please choose an active competency.") % {"name": competency.name},
            code="competency_retired",
        )
    values = _version_values(kind=kind, text=text, text_es=text_es, choices=choices, rubric=rubric, points=points)
    with transaction.atomic():
        # Locked: the same form sent twice at once makes one question, not two.
        Competency.objects.select_for_update().get(pk=competency.pk)
        latest = QuestionVersion.objects.filter(question=OuterRef("pk")).order_by("-number").values("text")[:1]
        if (
            Question.objects.filter(competency=competency, kind=kind)
            .annotate(current_text=Subquery(latest))
            .filter(current_text=values["text"])
            .exists()
        ):
            raise ExamBankError(
                _("This question is already in the bank, with the same words."), code="duplicate_question"
            )
        question = Question.objects.create(competency=competency, kind=kind)
        QuestionVersion.objects.create(question=question, number=1, created_by=by, **values)
    return question


def question_version_add(
    *, question: Question, text: str, text_es: str = "", choices: Sequence[dict] = (), rubric: str = "", points, by
) -> QuestionVersion:
    """Editing a question: a new version, number + 1. Earlier versions stay as they are."""
    values = _version_values(
        kind=question.kind, text=text, text_es=text_es, choices=choices, rubric=rubric, points=points
    )
    try:
        with transaction.atomic():
            # Locked: two people saving at once get numbers one after the other.
            Question.objects.select_for_update().get(pk=question.pk)
            latest = QuestionVersion.objects.filter(question=question).order_by("-number").first()
            if latest is not None and all(getattr(latest, name) == value for name, value in values.items()):
                raise ExamBankError(
                    _("Nothing has changed, so no new version was made."),
                    code="no_change",
                )
            return QuestionVersion.objects.create(
                question=question, number=(latest.number if latest else 0) + 1, created_by=by, **values
            )
    except IntegrityError as error:  # pragma: no cover - the lock above prevents it
        raise ExamBankError(
            _("Someone saved this question at the same moment. Please look again."), code="busy"
        ) from error


def _question_active_set(*, question: Question, active: bool, by) -> bool:
    with transaction.atomic():
        changed = bool(Question.objects.filter(pk=question.pk, active=not active).update(active=active))
        if changed:
            change_record(question, changes={"active": (not active, active)}, by=by)
        return changed


def question_retire(*, question: Question, by) -> bool:
    """Not drawn for new attempts any more; past attempts keep it. True if it changed."""
    changed = _question_active_set(question=question, active=False, by=by)
    question.active = False
    return changed


def question_restore(*, question: Question, by) -> bool:
    changed = _question_active_set(question=question, active=True, by=by)
    question.active = True
    return changed


# --- Exams --------------------------------------------------------------------------------


def exam_requirement(cohort: Cohort) -> Requirement | None:
    return Requirement.objects.filter(requirement_set_id=cohort.requirement_set_id, kind=Requirement.Kind.EXAM).first()


def _short_competencies(draw: int) -> list[str]:
    """Active competencies with fewer active questions than the draw."""
    return list(
        Competency.objects.filter(active=True)
        .annotate(available=Count("questions", filter=Q(questions__active=True)))
        .filter(available__lt=draw)
        .order_by("position", "pk")  # aggregate queries drop Meta.ordering
        .values_list("name", flat=True)
    )


def _exam_values(
    *,
    title: str,
    instructions: str,
    selection: str,
    draw_per_competency: int,
    time_limit_minutes: int,
    pass_percent: int,
    min_competency_percent: int | None,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    max_attempts: int,
    wait_days: int,
    layout: str,
    second_scorer_required: bool,
    appeal_days: int,
    title_es: str = "",
    instructions_es: str = "",
) -> dict:
    title, instructions = (title or "").strip(), (instructions or "").strip()
    title_es, instructions_es = (title_es or "").strip(), (instructions_es or "").strip()
    if not title:
        raise ExamBankError(_("Please give the exam a title."), code="title_required")
    if len(title) > TITLE_MAX_LENGTH or len(title_es) > TITLE_MAX_LENGTH:
        raise ExamBankError(
            _("Please keep the title to %(max)s characters at most.") % {"max": TITLE_MAX_LENGTH}, code="title_too_long"
        )
    if selection not in Exam.Selection.values:
        raise ExamBankError(_("Please choose how the questions are chosen."), code="bad_selection")
    if layout not in Exam.Layout.values:
        raise ExamBankError(_("Please choose how the questions are shown."), code="bad_layout")
    checks = [
        (time_limit_minutes, TIME_LIMIT, "bad_time_limit", _("Please give a time limit between 5 and 600 minutes.")),
        (pass_percent, PERCENT, "bad_pass_percent", _("Please give a pass mark between 1 and 100 %.")),
        (max_attempts, ATTEMPTS, "bad_attempts", _("Please allow between 1 and 20 attempts.")),
        (wait_days, WAIT_DAYS, "bad_wait_days", _("Please give between 0 and 365 days between attempts.")),
        (appeal_days, APPEAL_DAYS, "bad_appeal_days", _("Please give between 1 and 90 days to appeal.")),
    ]
    if selection == Exam.Selection.RANDOM:
        checks.append(
            (draw_per_competency, DRAW, "bad_draw", _("Please draw between 1 and 50 questions from each competency."))
        )
    else:
        draw_per_competency = Exam._meta.get_field("draw_per_competency").default
    for value, (low, high), code, message in checks:
        if not _whole_between(value, low, high):
            raise ExamBankError(message, code=code)
    if min_competency_percent is not None and not _whole_between(min_competency_percent, *PERCENT):
        raise ExamBankError(
            _("Please give a minimum per competency between 1 and 100 %, or leave it empty."),
            code="bad_min_competency_percent",
        )
    if opens_at is None or closes_at is None:
        raise ExamBankError(_("Please give when the exam opens and closes."), code="window_required")
    if opens_at >= closes_at:
        raise ExamBankError(_("The exam must close after it opens."), code="window_order")
    return {
        "title": title,
        "instructions": instructions,
        "title_es": title_es,
        "instructions_es": instructions_es,
        "selection": selection,
        "draw_per_competency": draw_per_competency,
        "time_limit_minutes": time_limit_minutes,
        "pass_percent": pass_percent,
        "min_competency_percent": min_competency_percent,
        "opens_at": opens_at,
        "closes_at": closes_at,
        "max_attempts": max_attempts,
        "wait_days": wait_days,
        "layout": layout,
        "second_scorer_required": bool(second_scorer_required),
        "appeal_days": appeal_days,
    }


def _chosen_questions(questions: Iterable[Question], *, allowed_retired: set[int] = frozenset()) -> list[Question]:
    chosen = list(dict.fromkeys(questions))
    if not chosen:
        raise ExamBankError(_("Please choose at least one question."), code="no_questions")
    if any(not question.active and question.pk not in allowed_retired for question in chosen):
        raise ExamBankError(
            _("A chosen question has been retired. Please choose from the active questions."), code="question_retired"
        )
    return chosen


def _check_draw(values: dict) -> None:
    if values["selection"] != Exam.Selection.RANDOM:
        return
    short = _short_competencies(values["draw_per_competency"])
    if short:
        raise ExamBankError(
            _("Not enough active questions to draw %(draw)s from each competency. Too few in: %(names)s.")
            % {"draw": values["draw_per_competency"], "names": ", ".join(short)},
            code="draw_too_large",
        )


def _exam_taken() -> ExamBankError:
    return ExamBankError(
        _(
            "People have taken it; make the change for the next cohort. The window, instructions and other settings can still change."
        ),
        code="has_attempts",
    )


def _exam_exists() -> ExamBankError:
    return ExamBankError(_("This cohort already has a final exam. Please change that one instead."), code="exam_exists")


def exam_create(*, cohort: Cohort, questions: Iterable[Question] = (), by, **fields) -> Exam:
    """A cohort's final exam. `fields`: the settings (see `_exam_values`)."""
    requirement = exam_requirement(cohort)
    if requirement is None:
        raise ExamBankError(
            _("The requirements of this cohort include no final exam, so there is nothing to set up."),
            code="no_exam_requirement",
        )
    values = _exam_values(**fields)
    chosen = _chosen_questions(questions) if values["selection"] == Exam.Selection.FIXED else []
    _check_draw(values)
    if Exam.objects.filter(cohort=cohort, requirement=requirement).exists():
        raise _exam_exists()
    try:
        with transaction.atomic():
            exam = Exam.objects.create(cohort=cohort, requirement=requirement, **values)
            ExamQuestion.objects.bulk_create(
                ExamQuestion(exam=exam, question=question, position=position)
                for position, question in enumerate(chosen)
            )
    except IntegrityError as error:  # created by someone else at the same moment
        raise _exam_exists() from error
    return exam


def exam_change(*, exam: Exam, questions: Iterable[Question] = (), by, **fields) -> Exam:
    """Change an exam's settings. Its questions or draw only while nobody has started it."""
    values = _exam_values(**fields)
    with transaction.atomic():
        current = Exam.objects.select_for_update().get(pk=exam.pk)
        before = list(
            ExamQuestion.objects.filter(exam=current).order_by("position", "pk").values_list("question_id", flat=True)
        )
        chosen = []
        if values["selection"] == Exam.Selection.FIXED:
            chosen = _chosen_questions(questions, allowed_retired=set(before))
        new_ids = [question.pk for question in chosen]
        selection_changed = (
            values["selection"] != current.selection
            or (values["selection"] == Exam.Selection.FIXED and new_ids != before)
            or (
                values["selection"] == Exam.Selection.RANDOM
                and values["draw_per_competency"] != current.draw_per_competency
            )
        )
        if selection_changed and Attempt.objects.filter(exam=current).exists():
            raise _exam_taken()
        if selection_changed:
            _check_draw(values)
        Exam.objects.filter(pk=exam.pk).update(**values)
        change_record(
            current, changes={field: (getattr(current, field), value) for field, value in values.items()}, by=by
        )
        if selection_changed:
            ExamQuestion.objects.filter(exam=current).delete()
            ExamQuestion.objects.bulk_create(
                ExamQuestion(exam=current, question=question, position=position)
                for position, question in enumerate(chosen)
            )
    for field, value in values.items():
        setattr(exam, field, value)
    return exam


# --- Accommodations -----------------------------------------------------------------------


def accommodation_set(
    *, exam: Exam, participant: Participant, extra_minutes: int, read_aloud_layout: bool, note: str = "", by
) -> ExamAccommodation:
    """What this participant needs for this exam (one record per person and exam)."""
    if participant.cohort_id != exam.cohort_id:
        raise ExamBankError(_("This person is not in the exam's cohort."), code="other_cohort")
    if not _whole_between(extra_minutes, *EXTRA_MINUTES):
        raise ExamBankError(_("Please give between 0 and 600 extra minutes."), code="bad_extra_minutes")
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ExamBankError(
            _("Please keep the note to %(max)s characters at most.") % {"max": NOTE_MAX_LENGTH}, code="note_too_long"
        )
    with transaction.atomic():
        accommodation, _created = ExamAccommodation.objects.update_or_create(
            exam=exam,
            participant=participant,
            defaults={"extra_minutes": extra_minutes, "read_aloud_layout": bool(read_aloud_layout), "note": note},
        )
    return accommodation
