"""What a participant lets each sponsor see. Nothing by default; check-in answers and
concerns are never shareable (there is no field for them).

Rules chosen here: a sponsor sees a participant's name only when the participant chose
it (`name`), whatever the pledge: without it, pages and files for sponsors call them
"a participant" (numbered when there are several; sponsors.portal.selectors)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Participant
from sponsors.models.organisations import Sponsor

# The fields a participant may share, in the order the consent page shows them.
SHAREABLE = ("progress_percentages", "requirement_completion", "certificate_status", "placement", "name")


class Consent(models.Model):
    """The current choice of one participant for one sponsor. Every change is also a
    `ConsentChange` row, so the history (who, what, when) is kept."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sponsor_consents")
    sponsor = models.ForeignKey(Sponsor, on_delete=models.CASCADE, related_name="consents")
    # Shown as hours done of hours needed ("8 of 12 hours"), or done, for each requirement.
    progress_percentages = models.BooleanField(
        _("How far I am with each requirement (for example, 8 of 12 hours)"), default=False
    )
    requirement_completion = models.BooleanField(_("Which requirements I have completed"), default=False)
    certificate_status = models.BooleanField(_("Whether I have been certified"), default=False)
    placement = models.BooleanField(_("Where I work after the program"), default=False)
    name = models.BooleanField(_("My name"), default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "sponsor"], name="one_consent_per_sponsor")]

    def __str__(self) -> str:
        return f"Consent {self.participant_id} → {self.sponsor_id}"

    @property
    def shares_anything(self) -> bool:
        return any(getattr(self, name) for name in SHAREABLE)


class ConsentChange(models.Model):
    """One grant or withdrawal of one field, time-stamped."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consent_changes")
    sponsor = models.ForeignKey(Sponsor, on_delete=models.CASCADE, related_name="consent_changes")
    field = models.CharField(max_length=30, choices=[(name, name) for name in SHAREABLE])
    granted = models.BooleanField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.field} {'granted' if self.granted else 'withdrawn'}"
