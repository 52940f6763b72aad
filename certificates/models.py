"""Certificates: the credential itself, its number for public verification, the PDF and
wallet card (stored privately, rendered once), revocation, reissue and renewal."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Credential, Participant
from cpse.crypto import EncryptedTextField
from cpse.uploads import private_upload_path


class CertificateName(models.Model):
    """Which of their names the participant wants on the certificate, chosen before issue."""

    class Use(models.TextChoices):
        CHOSEN = "chosen", _("The name I use (my display name)")
        LEGAL = "legal", _("My legal name")

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="certificate_name")
    use = models.CharField(max_length=8, choices=Use.choices, default=Use.CHOSEN)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.get_use_display()


# Entries in the revocation status list (W3C Bitstring Status List): the spec's minimum,
# so one certificate's bit hides among many.
STATUS_LIST_LENGTH = 131_072
_STATUS_INDEXES_GIVEN: set[int] = set()


def new_status_list_index() -> int:
    """A random free position in the status list. Drawn at random so positions say
    nothing about issue order; the ones handed out in this process are remembered, so a
    bulk_create does not draw one twice (the unique constraint catches the rest)."""
    if len(_STATUS_INDEXES_GIVEN) > STATUS_LIST_LENGTH // 2:
        _STATUS_INDEXES_GIVEN.clear()
    while True:
        index = secrets.randbelow(STATUS_LIST_LENGTH)
        if index in _STATUS_INDEXES_GIVEN or Certificate.objects.filter(status_list_index=index).exists():
            continue
        _STATUS_INDEXES_GIVEN.add(index)
        return index


class Certificate(models.Model):
    """An issued credential. Its `number` is what verification looks up: random, so it
    cannot be guessed or counted through. Expiry is read from `expires_on`, not stored as
    a status."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")
        REPLACED = "replaced", _("Replaced by a newer certificate")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(max_length=32, unique=True)
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="certificates")
    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="certificates")
    # The name printed and shown on verification, as the participant chose it at issue.
    displayed_name = models.CharField(max_length=150)
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VALID)
    # Rendered once, kept outside any public URL; served by permission-checked views.
    pdf = models.FileField(upload_to=private_upload_path, blank=True)
    wallet_pdf = models.FileField(upload_to=private_upload_path, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Reissue (say, after a name change): the new certificate points at the one it replaces.
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Internal: verification says "revoked", never why.
    revoked_reason = EncryptedTextField(blank=True)
    # The issue of a whole cohort that made it (its page lists who received one); None
    # for one issued on its own or reissued.
    batch = models.ForeignKey(
        "CertificateBatch", on_delete=models.SET_NULL, null=True, blank=True, related_name="certificates"
    )
    # The graduate's choice to share (off by default): with it on, the verification page
    # becomes a badge page with link previews. Who turned it on or off, and when, is in
    # the change history; `sharing_changed_at` is what the page says.
    sharing = models.BooleanField(default=False)
    sharing_changed_at = models.DateTimeField(null=True, blank=True)

    # Its bit in the published revocation list (/verify/status/): set while revoked or
    # replaced, so a verifier holding only the file sees the current state.
    status_list_index = models.PositiveIntegerField(default=new_status_list_index, editable=False)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "credential"], condition=Q(status="valid"), name="one_valid_certificate"
            ),
            models.UniqueConstraint(fields=["status_list_index"], name="unique_status_list_index"),
            models.CheckConstraint(
                condition=Q(status_list_index__lt=STATUS_LIST_LENGTH), name="status_list_index_in_list"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class CertificateBatch(models.Model):
    """Issuing a whole cohort's certificates, run by the worker; the page shows its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Issuing")
        DONE = "done", _("Done")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="certificate_batches")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    # Exactly who staff saw and confirmed: only they can be issued, if still eligible.
    previewed = models.ManyToManyField(Participant, related_name="+", blank=True)
    total = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.get_status_display()}"


class Renewal(models.Model):
    """A renewal of a certificate that expires: the continuing-education hours shown and
    the new expiry date."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="renewals")
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    completed_on = models.DateField()
    new_expires_on = models.DateField()
    # Staff's notes on what was shown; the participant's own record.
    notes = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="renewal_hours_positive")]

    def __str__(self) -> str:
        return f"{self.certificate}: until {self.new_expires_on}"


class ContinuingEducation(models.Model):
    """Continuing-education hours a graduate logs towards renewing a certificate; program
    staff approve them or return them with a reason. Which approved hours count for the
    next renewal is the renewal rule's (certificates.renewal.services)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="continuing_education")
    activity = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    completed_on = models.DateField()
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    # A certificate of attendance or similar; private, served by a permission-checked view.
    evidence = models.FileField(upload_to=private_upload_path, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_reason = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="ce_status_created")]
        constraints = [models.CheckConstraint(condition=Q(hours__gt=0), name="ce_hours_positive")]

    def __str__(self) -> str:
        return f"{self.certificate}: {self.completed_on}"

    @property
    def can_change(self) -> bool:
        return self.status != self.Status.APPROVED
