from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort
from cpse.bilingual import spanish_field
from cpse.numbers import DecimalNumberField, WholeNumberField, numbers_in
from requirements_tracking.exam_bank.services import (
    APPEAL_DAYS,
    ATTEMPTS,
    CHOICE_KINDS,
    CHOICE_MAX_LENGTH,
    DRAW,
    EXTRA_MINUTES,
    MAX_CHOICES,
    MAX_POINTS,
    MIN_POINTS,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PERCENT,
    POINTS_MESSAGE,
    POINTS_NUMBERS,
    TIME_LIMIT,
    TITLE_MAX_LENGTH,
    WAIT_DAYS,
)
from requirements_tracking.models import Competency, Exam, Question, QuestionVersion
from requirements_tracking.models.exam import TRUE_FALSE_LABELS

K = Question.Kind

# Which field a refusal from the services belongs next to (others go at the top).
BANK_ERROR_FIELDS = {
    "name_required": "name",
    "name_too_long": "name",
    "name_taken": "name",
    "bad_position": "position",
    "bad_kind": "kind",
    "competency_retired": "competency",
    "text_required": "text",
    "duplicate_question": "text",
    "text_too_long": "text",
    "rubric_required": "rubric",
    "bad_points": "points",
    "true_false_answer": "true_false",
    "title_required": "title",
    "title_too_long": "title",
    "bad_selection": "selection",
    "bad_layout": "layout",
    "bad_time_limit": "time_limit_minutes",
    "bad_pass_percent": "pass_percent",
    "bad_attempts": "max_attempts",
    "bad_wait_days": "wait_days",
    "bad_appeal_days": "appeal_days",
    "bad_draw": "draw_per_competency",
    "draw_too_large": "draw_per_competency",
    "bad_min_competency_percent": "min_competency_percent",
    "window_required": "opens_at",
    "window_order": "closes_at",
    "no_questions": "questions",
    "question_retired": "questions",
    "has_attempts": "questions",
    "exam_exists": "cohort",
    "no_exam_requirement": "cohort",
    "bad_extra_minutes": "extra_minutes",
    "note_too_long": "note",
}
# Choice refusals go next to the first choice (the summary links there).
CHOICE_ERROR_CODES = {"too_few_choices", "too_many_choices", "choice_too_long", "same_choice"}
CHOICE_ERROR_CODES |= {"single_one_right", "multiple_right_and_wrong", "no_choices_for_written"}


def error_field(code: str) -> str | None:
    if code in CHOICE_ERROR_CODES:
        return "choice_text_0"
    return BANK_ERROR_FIELDS.get(code)


def _whole(label, *, bounds: tuple[int, int], example: int, required=True, help_text=""):
    low, high = bounds
    return WholeNumberField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={
            # Filled when shown, so the message is in the reader's language.
            "required": numbers_in(_("Please enter a whole number between %(low)s and %(high)s."), low=low, high=high),
            "invalid": numbers_in(_("Please enter a whole number, for example %(example)s."), example=example),
        },
    )


class CompetencyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Please give the competency a name.")},
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    name_es = spanish_field(_("Name in Spanish"), max_length=NAME_MAX_LENGTH)
    description_es = spanish_field(_("Description in Spanish"), rows=3)
    position = _whole(
        _("Position in the list"),
        bounds=(0, 999),
        example=3,
        help_text=_("Smaller numbers come first."),
    )
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Untick to retire it: no new questions or draws, and past results keep it."),
    )

    @classmethod
    def initial_from(cls, competency: Competency) -> dict:
        return {
            "name": competency.name,
            "description": competency.description,
            "name_es": competency.name_es,
            "description_es": competency.description_es,
            "position": competency.position,
            "active": competency.active,
        }


class CompetencyCreateForm(CompetencyForm):
    position = None
    active = None


ACTIVE_CHOICES = [("active", _("Active")), ("retired", _("Retired")), ("all", _("Active and retired"))]


class BankFilterForm(forms.Form):
    competency = forms.ModelChoiceField(
        label=_("Competency"), queryset=Competency.objects.all(), required=False, empty_label=_("All competencies")
    )
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *K.choices], required=False)
    active = forms.ChoiceField(label=_("Shown"), choices=ACTIVE_CHOICES, required=False)

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("active") or "active"
        return {
            "competency": data.get("competency"),
            "kind": data.get("kind") or "",
            "active": {"active": True, "retired": False}.get(status),
        }


TRUE_FALSE_CHOICES = list(TRUE_FALSE_LABELS.items())


