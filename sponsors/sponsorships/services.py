"""Pledges and their seats: create, assign, cancel, and decide what happens to a seat
when its participant withdraws (given to someone else, or refunded to the sponsor).

Invariant (shared with the sponsor portal): every participant a sponsorship pays for has
a current seat (participant set, `ended_on` null) on an active sponsorship. A whole-cohort
pledge has one seat per participant; `sponsorship_cohort_sync` adds seats for people
enrolled later (the cohort's fee page calls it; so may any service).

A participant is never covered for more than their fee: each seat takes at most what is
left (`money_services.coverage_check`), under a lock on the participant's row, and a share
already invoiced to the participant is credited on their invoice in the same transaction
(`money_services.coverage_settle`): the fee is billed once.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Participant
from cohorts.services import participant_lock
from cpse.audit.services import change_record
from sponsors.models import Invoice, InvoiceLine, SeatRelease, Sponsor, Sponsorship
from sponsors.models import SponsorshipSeat as Seat
from sponsors.money import selectors
from sponsors.money.services import (
    MoneyError,
    coverage_check,
    coverage_settle,
    dollars,
    invoice_pdf_forget,
    refund_record,
)

Scope = Sponsorship.Scope
PS = Participant.Status
# Who a pledge may pay for: anyone not withdrawn.
PAYABLE = (PS.ENROLLED, PS.ON_LEAVE, PS.COMPLETED, PS.CERTIFIED)


def _check_participant(participant: Participant, cohort: Cohort) -> None:
    if participant.cohort_id != cohort.pk:
        raise MoneyError(_("This participant is not in the pledge's cohort."), code="participant")
    if participant.status not in PAYABLE:
        raise MoneyError(_("This participant has withdrawn from the program."), code="participant")


def _lock_sponsorship(sponsorship: Sponsorship) -> Sponsorship:
    locked = Sponsorship.objects.select_for_update().select_related("cohort", "sponsor").get(pk=sponsorship.pk)
    if locked.status != Sponsorship.Status.ACTIVE:
        raise MoneyError(_("This pledge was cancelled."), code="cancelled")
    return locked


def _add_seat(sponsorship: Sponsorship, participant: Participant, amount: int) -> Seat:
    participant = participant_lock(participant)
    if Seat.objects.filter(sponsorship=sponsorship, participant=participant, ended_on__isnull=True).exists():
        raise MoneyError(_("This pledge already pays for this participant."), code="duplicate")
    coverage_check(participant, amount)
    seat = Seat.objects.create(
        sponsorship=sponsorship, participant=participant, amount_cents=amount, assigned_at=timezone.now()
    )
    coverage_settle(participant)
    return seat


def _cohort_seats(sponsorship: Sponsorship) -> int:
    """Seats for the cohort's participants this whole-cohort pledge does not pay for yet;
    each takes the pledged amount or what is left of the person's fee if less (nobody
    already fully covered gets one)."""
    had_seat = Seat.objects.filter(sponsorship=sponsorship, participant__isnull=False).values("participant")
    added = 0
    for participant in (
        Participant.objects.filter(cohort=sponsorship.cohort, status__in=PAYABLE, fee_due_cents__gt=0)
        .exclude(pk__in=had_seat)
        .order_by("pk")
    ):
        participant = participant_lock(participant)
        amount = min(sponsorship.amount_per_participant_cents, selectors.participant_balance(participant).coverage_room)
        if amount > 0:
            Seat.objects.create(
                sponsorship=sponsorship, participant=participant, amount_cents=amount, assigned_at=timezone.now()
            )
            coverage_settle(participant)
            added += 1
    return added


def sponsorship_create(
    *,
    sponsor: Sponsor,
    cohort: Cohort,
    scope: str,
    participant: Participant | None = None,
    seats: int | None = None,
    amount_per_participant_cents: int | None = None,
    by,
) -> Sponsorship:
    amount = cohort.fee_cents if amount_per_participant_cents is None else amount_per_participant_cents
    if amount <= 0:
        raise MoneyError(_("Please enter an amount above zero."), code="amount")
    if amount > cohort.fee_cents:
        raise MoneyError(
            _("A sponsor pays at most the cohort's fee (%(fee)s) per participant.")
            % {"fee": dollars(cohort.fee_cents)},
            code="amount",
        )
    if scope == Scope.PARTICIPANT and participant is None:
        raise MoneyError(_("Please choose the participant this pledge pays for."), code="participant")
    if scope == Scope.SEATS and not seats:
        raise MoneyError(_("Please say how many places are pledged."), code="seats")
    if scope not in Scope.values:
        raise MoneyError(_("Please choose what the pledge covers."), code="scope")
    with transaction.atomic():
        sponsorship = Sponsorship.objects.create(
            sponsor=sponsor,
            cohort=cohort,
            scope=scope,
            seats=seats if scope == Scope.SEATS else None,
            amount_per_participant_cents=amount,
            created_by=by,
        )
        if scope == Scope.PARTICIPANT:
            _check_participant(participant, cohort)
            _add_seat(sponsorship, participant, amount)
        elif scope == Scope.SEATS:
            Seat.objects.bulk_create(Seat(sponsorship=sponsorship, amount_cents=amount) for _n in range(seats))
        else:
            _cohort_seats(sponsorship)
        return sponsorship


def sponsorship_cohort_sync(*, cohort: Cohort) -> int:
    """Give every active whole-cohort pledge of `cohort` a seat for participants enrolled
    since (idempotent; returns how many seats were added)."""
    added = 0
    for sponsorship in Sponsorship.objects.filter(cohort=cohort, scope=Scope.COHORT, status=Sponsorship.Status.ACTIVE):
        with transaction.atomic():
            added += _cohort_seats(_lock_sponsorship(sponsorship))
    return added


def seat_assign(*, sponsorship: Sponsorship, participant: Participant, by) -> Seat:
    """Give a free place of a several-places pledge to a participant of its cohort."""
    with transaction.atomic():
        sponsorship = _lock_sponsorship(sponsorship)
        _check_participant(participant, sponsorship.cohort)
        seat = Seat.objects.filter(sponsorship=sponsorship, participant__isnull=True, ended_on__isnull=True).first()
        if seat is None:
            raise MoneyError(_("Every place of this pledge is already given to a participant."), code="full")
        participant = participant_lock(participant)
        if Seat.objects.filter(sponsorship=sponsorship, participant=participant, ended_on__isnull=True).exists():
            raise MoneyError(_("This pledge already pays for this participant."), code="duplicate")
        coverage_check(participant, seat.amount_cents)
        seat.participant = participant
        seat.assigned_at = timezone.now()
        seat.save(update_fields=["participant", "assigned_at"])
        coverage_settle(participant)
        return seat


def _current_seat(sponsorship: Sponsorship, participant: Participant) -> Seat:
    seat = (
        Seat.objects.select_for_update()
        .filter(sponsorship=sponsorship, participant=participant, ended_on__isnull=True)
        .first()
    )
    if seat is None:
        raise MoneyError(_("This pledge does not pay for this participant now."), code="no_seat")
    return seat


def _charging_line(seat: Seat) -> InvoiceLine | None:
    """The invoice line that charged the sponsor for this seat: its own, or that of the
    seat it was reassigned from (that money paid for this one)."""
    while seat is not None:
        line = (
            InvoiceLine.objects.select_related("invoice")
            .filter(seat=seat, invoice__status=Invoice.Status.ISSUED)
            .first()
        )
        if line is not None:
            return line
        release = SeatRelease.objects.filter(new_seat=seat).select_related("seat").first()
        seat = release.seat if release else None
    return None


def seat_unassign(*, sponsorship: Sponsorship, participant: Participant, by) -> Seat:
    """Take a place back from a participant (a mistake): only before it was invoiced."""
    with transaction.atomic():
        sponsorship = _lock_sponsorship(sponsorship)
        if sponsorship.scope != Scope.SEATS:
            raise MoneyError(_("Only places of a several-places pledge can be taken back."), code="scope")
        seat = _current_seat(sponsorship, participant)
        if _charging_line(seat) is not None:
            raise MoneyError(
                _("This place is already invoiced; if the participant withdrew, release the place instead."),
                code="invoiced",
            )
        seat.participant = None
        seat.assigned_at = None
        seat.save(update_fields=["participant", "assigned_at"])
        return seat


def sponsorship_cancel(*, sponsorship: Sponsorship, by) -> Sponsorship:
    """Cancel a pledge: only while nothing of it was invoiced."""
    with transaction.atomic():
        sponsorship = _lock_sponsorship(sponsorship)
        if selectors.sponsorship_is_invoiced(sponsorship):
            raise MoneyError(
                _("Part of this pledge is already invoiced, so it cannot be cancelled. Cancel the invoice first."),
                code="invoiced",
            )
        sponsorship.status = Sponsorship.Status.CANCELLED
        sponsorship.save(update_fields=["status"])
        today = timezone.localdate()
        seats = list(Seat.objects.select_for_update().filter(sponsorship=sponsorship, ended_on__isnull=True))
        Seat.objects.filter(pk__in=[seat.pk for seat in seats]).update(ended_on=today)
        for seat in seats:
            change_record(seat, changes={"ended_on": (None, today)}, by=by)
        return sponsorship


def seat_release(
    *,
    sponsorship: Sponsorship,
    participant: Participant,
    outcome: str,
    new_participant: Participant | None = None,
    note: str = "",
    by,
    today: datetime.date | None = None,
) -> SeatRelease:
    """The participant withdrew: give their place to `new_participant` (REASSIGNED; the
    money already invoiced pays for them) or give the sponsor their money back (REFUNDED:
    the invoice line is credited and, if the sponsor had paid more than is now due, a
    refund is recorded as a negative payment with its own receipt)."""
    today = today or timezone.localdate()
    if outcome not in SeatRelease.Outcome.values:
        raise MoneyError(_("Please choose to give the place to someone else or to refund it."), code="outcome")
    if outcome == SeatRelease.Outcome.REASSIGNED and new_participant is None:
        raise MoneyError(_("Please choose who gets the place."), code="new_participant")
    with transaction.atomic():
        sponsorship = _lock_sponsorship(sponsorship)
        seat = _current_seat(sponsorship, participant)
        if participant.status != PS.WITHDRAWN:
            raise MoneyError(_("A place is released only when its participant has withdrawn."), code="not_withdrawn")
        seat.ended_on = today
        seat.save(update_fields=["ended_on"])
        release = SeatRelease(seat=seat, outcome=outcome, note=note.strip()[:200], recorded_by=by)
        if outcome == SeatRelease.Outcome.REASSIGNED:
            _check_participant(new_participant, sponsorship.cohort)
            release.new_seat = _add_seat(sponsorship, new_participant, seat.amount_cents)
        else:
            line = _charging_line(seat)
            if line is not None:
                invoice = Invoice.objects.select_for_update().get(pk=line.invoice_id)
                InvoiceLine.objects.filter(pk=line.pk).update(credited_cents=line.amount_cents)
                change_record(line, changes={"credited_cents": (line.credited_cents, line.amount_cents)}, by=by)
                invoice_pdf_forget(invoice)
                amounts = selectors.invoice_amounts(invoice)
                overpaid = -amounts.outstanding_cents
                if overpaid > 0:
                    release.refund = refund_record(
                        invoice=invoice,
                        amount_cents=min(overpaid, line.amount_cents),
                        reference=_("Refund of a released place"),
                        by=by,
                    )
        release.save()
        return release
