import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Participant, Requirement
from cpse.crypto import EncryptedTextField
from cpse.uploads import document_kind, private_upload_path


class TrainingSession(models.Model):
    """An online or in-person session of a cohort, counting towards one hours
    requirement (online instruction or the intensive). The intensive week is the set of
    intensive sessions between the cohort's intensive dates."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="training_sessions")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="training_sessions")
    title = models.CharField(max_length=200)
    # Spanish beside the English, for Spanish readers (cpse.bilingual); may stay empty.
    title_es = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    # "Online" or a place; never a private join link (those go by email, not on pages).
    location = models.CharField(max_length=200, blank=True)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0) & Q(duration_minutes__lte=24 * 60),
                name="training_session_duration_in_a_day",
            ),
        ]
        indexes = [models.Index(fields=["cohort", "starts_at"], name="training_session_cohort_start")]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Whether a participant took part in a session. Present or partial attendance is
    turned into an approved hour entry (`HourEntry.attendance`)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        PARTIAL = "partial", _("Part of the session")
        ABSENT = "absent", _("Absent")

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=10, choices=Status.choices)
    # Only for partial attendance: the minutes the person was there.
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="one_attendance_per_session"),
            models.CheckConstraint(
                condition=Q(status="partial", minutes__gt=0) | (~Q(status="partial") & Q(minutes__isnull=True)),
                name="attendance_minutes_only_when_partial",
            ),
        ]

    def __str__(self) -> str:
        return self.get_status_display()


class Practicum(models.Model):
    """The host agency and supervisor the participant named for their practicum. The
    supervisor confirms practicum hours through a one-time link, or through their own
    account when they have one (`supervisor_user`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="practicums")
    host_agency = models.CharField(max_length=150)
    supervisor_name = models.CharField(max_length=120)
    supervisor_email = models.EmailField()
    # The mailbox the supervisor's links go to (applications.confirmers.rules.email_key):
    # what a staff verification of the supervisor is matched on.
    supervisor_email_key = models.CharField(max_length=254, blank=True, db_index=True)
    supervisor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="supervised_practicums"
    )
    # A participant who changes host keeps the earlier one (its confirmed hours stay).
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(is_current=True), name="one_current_practicum_per_participant"
            )
        ]

    def __str__(self) -> str:
        return self.host_agency


class HourEntry(models.Model):
    """Hours towards an hours requirement: logged by the participant (self-care, approved
    or returned by program staff; practicum, confirmed or declined by the supervisor) or
    created from session attendance (approved). Progress is computed from these rows by
    `selectors.participant_progress`, never stored."""

    class Kind(models.TextChoices):
        JOURNALING = "journaling", _("Reflective journaling")
        THERAPY = "therapy", _("Therapy or counselling")
        SUPPORT_GROUP = "support_group", _("Support group")
        PHYSICAL = "physical", _("Physical wellbeing")
        SPIRITUAL = "spiritual", _("Spiritual practice")
        OTHER = "other", _("Other")
        SESSION = "session", _("Training session")
        PRACTICUM = "practicum", _("Practicum work")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned to you")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="hour_entries")
    # A set in use is never edited in place (cohorts.RequirementSet), so PROTECT is safe.
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="hour_entries")
    date = models.DateField()
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Private to the participant and program staff (empty for attendance).
    reflection = EncryptedTextField(blank=True)
    attendance = models.OneToOneField(
        Attendance, on_delete=models.CASCADE, null=True, blank=True, related_name="hour_entry"
    )
    practicum = models.ForeignKey(
        Practicum, on_delete=models.PROTECT, null=True, blank=True, related_name="hour_entries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    staff_comment = EncryptedTextField(blank=True)
    # Optional proof the participant attached (a certificate of attendance, a receipt, a
    # photo of a sign-in sheet): a private file (cpse.uploads) that only she and program
    # staff download; required when the requirement asks for it (`Requirement.evidence_required`).
    evidence = models.FileField(upload_to=private_upload_path, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name_plural = "hour entries"
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="hour_entry_hours_in_a_day"),
        ]
        indexes = [
            models.Index(fields=["participant", "date"], name="hour_entry_participant_date"),
            # The staff's review queue (submitted, not practicum), oldest first, and its
            # count on the staff home: read from the index alone, however many entries.
            models.Index(fields=["status", "practicum", "created_at"], name="hour_entry_review_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.hours} h, {self.date}"

    @property
    def plural_count(self) -> int:
        """A whole number to choose "hour" or "hours" by (gettext needs an integer)."""
        return 1 if self.hours == 1 else 2

    @property
    def kind_label(self) -> str:
        """The kind in the reader's language. `get_kind_display` builds a lookup of all eight
        translated kinds on every call, which showed on the participant's list of entries."""
        return str(self.Kind(self.kind).label)

    @property
    def evidence_kind(self) -> str:
        """The kind of file attached ("PDF", "JPG" or "PNG"), empty without evidence: pages
        name it by its kind, as the person's own file name is never kept."""
        return document_kind(self.evidence)

    @property
    def can_change(self) -> bool:
        """The participant may still edit it (not yet approved)."""
        return self.status in (self.Status.SUBMITTED, self.Status.RETURNED)

    @property
    def can_withdraw(self) -> bool:
        """The participant may take it back (`hours.services.hour_entry_withdraw`): self-care
        hours they logged, not yet approved."""
        return self.can_change and self.practicum_id is None and self.attendance_id is None


class SupervisorConfirmation(models.Model):
    """The supervisor's answer about one practicum hour entry, through a one-time link
    (only a hash of its token is stored) or their account. An entry changed after a
    decline gets a new confirmation; the old rows stay so staff see who decided what."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the supervisor")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        REPLACED = "replaced", _("Replaced")

    entry = models.ForeignKey(HourEntry, on_delete=models.CASCADE, related_name="supervisor_confirmations")
    practicum = models.ForeignKey(Practicum, on_delete=models.CASCADE, related_name="confirmations")
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    # Set when the supervisor answered signed in; a link answer is by `practicum.supervisor_name`.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The supervisor's words when declining; seen by the participant and staff.
    comment = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"], condition=Q(status="pending"), name="one_pending_confirmation_per_entry"
            )
        ]

    def __str__(self) -> str:
        return self.get_status_display()
