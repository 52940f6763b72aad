import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cpse.crypto import EncryptedTextField


class Credential(models.Model):
    """A credential the program awards, such as CPSE."""

    name = models.CharField(max_length=150)
    # Spanish beside the English, for Spanish readers (cpse.bilingual); may stay empty.
    name_es = models.CharField(max_length=150, blank=True)
    abbreviation = models.CharField(max_length=20, unique=True)
    description = models.TextField(blank=True)
    # Expiry and renewal are off unless the program sets them (None: never expires).
    validity_months = models.PositiveSmallIntegerField(null=True, blank=True)
    renewal_hours = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Continuing-education hours asked for a renewal."),
    )

    def __str__(self) -> str:
        return self.abbreviation


class RequirementSet(models.Model):
    """The requirements of a credential, as used by one or more cohorts.

    A later cohort that needs other numbers gets a new set; a set in use by a cohort
    is never edited in place, so an earlier cohort's progress never changes.
    """

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="requirement_sets")
    name = models.CharField(max_length=150)
    # Spanish beside the English, for Spanish readers (cpse.bilingual); may stay empty.
    name_es = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Eligibility, checked at application (data, so a later cohort can change it).
    min_years_since_exit = models.PositiveSmallIntegerField(default=5)
    requires_freedom_from_dependency = models.BooleanField(default=True)
    requires_education = models.BooleanField(default=True, help_text=_("A GED, high-school diploma or equivalent."))
    requires_recommendation = models.BooleanField(default=True)
    requires_interview = models.BooleanField(default=True)
    # Practicum hours count only once program staff verified the supervisor (a phone call,
    # an agreement on file): confirmations come from someone real and independent.
    practicum_requires_verified_supervisor = models.BooleanField(
        _("practicum hours count only once the supervisor is verified"), default=True
    )
    appeal_days = models.PositiveSmallIntegerField(default=30, help_text=_("Days to ask for a review of a decision."))

    def __str__(self) -> str:
        return self.name


class Requirement(models.Model):
    class Kind(models.TextChoices):
        HOURS = "hours", _("Hours")
        EXAM = "exam", _("Final exam")
        CHECKINS = "checkins", _("Monthly check-ins")
        COMPETENCY = "competency", _("Observed practice")
        ETHICS = "ethics", _("Code of ethics")

    class Category(models.TextChoices):
        SELF_CARE = "self_care", _("Self-awareness and self-care")
        ONLINE = "online", _("Online instruction")
        INTENSIVE = "intensive", _("In-person training intensive")
        PRACTICUM = "practicum", _("Practicum with an anti-trafficking agency")
        EXAM = "exam", _("Final exam")
        CHECKINS = "checkins", _("Monthly check-ins in the first year of placement")
        COMPETENCY = "competency", _("Observed practice")
        ETHICS = "ethics", _("Code of ethics acknowledged")

    requirement_set = models.ForeignKey(RequirementSet, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    category = models.CharField(max_length=12, choices=Category.choices)
    # Hours for HOURS, a count for CHECKINS, 1 for a single pass (exam, observed practice).
    amount = models.DecimalField(max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))])
    position = models.PositiveSmallIntegerField(default=0)
    # Each hour entry the participant logs for it carries a document (a certificate of
    # attendance, a receipt...): only for PARTICIPANT_LOGGED categories.
    evidence_required = models.BooleanField(default=False)

    # The hours requirements participants log themselves, on their own hours form
    # (requirements_tracking.hours); the others come from attendance or are confirmed by
    # a supervisor.
    PARTICIPANT_LOGGED = (Category.SELF_CARE,)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["requirement_set", "category"], name="requirement_category_once_per_set"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="requirement_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.get_category_display()

    @property
    def plural_count(self) -> int:
        """A whole number to choose "hour" or "hours" by (gettext needs an integer)."""
        return 1 if self.amount == 1 else 2

    @property
    def can_ask_for_evidence(self) -> bool:
        return self.kind == self.Kind.HOURS and self.category in self.PARTICIPANT_LOGGED


