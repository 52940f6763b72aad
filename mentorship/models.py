"""Peer mentorship: staff pair each participant with a peer mentor (a certified graduate
or an experienced peer-support worker). The mentor sees only what the participant
chooses to share, logs their meetings, and is paid for their mentoring hours."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Participant
from cpse.crypto import EncryptedTextField


class Mentor(models.Model):
    """A person with a mentor account (the `mentor` role)."""

    class Background(models.TextChoices):
        GRADUATE = "graduate", _("Certified graduate of the program")
        PEER_WORKER = "peer_worker", _("Experienced peer-support worker")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor")
    background = models.CharField(max_length=12, choices=Background.choices)
    # Peer mentors are paid for their labor: whole cents an hour.
    hourly_rate_cents = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.user)


class MentorVolunteer(models.Model):
    """A graduate's offer to become a mentor, for staff to answer."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for staff")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined with thanks")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_offers")
    # Why they would like to mentor, in their words.
    message = EncryptedTextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(status="waiting"), name="one_waiting_mentor_offer")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_status_display()}"


class MentorInvitation(models.Model):
    """A one-time link inviting a person without an account (or with one) to become a
    mentor. Only the hash of the link's token is stored; it works once and expires."""

    email = models.EmailField()
    background = models.CharField(max_length=12, choices=Mentor.Background.choices)
    hourly_rate_cents = models.PositiveIntegerField(default=0)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return "Invitation to mentor"


class Mentorship(models.Model):
    """A pairing of a participant with a mentor; ending it keeps the history. What the
    mentor may see is the participant's choice, nothing by default."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="mentorships")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="mentorships")
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The participant's choices of what the mentor sees.
    shares_progress = models.BooleanField(default=False)
    shares_placement = models.BooleanField(default=False)
    shares_contact = models.BooleanField(default=False)
    shares_updated_at = models.DateTimeField(null=True, blank=True)

    SHAREABLE = ("shares_progress", "shares_placement", "shares_contact")

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"], condition=Q(ended_on__isnull=True), name="one_current_mentorship"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} ↔ {self.participant}"


class MentorPayment(models.Model):
    """A payment to a mentor for the meetings it covers (recorded by finance)."""

    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="payments")
    minutes = models.PositiveIntegerField()
    amount_cents = models.PositiveIntegerField()
    paid_on = models.DateField(default=timezone.localdate)
    reference = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-paid_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.mentor}: {self.amount_cents} cents on {self.paid_on}"


class MentorMeeting(models.Model):
    """One meeting, logged by the mentor: date, length and a general topic only."""

    class Topic(models.TextChoices):
        GETTING_STARTED = "getting_started", _("Getting to know each other")
        STUDY = "study", _("Study and requirements")
        PRACTICUM = "practicum", _("Practicum and placement")
        SELF_CARE = "self_care", _("Self-care and balance")
        CAREER = "career", _("Work and career")
        OTHER = "other", _("Something else")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="meetings")
    met_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(
        _("length in minutes"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    topic = models.CharField(_("general topic"), max_length=20, choices=Topic.choices)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Set when finance records the payment that covers this meeting.
    payment = models.ForeignKey(MentorPayment, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings")

    class Meta:
        ordering = ["-met_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.mentorship}: {self.met_on}"