class QuestionForm(forms.Form):
    """A question's words, points, rubric and up to six choices (rows left empty are
    ignored). Kind and competency are chosen once, when the question is written."""

    competency = forms.ModelChoiceField(
        label=_("Competency"),
        queryset=Competency.objects.filter(active=True),
        error_messages={
            "required": _("Please choose a competency."),
            "invalid_choice": _("Please choose a competency."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Type of question"),
        choices=K.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose the type of question."),
            "invalid_choice": _("Please choose the type of question."),
        },
    )
    text = forms.CharField(
        label=_("Question"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write the question.")},
    )
    text_es = spanish_field(_("Question in Spanish"), rows=4)
    points = DecimalNumberField(
        label=_("Points"),
        min_value=MIN_POINTS,
        max_value=MAX_POINTS,
        decimal_places=2,
        help_text=numbers_in(_("Between %(least)s and %(most)s."), **POINTS_NUMBERS),
        error_messages={
            "required": _("Please give the points."),
            "invalid": numbers_in(
                _("Please give the points as a number, for example %(whole)s or %(half)s."), **POINTS_NUMBERS
            ),
            "other_way": _("Please write the points like this: %(number)s."),
            "min_value": numbers_in(POINTS_MESSAGE, **POINTS_NUMBERS),
            "max_value": numbers_in(POINTS_MESSAGE, **POINTS_NUMBERS),
            "max_decimal_places": _("Please give the points with two decimals at most."),
            "max_digits": numbers_in(POINTS_MESSAGE, **POINTS_NUMBERS),
        },
    )
    true_false = forms.ChoiceField(
        label=_("The statement is"),
        choices=TRUE_FALSE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("For true or false questions only."),
    )
    rubric = forms.CharField(
        label=_("Rubric"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For short answers and essays: what a full answer shows. Staff score against it."),
    )

    def __init__(self, *args, question: Question | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        if question is not None:
            # Chosen once: shown on the page, not asked again.
            del self.fields["competency"]
            del self.fields["kind"]
        for index in range(MAX_CHOICES):
            self.fields[f"choice_text_{index}"] = forms.CharField(
                label=_("Choice %(number)s") % {"number": index + 1},
                required=False,
                max_length=CHOICE_MAX_LENGTH,
                error_messages={
                    "max_length": _("Please keep each choice to %(max)s characters at most.")
                    % {"max": CHOICE_MAX_LENGTH}
                },
            )
            self.fields[f"choice_text_es_{index}"] = forms.CharField(
                label=_("Choice %(number)s in Spanish (optional)") % {"number": index + 1},
                required=False,
                max_length=CHOICE_MAX_LENGTH,
                widget=forms.TextInput(attrs={"lang": "es"}),
                error_messages={
                    "max_length": _("Please keep each choice to %(max)s characters at most.")
                    % {"max": CHOICE_MAX_LENGTH}
                },
            )
            self.fields[f"choice_correct_{index}"] = forms.BooleanField(
                label=_("Choice %(number)s is right") % {"number": index + 1}, required=False
            )

    @classmethod
    def initial_from(cls, version: QuestionVersion) -> dict:
        initial = {
            "text": version.text,
            "text_es": version.text_es,
            "points": version.points.normalize(),
            "rubric": version.rubric,
        }
        if version.question.kind == K.TRUE_FALSE:
            initial["true_false"] = next(iter(version.correct_keys), "")
        elif version.question.kind in CHOICE_KINDS:
            for index, choice in enumerate(version.choices[:MAX_CHOICES]):
                initial[f"choice_text_{index}"] = choice["text"]
                initial[f"choice_text_es_{index}"] = choice.get("text_es", "")
                initial[f"choice_correct_{index}"] = bool(choice.get("correct"))
        return initial

    @property
    def kind_value(self) -> str:
        if self.question is not None:
            return self.question.kind
        return self.cleaned_data.get("kind", "") if hasattr(self, "cleaned_data") else ""

    def choice_rows(self):
        """(number, text field, Spanish text field, correct field) for the template."""
        for index in range(MAX_CHOICES):
            yield (
                index + 1,
                self[f"choice_text_{index}"],
                self[f"choice_text_es_{index}"],
                self[f"choice_correct_{index}"],
            )

    def choices(self) -> list[dict]:
        data = self.cleaned_data
        kind = self.kind_value
        if kind == K.TRUE_FALSE:
            answer = data.get("true_false")
            return [{"key": key, "correct": key == answer} for key, _label in TRUE_FALSE_CHOICES]
        return [
            {
                "text": data.get(f"choice_text_{index}", ""),
                "text_es": data.get(f"choice_text_es_{index}", ""),
                "correct": data.get(f"choice_correct_{index}", False),
            }
            for index in range(MAX_CHOICES)
            if data.get(f"choice_text_{index}", "").strip()
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "text": data["text"],
            "text_es": data.get("text_es", ""),
            "choices": self.choices(),
            "rubric": data.get("rubric", ""),
            "points": data["points"],
        }
        if self.question is None:
            arguments.update(kind=data["kind"], competency=data["competency"])
        return arguments


LOCAL_DATETIME = "%Y-%m-%dT%H:%M"


def _moment(label):
    return forms.DateTimeField(
        label=label,
        input_formats=[LOCAL_DATETIME, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_DATETIME),
        help_text=_("Local time."),
        error_messages={
            "required": _("Please give a date and time."),
            "invalid": _("Please give a date and time, for example 2026-09-01 09:00."),
        },
    )


class ExamForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.order_by("-year"),
        error_messages={"required": _("Please choose a cohort."), "invalid_choice": _("Please choose a cohort.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Please give the exam a title.")},
    )
    instructions = forms.CharField(
        label=_("Instructions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What participants read before they start."),
    )
    title_es = spanish_field(_("Title in Spanish"), max_length=TITLE_MAX_LENGTH)
    instructions_es = spanish_field(_("Instructions in Spanish"), rows=4)
    selection = forms.ChoiceField(
        label=_("Questions"),
        choices=Exam.Selection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how the questions are chosen.")},
    )
    questions = forms.MultipleChoiceField(
        label=_("Chosen questions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("A chosen question is not in the bank any more. Please choose again.")},
    )
    draw_per_competency = _whole(
        _("Questions drawn from each competency"),
        bounds=DRAW,
        example=2,
        required=False,
        help_text=_("For a random draw only."),
    )
    time_limit_minutes = _whole(_("Time limit in minutes"), bounds=TIME_LIMIT, example=90, help_text=_("5 to 600."))
    pass_percent = _whole(_("Pass mark (%)"), bounds=PERCENT, example=70, help_text=_("1 to 100."))
    min_competency_percent = _whole(
        _("Minimum in every competency (%)"),
        bounds=PERCENT,
        example=50,
        required=False,
        help_text=_("Optional, 1 to 100. Leave empty for none."),
    )
    opens_at = _moment(_("Opens"))
    closes_at = _moment(_("Closes"))
    max_attempts = _whole(_("Attempts allowed"), bounds=ATTEMPTS, example=2)
    wait_days = _whole(_("Days to wait between attempts"), bounds=WAIT_DAYS, example=14, help_text=_("0 to 365."))
    layout = forms.ChoiceField(
        label=_("Layout"),
        choices=Exam.Layout.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how the questions are shown.")},
    )
    second_scorer_required = forms.BooleanField(label=_("Written answers need a second scorer"), required=False)
    appeal_days = _whole(_("Days to appeal a result"), bounds=APPEAL_DAYS, example=14, help_text=_("1 to 90."))

    def __init__(self, *args, exam: Exam | None = None, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.exam = exam
        self.groups = groups
        self.by_public_id = {str(q.public_id): q for group in groups for q in group.questions}
        self.fields["questions"].choices = [(key, key) for key in self.by_public_id]
        if exam is not None:
            del self.fields["cohort"]

    @classmethod
    def initial_from(cls, exam: Exam, question_ids: list[str]) -> dict:
        initial = {
            field: getattr(exam, field)
            for field in (
                "title",
                "instructions",
                "title_es",
                "instructions_es",
                "selection",
                "draw_per_competency",
                "time_limit_minutes",
                "pass_percent",
                "min_competency_percent",
                "max_attempts",
                "wait_days",
                "layout",
                "second_scorer_required",
                "appeal_days",
            )
        }
        initial["opens_at"] = timezone.localtime(exam.opens_at).replace(tzinfo=None)
        initial["closes_at"] = timezone.localtime(exam.closes_at).replace(tzinfo=None)
        initial["questions"] = question_ids
        return initial

    def chosen_ids(self) -> set[str]:
        value = self["questions"].value() or []
        return {str(v) for v in value}

    def clean(self):
        data = super().clean()
        if data.get("selection") == Exam.Selection.RANDOM and data.get("draw_per_competency") is None:
            self.add_error("draw_per_competency", _("Please give how many questions to draw from each competency."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            field: data[field]
            for field in (
                "title",
                "instructions",
                "title_es",
                "instructions_es",
                "selection",
                "time_limit_minutes",
                "pass_percent",
                "min_competency_percent",
                "opens_at",
                "closes_at",
                "max_attempts",
                "wait_days",
                "layout",
                "second_scorer_required",
                "appeal_days",
            )
        }
        arguments["draw_per_competency"] = data.get("draw_per_competency") or 0
        arguments["questions"] = [self.by_public_id[key] for key in data.get("questions") or []]
        if self.exam is None:
            arguments["cohort"] = data["cohort"]
        return arguments


class AccommodationForm(forms.Form):
    extra_minutes = _whole(_("Extra minutes"), bounds=EXTRA_MINUTES, example=30, help_text=_("0 to 600."))
    read_aloud_layout = forms.BooleanField(
        label=_("Read-aloud friendly layout"),
        required=False,
        help_text=_("Larger text, one question per page, and no timer ticking on the screen."),
    )
    note = forms.CharField(
        label=_("Private note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why, in a few words. Only program staff can read it; it is stored encrypted."),
    )
