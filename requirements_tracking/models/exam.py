"""The final exam and observed practice: a question bank by competency (versioned, so a
past attempt never changes), an exam per cohort, attempts with their answers, staff
scores, remediation plans, appeals, and assessors' observations of practice."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Participant, Requirement
from cpse.bilingual import Written, written
from cpse.crypto import EncryptedJSONField, EncryptedTextField

# A true-or-false question's two choices, as every reader sees them.
TRUE_FALSE_LABELS = {"true": _("True"), "false": _("False")}


class Competency(models.Model):
    """An area the exam and observed practice assess (ethics and boundaries, ...).
    Staff edit the list; a retired competency stays for the attempts that used it."""

    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    # Spanish beside the English, for Spanish readers (cpse.bilingual); may stay empty.
    name_es = models.CharField(max_length=150, blank=True)
    description_es = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "competencies"

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A question of the bank. Its words live in versions: editing adds a version."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Several answers")
        TRUE_FALSE = "true_false", _("True or false")
        SHORT = "short", _("Short answer")
        ESSAY = "essay", _("Scenario essay")

    # Scored at submit from the choices; the others by staff against the rubric.
    AUTO_SCORED = (Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="questions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["competency", "pk"]

    def __str__(self) -> str:
        return f"{self.competency}: {self.get_kind_display()}"

    @property
    def auto_scored(self) -> bool:
        return self.kind in self.AUTO_SCORED


class QuestionVersion(models.Model):
    """The words, choices, rubric and points of a question at one time. Never edited:
    an attempt keeps the version it was given."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    # Spanish beside the English, for Spanish readers (cpse.bilingual); may stay empty.
    text_es = models.TextField(blank=True)
    # For choice kinds: [{"key": "a", "text": "...", "text_es": "...", "correct": true}, ...]
    # ("text_es" may be missing or empty); true/false questions have the two choices
    # "true" and "false", read in the site's own words (`choice_text`).
    choices = models.JSONField(default=list, blank=True)
    # For staff-scored kinds: what a full answer shows.
    rubric = models.TextField(blank=True)
    points = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("1"), validators=[MinValueValidator(Decimal("0.5"))]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["question", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="one_question_version_number"),
            models.CheckConstraint(condition=Q(points__gt=0), name="question_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.question} v{self.number}"

    @property
    def correct_keys(self) -> set[str]:
        return {choice["key"] for choice in self.choices if choice.get("correct")}

    def choice_text(self, choice: dict) -> Written:
        """A choice's words in the reader's language: "True" and "False" in the site's
        catalogue, the others as staff wrote them (cpse.bilingual). Reads `question`."""
        if self.question.kind == Question.Kind.TRUE_FALSE:
            return Written(str(TRUE_FALSE_LABELS.get(choice["key"], choice["text"])), get_language(), fell_back=False)
        return written(choice, "text")


class Exam(models.Model):
    """A cohort's final exam: which questions, how long, what passes, when it opens,
    how many attempts and how long between them."""

    class Selection(models.TextChoices):
        FIXED = "fixed", _("The questions chosen for this exam")
        RANDOM = "random", _("A random draw from each competency")

    class Layout(models.TextChoices):
        ONE_PER_PAGE = "one_per_page", _("One question per page")
        ALL_ON_ONE_PAGE = "all_on_one_page", _("All questions on one page")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="exams")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="exams")
    title = models.CharField(max_length=200)
    instructions = models.TextField(blank=True)
    # Spanish beside the English, for Spanish readers (cpse.bilingual); may stay empty.
    title_es = models.CharField(max_length=200, blank=True)
    instructions_es = models.TextField(blank=True)
    selection = models.CharField(max_length=8, choices=Selection.choices, default=Selection.FIXED)
    # With a random draw: how many questions of each active competency.
    draw_per_competency = models.PositiveSmallIntegerField(default=2)
    time_limit_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(600)], default=90
    )
    pass_percent = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)], default=70
    )
    # Optional: every competency must also reach this share of its points.
    min_competency_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    max_attempts = models.PositiveSmallIntegerField(default=2, validators=[MinValueValidator(1)])
    wait_days = models.PositiveSmallIntegerField(default=14, help_text=_("Days between a failed attempt and the next."))
    layout = models.CharField(max_length=16, choices=Layout.choices, default=Layout.ONE_PER_PAGE)
    second_scorer_required = models.BooleanField(default=False)
    appeal_days = models.PositiveSmallIntegerField(default=14, validators=[MinValueValidator(1)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "requirement"], name="one_exam_per_cohort_requirement"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="exam_window_order"),
        ]

    def __str__(self) -> str:
        return self.title


