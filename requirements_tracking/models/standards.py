"""The program's standards that sit with the requirements: the code of ethics each
participant acknowledges, and the readiness assessments at interview and before the
practicum (designed to prevent re-traumatisation: they can recommend more preparation)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from cohorts.models import Credential, Participant
from cpse.crypto import EncryptedJSONField, EncryptedTextField


class EthicsCode(models.Model):
    """One published version of the credential's code of ethics (boundaries, dual
    relationships, conflicts of interest, confidentiality, mandatory reporting). A new
    version asks every participant to acknowledge again; published versions never change."""

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="ethics_codes")
    version = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=150)
    body = models.TextField()
    # What changed since the previous version, shown to people asked to acknowledge again.
    changes = models.TextField(blank=True)
    # Spanish beside the English, for Spanish readers (cpse.bilingual); may stay empty.
    title_es = models.CharField(max_length=150, blank=True)
    body_es = models.TextField(blank=True)
    changes_es = models.TextField(blank=True)
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-version"]
        constraints = [models.UniqueConstraint(fields=["credential", "version"], name="one_ethics_code_per_version")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class EthicsAcknowledgment(models.Model):
    """A participant's acknowledgment that they read one version of the code."""

    code = models.ForeignKey(EthicsCode, on_delete=models.PROTECT, related_name="acknowledgments")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ethics_acknowledgments")
    acknowledged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["code", "participant"], name="one_acknowledgment_per_code_version")
        ]

    def __str__(self) -> str:
        return f"{self.participant} acknowledged {self.code}"


class ReadinessAssessment(models.Model):
    """A readiness assessment: the person's own answers, then staff's (or the
    interviewer's) judgement. At interview it belongs to the application; before the
    practicum to the participant. "More preparation" is a recommendation, never a verdict."""

    class Stage(models.TextChoices):
        INTERVIEW = "interview", _("At interview")
        BEFORE_PRACTICUM = "before_practicum", _("Before the practicum")

    class Outcome(models.TextChoices):
        READY = "ready", _("Ready")
        READY_WITH_SUPPORT = "ready_with_support", _("Ready, with support agreed")
        MORE_PREPARATION = "more_preparation", _("More preparation recommended")

    stage = models.CharField(max_length=20, choices=Stage.choices)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="readiness_assessments"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, null=True, blank=True, related_name="readiness_assessments"
    )
    # The person's self-assessment ({question key: answer}); encrypted, it is about recovery.
    self_answers = EncryptedJSONField(default=dict, blank=True)
    self_submitted_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    # Staff's reasons and the support agreed; encrypted, staff and the person only.
    staff_notes = EncryptedTextField(blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(stage="interview", application__isnull=False)
                    | Q(stage="before_practicum", participant__isnull=False)
                ),
                name="readiness_assessment_belongs_to_its_stage",
            ),
            models.UniqueConstraint(
                fields=["application"], condition=Q(stage="interview"), name="one_interview_readiness_per_application"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.get_outcome_display() or '…'}"
