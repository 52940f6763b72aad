"""The history of messages program staff sent to a cohort (the bulk actions page)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Participant


class CohortMessage(models.Model):
    """One message sent to (part of) a cohort: who sent it, when, to how many, its subject.
    The text itself is kept only in each person's message (cpse.notify, encrypted), never
    here, so this history never holds more than staff need to see what was sent."""

    class Audience(models.TextChoices):
        ENROLLED = Participant.Status.ENROLLED, _("Everyone enrolled now")
        ON_LEAVE = Participant.Status.ON_LEAVE, _("People on leave")
        COMPLETED = Participant.Status.COMPLETED, _("People who completed the program")
        CERTIFIED = Participant.Status.CERTIFIED, _("People who are certified")
        ALL = "all", _("Everyone in the cohort except people who withdrew")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The preview's once-only key: confirming twice sends once.
    key = models.UUIDField(unique=True)
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(max_length=12, choices=Audience.choices)
    subject = models.CharField(max_length=120)
    recipients = models.PositiveIntegerField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"Message to {self.cohort} ({self.sent_at:%Y-%m-%d})"