class ExamQuestion(models.Model):
    """A question chosen for an exam with a fixed selection (its current version is
    given at the start of each attempt)."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="exam_questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["exam", "question"], name="question_once_per_exam")]

    def __str__(self) -> str:
        return f"{self.exam}: {self.question}"


class ExamAccommodation(models.Model):
    """What a participant needs to take the exam on equal terms."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="accommodations")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="exam_accommodations")
    extra_minutes = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(600)])
    # Larger text, one question per page, no timer ticking on screen: friendly to screen
    # readers and to someone reading aloud.
    read_aloud_layout = models.BooleanField(default=False)
    # Why, for staff only.
    note = EncryptedTextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["exam", "participant"], name="one_accommodation_per_exam")]

    def __str__(self) -> str:
        return f"{self.exam}: +{self.extra_minutes} min"


class Attempt(models.Model):
    """One sitting of the exam. The timer is the server's (`deadline_at`); the result,
    once final, is the record of a decision and is stored here by the scoring service."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Waiting for scoring")
        FINAL = "final", _("Result ready")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    exam = models.ForeignKey(Exam, on_delete=models.PROTECT, related_name="attempts")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="exam_attempts")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField()
    deadline_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Submitted by the timer (with what was saved), not by the participant.
    timed_out = models.BooleanField(default=False)
    score_points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_points = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)
    finalized_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["exam", "participant", "number"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "participant", "number"], name="one_attempt_number"),
            models.UniqueConstraint(
                fields=["exam", "participant"], condition=Q(status="in_progress"), name="one_attempt_in_progress"
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline_at"], name="attempt_status_deadline")]

    def __str__(self) -> str:
        return f"{self.exam} #{self.number}"


class Answer(models.Model):
    """The participant's answer to one question version of an attempt, saved as they go."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    # {"choices": ["a", "c"]} for choice kinds, {"text": "..."} for written ones.
    response = EncryptedJSONField(default=dict, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    # Final points of this answer: from the choices at submit, or from the staff scores.
    points = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="one_answer_per_position"),
            models.UniqueConstraint(fields=["attempt", "version"], name="one_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt}, question {self.position + 1}"

    @property
    def picked_texts(self) -> list[str]:
        """The words of the choices picked, in the question's order, in the reader's language."""
        picked = set(self.response.get("choices") or [])
        return [str(self.version.choice_text(choice)) for choice in self.version.choices if choice["key"] in picked]

    @property
    def in_words(self) -> str:
        """The answer as the person gave it: the choices picked, or what she wrote."""
        return "; ".join(self.picked_texts) or (self.response.get("text") or "").strip()


class AnswerScore(models.Model):
    """A scorer's points and comment for a staff-scored answer. Re-scoring adds a row and
    marks the earlier one replaced, so every score stays on record."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    points = models.DecimalField(max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    comment = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["answer", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "scorer"], condition=Q(replaced_at__isnull=True), name="one_current_score_per_scorer"
            ),
            models.CheckConstraint(condition=Q(points__gte=0), name="answer_score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.points} points"


class RemediationPlan(models.Model):
    """After a failed attempt: what to review, and by when, before the next attempt."""

    attempt = models.OneToOneField(Attempt, on_delete=models.CASCADE, related_name="remediation")
    plan = EncryptedTextField()
    review_by = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Review by {self.review_by}"


class ExamAppeal(models.Model):
    """A participant asks for a result to be reviewed, within the exam's appeal days."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being reviewed")
        UPHELD = "upheld", _("Result changed")
        NOT_UPHELD = "not_upheld", _("Result stands")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="appeals")
    reason = EncryptedTextField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    # Staff's record of the review, and the words the participant reads.
    review_notes = EncryptedTextField(blank=True)
    outcome = EncryptedTextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["attempt"], condition=Q(status="open"), name="one_open_appeal_per_attempt")
        ]

    def __str__(self) -> str:
        return self.get_status_display()


class CompetencyAssessment(models.Model):
    """A trained assessor's observation of one competency in practice, during the
    intensive week or the practicum: met, or not yet, with the evidence."""

    class Result(models.TextChoices):
        MET = "met", _("Met")
        NOT_YET = "not_yet", _("Not yet")

    class Setting(models.TextChoices):
        INTENSIVE = "intensive", _("In-person intensive")
        PRACTICUM = "practicum", _("Practicum")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="competency_assessments")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="assessments")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    setting = models.CharField(max_length=10, choices=Setting.choices)
    result = models.CharField(max_length=8, choices=Result.choices)
    evidence = EncryptedTextField()
    observed_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-observed_on", "-pk"]
        indexes = [models.Index(fields=["participant", "competency"], name="assessment_participant_comp")]

    def __str__(self) -> str:
        return f"{self.competency}: {self.get_result_display()}"