class Cohort(models.Model):
    """One year's group of participants: one cohort a year, about nine months long."""

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="cohorts")
    requirement_set = models.ForeignKey(RequirementSet, on_delete=models.PROTECT, related_name="cohorts")
    year = models.PositiveSmallIntegerField()
    applications_open = models.DateField()
    applications_close = models.DateField()
    program_start = models.DateField()
    program_end = models.DateField()
    intensive_start = models.DateField()
    intensive_end = models.DateField()
    graduation_date = models.DateField()
    capacity = models.PositiveSmallIntegerField(default=30)
    # Money is whole cents, never float.
    fee_cents = models.PositiveIntegerField(default=350_000)

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["credential", "year"], name="one_cohort_per_credential_year"),
            models.CheckConstraint(
                condition=Q(applications_close__gte=F("applications_open")), name="cohort_application_window_order"
            ),
            models.CheckConstraint(condition=Q(program_end__gte=F("program_start")), name="cohort_program_order"),
            models.CheckConstraint(condition=Q(intensive_end__gte=F("intensive_start")), name="cohort_intensive_order"),
        ]

    def __str__(self) -> str:
        # Named by its year, in the reader's language ("2026 cohort", "cohorte 2026").
        return gettext("%(year)s cohort") % {"year": self.year}

    @property
    def fee(self) -> Decimal:
        return Decimal(self.fee_cents) / 100


class Participant(models.Model):
    """A person enrolled in a cohort (created when an application is accepted)."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        ON_LEAVE = "on_leave", _("On leave")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")
        CERTIFIED = "certified", _("Certified")

    # Taking part in the program: enrolled, or on leave (paused, coming back). The one
    # definition: logging hours, the cohort grid, readiness questions, sessions and the
    # exam all ask `status in Participant.TAKING_PART` (or `taking_part`).
    TAKING_PART = (Status.ENROLLED, Status.ON_LEAVE)

    class Aspiration(models.TextChoices):
        RESIDENTIAL_CARE = "residential_care", _("Residential care")
        JAIL_MINISTRY = "jail_ministry", _("Jail ministry")
        EMERGENCY_OUTREACH = "emergency_outreach", _("Emergency care and outreach")
        ADVOCACY = "advocacy", _("Advocacy")
        OTHER = "other", _("Other")

    # Public identifier: used in URLs instead of the sequential primary key.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="participations")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="participants")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ENROLLED)
    aspiration = models.CharField(max_length=20, choices=Aspiration.choices, default=Aspiration.OTHER)
    # Two-letter US state (or territory) the person lives in, for aggregate reports only.
    home_state = models.CharField(max_length=2, blank=True)
    enrolled_at = models.DateTimeField(auto_now_add=True)
    # The fee is due on acceptance; the sponsors app invoices it and records payments.
    fee_due_cents = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["cohort", "enrolled_at"]
        constraints = [models.UniqueConstraint(fields=["user", "cohort"], name="one_participation_per_cohort")]

    def __str__(self) -> str:
        return f"{self.user} ({self.cohort})"

    @property
    def taking_part(self) -> bool:
        """Enrolled or on leave (`TAKING_PART`)."""
        return self.status in self.TAKING_PART


class ProgressExpectation(models.Model):
    """How much of a requirement a participant is expected to have done some months into
    the program, so staff can see who may need support. Counted from the cohort's
    program start, so one requirement set serves cohorts of different years."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="expectations")
    months_after_start = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))])

    class Meta:
        ordering = ["requirement", "months_after_start"]
        constraints = [
            models.UniqueConstraint(fields=["requirement", "months_after_start"], name="one_expectation_per_month"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="expectation_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.amount} by month {self.months_after_start}"


class ParticipantStatusChange(models.Model):
    """One change of a participant's status or cohort (leave, return, withdrawal,
    transfer to a later cohort), kept so staff can see the participant's path."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Participant.Status.choices)
    to_status = models.CharField(max_length=12, choices=Participant.Status.choices)
    from_cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="+")
    to_cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="+")
    # Why, in staff's words; may touch the person's life, so encrypted.
    reason = EncryptedTextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ProgramPause(models.Model):
    """A pause of a participant's program decided by staff (for instance after a readiness
    assessment recommends more preparation): a plan and a return date. Progress is kept;
    the expected pace moves later by the length of the pause. One open pause at a time;
    the participant is on leave while it is open."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="program_pauses")
    # The plan agreed with the participant (what to work on, what support); encrypted
    # because it touches the person's recovery. Shown to the participant and staff only.
    plan = EncryptedTextField()
    started_on = models.DateField(default=timezone.localdate)
    return_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(ended_on__isnull=True), name="one_open_program_pause"
            ),
            models.CheckConstraint(
                condition=Q(return_on__gte=F("started_on")), name="program_pause_return_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.started_on} → {self.return_on}"


class WorkingCohort(models.Model):
    """The cohort a staff member last chose on a page that shows one cohort: the next such
    page opens on it, after a new sign-in too (`cohorts.selectors.working_cohort`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    chosen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.cohort} ({self.chosen_at:%Y-%m-%d})"
