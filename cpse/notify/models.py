import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cpse.crypto import EncryptedTextField
from cpse.notify.kinds import kind_label


class Notification(models.Model):
    """One message to one person: a row first, delivered by the worker afterwards.

    `key` makes a message unique (for example "checkin-due:<participant>:2026-05"), so
    a sweep that runs twice, or two workers at once, can never queue or send it twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")
        CANCELLED = "cancelled", _("Cancelled")
        # Not emailed: the person asked to see messages only when they sign in.
        IN_APP = "in_app", _("Kept in the person's Messages page")

    class Category(models.TextChoices):
        MESSAGE = "message", _("Message")
        # Queued by a registered reminder (cpse.notify.reminders): may wait for a weekly summary.
        REMINDER = "reminder", _("Reminder")
        # An account email the person asked for just now (sign-up, password reset).
        ACCOUNT = "account", _("Account email")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # For people without an account (a recommender, a practicum supervisor).
    to_email = models.EmailField(blank=True)
    kind = models.CharField(max_length=80)
    category = models.CharField(max_length=10, choices=Category.choices, default=Category.MESSAGE)
    # The body holds a link that works once (or expires): never shown to staff, never resent.
    one_time_link = models.BooleanField(default=False)
    # When that link stops working: its expiry, brought forward to the moment it is used.
    # From then on the message leaves the person's Messages page (services.inbox_messages).
    link_expires_at = models.DateTimeField(null=True, blank=True)
    key = models.CharField(max_length=200, unique=True)
    language = models.CharField(max_length=10)
    subject = models.CharField(max_length=200)
    # Bodies carry no sensitive detail by design; they may carry a one-time link, so they
    # are encrypted at rest all the same.
    body = EncryptedTextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Which delivery claimed the row (a weekly summary claims several rows at once).
    claim = models.UUIDField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The exception's class only: its message could quote an address or a body.
    last_error = models.CharField(max_length=120, blank=True)
    # A copy staff asked to send again: who asked (the original's key + ":resend:<n>").
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # In-app messages (status IN_APP): when the person opened them on their Messages page.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["recipient", "status"]),
            models.Index(fields=["kind", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(to_email=""),
                name="notification_has_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.get_status_display()})"

    @property
    def kind_label(self) -> str:
        """What kind of message this is, in words (cpse.notify.kinds)."""
        return kind_label(self.kind)

    @property
    def status_label(self) -> str:
        """`get_status_display()` for the message log's rows: Django's hashes every
        choice's label (a translation each) on every call, fifty rows a page."""
        return str(STATUS_LABELS.get(self.status, self.status))

    @property
    def address(self) -> str:
        return self.recipient.email if self.recipient_id else self.to_email


# Each status's label (lazy: read in the page's language), for `Notification.status_label`.
STATUS_LABELS = dict(Notification.Status.choices)
