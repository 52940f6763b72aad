import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cpse.crypto import EncryptedTextField


class Sponsor(models.Model):
    """A hosting agency or a donor that pays the fee for one survivor or a whole cohort."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Hosting agency")
        DONOR = "donor", _("Donor")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("organisation name"), max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
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


class SponsorInvitation(models.Model):
    """An invitation for a person to join a sponsor's portal. Only the hash of the link's
    token is stored; it works once and expires (SPONSOR_INVITATION_DAYS)."""

    sponsor = models.ForeignKey(Sponsor, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
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
        return f"Invitation to {self.sponsor}"


class SponsorLead(models.Model):
    """Someone who filled in the public "sponsor a survivor" form, for staff to contact."""

    class Interest(models.TextChoices):
        ONE_SURVIVOR = "one", _("Sponsor one survivor")
        SEATS = "seats", _("Sponsor several places in a cohort")
        COHORT = "cohort", _("Sponsor a whole cohort")
        NOT_SURE = "not_sure", _("Not sure yet")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        BECAME_SPONSOR = "sponsor", _("Became a sponsor")
        CLOSED = "closed", _("Closed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("your name"), max_length=120)
    organisation = models.CharField(_("organisation (if any)"), max_length=150, blank=True)
    kind = models.CharField(_("you are"), max_length=10, choices=Sponsor.Kind.choices)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    interest = models.CharField(_("you would like to"), max_length=10, choices=Interest.choices)
    message = EncryptedTextField(_("anything you would like us to know"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    sponsor = models.ForeignKey(Sponsor, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.organisation or self.name
