import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorts.models import Participant, Requirement
from cpse.crypto import EncryptedTextField


class HourEntry(models.Model):
    """Hours a participant logged towards an hours requirement (for now, self-care),
    approved or returned by program staff. Progress is computed from these rows by
    `selectors.participant_progress`, never stored."""

    class Kind(models.TextChoices):
        JOURNALING = "journaling", _("Reflective journaling")
        THERAPY = "therapy", _("Therapy or counselling")
        SUPPORT_GROUP = "support_group", _("Support group")
        PHYSICAL = "physical", _("Physical wellbeing")
        SPIRITUAL = "spiritual", _("Spiritual practice")
        OTHER = "other", _("Other")

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
    # Private to the participant and program staff.
    reflection = EncryptedTextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    staff_comment = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name_plural = "hour entries"
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="hour_entry_hours_in_a_day"),
        ]
        indexes = [
            models.Index(fields=["participant", "date"], name="hour_entry_participant_date"),
            models.Index(fields=["status", "created_at"], name="hour_entry_status_created"),
        ]

    def __str__(self) -> str:
        return f"{self.hours} h, {self.date}"

    @property
    def plural_count(self) -> int:
        """A whole number to choose "hour" or "hours" by (gettext needs an integer)."""
        return 1 if self.hours == 1 else 2

    @property
    def can_change(self) -> bool:
        """The participant may still edit it (not yet approved)."""
        return self.status in (self.Status.SUBMITTED, self.Status.RETURNED)
