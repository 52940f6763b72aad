"""The fee, invoices and payments. Money is integer cents everywhere (never float).

An invoice is billed to a sponsor or, when nobody sponsors a participant, to the
participant; its number is "<year>-<sequence>", sequential per year (`InvoiceCounter`,
taken under a row lock). A payment is recorded against one invoice; a receipt number is
given to each payment. The `provider` fields leave room for an online card provider.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Participant
from cpse.crypto import EncryptedTextField
from cpse.uploads import private_upload_path
from sponsors.models.organisations import Sponsor
from sponsors.models.sponsorships import SponsorshipSeat


class FeeReduction(models.Model):
    """A scholarship or sliding-scale reduction of a participant's own share of the fee."""

    class Kind(models.TextChoices):
        SCHOLARSHIP = "scholarship", _("Scholarship")
        SLIDING_SCALE = "sliding_scale", _("Sliding-scale reduction")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="fee_reductions")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    amount_cents = models.PositiveIntegerField()
    reason = EncryptedTextField(blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=Q(amount_cents__gt=0), name="reduction_amount_positive")]

    def __str__(self) -> str:
        return self.get_kind_display()


class InvoiceCounter(models.Model):
    """The last invoice (or receipt) sequence used in a year, locked while a number is taken."""

    series = models.CharField(max_length=10)  # "invoice" or "receipt"
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="one_counter_per_series_year")]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.last}"


class Invoice(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        VOID = "void", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(max_length=20, unique=True)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    sponsor = models.ForeignKey(Sponsor, null=True, blank=True, on_delete=models.PROTECT, related_name="invoices")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="invoices"
    )
    # The cohort whose fee it charges (a sponsor's invoice is for one sponsorship, so one cohort).
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="invoices")
    # Who it is addressed to, as printed (kept as it was on the day of issue).
    billed_to_name = models.CharField(max_length=150)
    billed_to_address = models.TextField(blank=True)
    issued_on = models.DateField(default=timezone.localdate)
    due_on = models.DateField()
    total_cents = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ISSUED)
    void_reason = models.CharField(max_length=200, blank=True)
    # The sponsor's purchase order number and a note, both printed on the invoice.
    po_number = models.CharField(max_length=50, blank=True)
    memo = models.CharField(max_length=300, blank=True)
    pdf = models.FileField(upload_to=private_upload_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="invoice_sequence_per_year"),
            models.CheckConstraint(
                condition=Q(sponsor__isnull=False, participant__isnull=True)
                | Q(sponsor__isnull=True, participant__isnull=False),
                name="invoice_billed_to_one",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    # The participant this line pays for (always set for fee lines).
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="invoice_lines"
    )
    seat = models.ForeignKey(
        SponsorshipSeat, null=True, blank=True, on_delete=models.PROTECT, related_name="invoice_lines"
    )
    description = models.CharField(max_length=200)
    amount_cents = models.PositiveIntegerField()
    # Taken off what the invoice asks for: the seat was released and refunded to the sponsor.
    credited_cents = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["invoice", "pk"]

    def __str__(self) -> str:
        return self.description


class Payment(models.Model):
    """Money received against an invoice (negative `amount_cents` is a refund).

    A payment entered wrongly is reversed (`reversed_at`, with the reason), never changed
    or deleted: it stays on the books and its receipt says so; a correction is a reversal
    plus a new payment with its own receipt (`replaced_by`)."""

    class Method(models.TextChoices):
        CHECK = "check", _("Check")
        TRANSFER = "transfer", _("Bank transfer")
        CARD = "card", _("Card")
        OTHER = "other", _("Other")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    amount_cents = models.IntegerField()
    method = models.CharField(max_length=10, choices=Method.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    received_on = models.DateField(default=timezone.localdate)
    receipt_number = models.CharField(max_length=20, unique=True)
    receipt_pdf = models.FileField(upload_to=private_upload_path, blank=True)
    # For a card payment provider later: which one, and its id for this payment.
    provider = models.CharField(max_length=30, default="manual")
    provider_reference = models.CharField(max_length=120, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    reversed_at = models.DateTimeField(null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reversal_reason = models.CharField(max_length=200, blank=True)
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-received_on", "-created_at"]
        constraints = [models.CheckConstraint(condition=~Q(amount_cents=0), name="payment_not_zero")]

    def __str__(self) -> str:
        return self.receipt_number


class SeatRelease(models.Model):
    """What happened to a seat when its participant withdrew: given to someone else, or
    the sponsor's money refunded. Staff choose; this row records the choice."""

    class Outcome(models.TextChoices):
        REASSIGNED = "reassigned", _("Given to another participant")
        REFUNDED = "refunded", _("Refunded to the sponsor")

    seat = models.OneToOneField(SponsorshipSeat, on_delete=models.PROTECT, related_name="release")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    new_seat = models.ForeignKey(
        SponsorshipSeat, null=True, blank=True, on_delete=models.PROTECT, related_name="released_from"
    )
    refund = models.ForeignKey(Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.get_outcome_display()
