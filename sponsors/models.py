import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sponsor(models.Model):
    """A hosting agency or a donor that pays the fee for one survivor or a whole cohort."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Hosting agency")
        DONOR = "donor", _("Donor")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("organisation name"), max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    contact_email = models.EmailField(_("contact email"))
    billing_address = models.TextField(_("billing address"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SponsorMember(models.Model):
    """A person who signs in to the sponsor portal for an organisation."""

    sponsor = models.ForeignKey(Sponsor, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sponsor_memberships")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sponsor", "user"], name="sponsor_member_once")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.sponsor}"
