"""Pledges to pay the fee of one participant, some seats in a cohort, or a whole cohort.

What a pledge pays for one person is a seat: `SponsorshipSeat` ties a sponsorship to a
participant with an amount. Several sponsors may share one person (each a seat with part
of the fee); a seat not yet given to anyone waits with no participant.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Participant
from sponsors.models.organisations import Sponsor


class Sponsorship(models.Model):
    class Scope(models.TextChoices):
        PARTICIPANT = "participant", _("One named participant")
        SEATS = "seats", _("A number of places in a cohort")
        COHORT = "cohort", _("The whole cohort")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sponsor = models.ForeignKey(Sponsor, on_delete=models.PROTECT, related_name="sponsorships")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="sponsorships")
    scope = models.CharField(max_length=12, choices=Scope.choices)
    # For SEATS: how many places are pledged.
    seats = models.PositiveSmallIntegerField(null=True, blank=True)
    # What the sponsor pays per participant, in cents (the cohort's fee, or part of it).
    amount_per_participant_cents = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    pledged_on = models.DateField(default=timezone.localdate)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(scope="seats") | Q(seats__gte=1), name="sponsorship_seats_counted"),
            models.CheckConstraint(condition=Q(amount_per_participant_cents__gt=0), name="sponsorship_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.sponsor} – {self.cohort} ({self.get_scope_display()})"


class SponsorshipSeat(models.Model):
    """One participant's place paid (in whole or part) by a sponsorship. `ended_on` is set
    when the seat stops paying for this person (withdrawal: see `SeatRelease`)."""

    sponsorship = models.ForeignKey(Sponsorship, on_delete=models.CASCADE, related_name="seat_rows")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="sponsor_seats"
    )
    amount_cents = models.PositiveIntegerField()
    assigned_at = models.DateTimeField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["sponsorship", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_cents__gt=0), name="seat_amount_positive"),
            # A sponsorship pays for a person at most once at a time.
            models.UniqueConstraint(
                fields=["sponsorship", "participant"],
                condition=Q(participant__isnull=False, ended_on__isnull=True),
                name="one_current_seat_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Seat {self.pk} of {self.sponsorship_id}"
