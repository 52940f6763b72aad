"""Reads about the fee: one computation of balances, used by every page, PDF and reminder.

For a participant:
    fee        = Participant.fee_due_cents (set at acceptance from the cohort)
    sponsored  = Σ their current seats (participant set, not ended) on active sponsorships
    reduced    = Σ their scholarships and sliding-scale reductions
    own share  = fee − sponsored − reduced (what the participant pays themselves); once
                 withdrawn, no more than was already invoiced to them
    invoiced   = Σ their own (not cancelled) invoices, less what was credited on them;
                 paid = Σ payments on them (not reversed)
    outstanding = invoiced − paid (what their invoices still ask for)
    to invoice = own share − invoiced (never invoiced yet)
    still to pay = own share − paid (what the participant reads: both of the above)
    room       = what sponsors or reductions may still cover: the fee less what is
                 sponsored, reduced and paid by the participant (`coverage_room`); a share
                 already invoiced to the participant and not paid is credited on their
                 invoice when a sponsor or a reduction takes it over (money_services)

For an invoice: due = total − lines credited back (a released seat refunded to the
sponsor); paid = Σ payments not reversed (refunds are negative); outstanding = due − paid.

Rules chosen here: "outstanding" is always what issued invoices still ask for (due −
paid), and "never invoiced" what is owed but on no invoice yet: sponsors' current places
no invoice charged (`uninvoiced_seats`) and participants' own shares not yet invoiced
(`to_invoice`). `money_totals` sums both per cohort, for the finance overview and the
cohort's fee page alike. A reversed payment counts nowhere (`payments_in_force`).
All sums are integer cents.
"""

import datetime
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, replace

from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from cohorts.models import Cohort, Participant
from cpse.prepared import prepared_rows
from sponsors.models import FeeReduction, Invoice, InvoiceLine, Payment, Sponsor, SponsorMember, Sponsorship
from sponsors.models import SponsorshipSeat as Seat

ACTIVE = Sponsorship.Status.ACTIVE
ISSUED = Invoice.Status.ISSUED


def current_seats() -> QuerySet[Seat]:
    """Seats paying for someone now: given to a participant, not ended, pledge active."""
    return Seat.objects.filter(participant__isnull=False, ended_on__isnull=True, sponsorship__status=ACTIVE)


def payments_in_force() -> QuerySet[Payment]:
    """Payments that count: every payment and refund but those reversed (entered wrongly)."""
    return Payment.objects.filter(reversed_at__isnull=True)


def _sum(qs, field_name: str = "amount_cents") -> int:
    return qs.aggregate(total=Coalesce(Sum(field_name), 0))["total"]


# --- Participants ------------------------------------------------------------------------


@dataclass
class ParticipantBalance:
    participant: Participant
    fee: int
    sponsored: int
    reduced: int
    invoiced: int
    paid: int

    @property
    def withdrawn(self) -> bool:
        return self.participant.status == Participant.Status.WITHDRAWN

    @property
    def own_share(self) -> int:
        # After a withdrawal nothing more is asked of the person than was already invoiced
        # to them (their sponsor's place may have gone to someone else); staff may cancel
        # those invoices too.
        if self.withdrawn:
            return min(self.invoiced, self.fee - self.sponsored - self.reduced) if self.invoiced else 0
        return self.fee - self.sponsored - self.reduced

    @property
    def outstanding(self) -> int:
        """What the participant's invoices still ask for (the one rule: invoiced − paid)."""
        return self.invoiced - self.paid

    @property
    def to_invoice(self) -> int:
        """What of the own share has not been invoiced yet (never invoiced)."""
        return max(self.own_share - self.invoiced, 0)

    @property
    def still_to_pay(self) -> int:
        """What the participant has still to pay, invoiced or not (the participant's view)."""
        return self.own_share - self.paid

    @property
    def coverage_room(self) -> int:
        """What sponsors and reductions may still cover: the fee, less what they cover
        already and what the participant has paid themselves (a share invoiced to the
        participant and not paid can be taken over: it is credited on their invoice)."""
        return max(self.fee - self.sponsored - self.reduced - max(self.paid, 0), 0)

    @property
    def to_credit(self) -> int:
        """What of the participant's invoiced share is not covered by the fee any more
        (sponsors or reductions took it over) and must be credited on their invoices."""
        return max(self.invoiced - max(self.fee - self.sponsored - self.reduced, 0), 0)


def _total_per_participant(qs, key: str, field_name: str = "amount_cents"):
    """The sum of `field_name` over `qs`'s rows of the outer participant (0 for none), as
    a subquery on Participant rows."""
    total = qs.filter(**{key: OuterRef("pk")}).order_by().values(key).annotate(total=Sum(field_name)).values("total")
    return Coalesce(Subquery(total[:1], output_field=IntegerField()), Value(0))


def balances_of(
    participants: QuerySet[Participant], *, prepared_as: Hashable | None = None
) -> list[ParticipantBalance]:
    """Balances of the participants of a queryset, in its order: one query whatever their
    number (a sum per kind of money, each a subquery). `prepared_as`: a key that tells
    everything `participants` depends on, so the statement is built once per process
    (`cpse.prepared`: building it costs more than running it); the rows are read every time."""

    def annotated() -> QuerySet[Participant]:
        return participants.annotate(
            sponsored_sum=_total_per_participant(current_seats(), "participant_id"),
            reduced_sum=_total_per_participant(FeeReduction.objects.all(), "participant_id"),
            invoiced_sum=_total_per_participant(Invoice.objects.filter(status=ISSUED), "participant_id", "total_cents"),
            credited_sum=_total_per_participant(
                InvoiceLine.objects.filter(invoice__status=ISSUED), "invoice__participant_id", "credited_cents"
            ),
            paid_sum=_total_per_participant(
                payments_in_force().filter(invoice__status=ISSUED), "invoice__participant_id"
            ),
        )

    rows = annotated() if prepared_as is None else prepared_rows(("money.balances_of", prepared_as), annotated)
    return [
        ParticipantBalance(
            participant=p,
            fee=p.fee_due_cents,
            sponsored=p.sponsored_sum,
            reduced=p.reduced_sum,
            invoiced=p.invoiced_sum - p.credited_sum,
            paid=p.paid_sum,
        )
        for p in rows
    ]


def participant_balances(participants) -> list[ParticipantBalance]:
    """Balances of `participants` (a list or queryset), in their order (one query, its
    statement built once per set of people: `balances_of`)."""
    participants = list(participants)
    ids = tuple(p.pk for p in participants)
    found = {b.participant.pk: b for b in balances_of(Participant.objects.filter(pk__in=ids), prepared_as=("ids", ids))}
    return [replace(found[p.pk], participant=p) for p in participants]


def participant_balance(participant: Participant) -> ParticipantBalance:
    return participant_balances([participant])[0]


# --- Invoices ----------------------------------------------------------------------------


def invoices_with_amounts(qs: QuerySet[Invoice] | None = None) -> QuerySet[Invoice]:
    """Invoices annotated with `credited_cents`, `paid_cents` and `outstanding_cents`
    (zero outstanding when cancelled), by subqueries so the sums never multiply."""
    qs = Invoice.objects.all() if qs is None else qs
    credited = (
        InvoiceLine.objects.filter(invoice=OuterRef("pk"), credited_cents__gt=0)
        .order_by()
        .values("invoice")
        .annotate(total=Sum("credited_cents"))
        .values("total")
    )
    paid = (
        payments_in_force()
        .filter(invoice=OuterRef("pk"))
        .order_by()
        .values("invoice")
        .annotate(total=Sum("amount_cents"))
        .values("total")
    )
    zero = Value(0, output_field=IntegerField())
    return qs.annotate(
        credited_cents=Coalesce(Subquery(credited, output_field=IntegerField()), zero),
        paid_cents=Coalesce(Subquery(paid, output_field=IntegerField()), zero),
    ).annotate(
        due_cents=F("total_cents") - F("credited_cents"),
        outstanding_cents=F("total_cents") - F("credited_cents") - F("paid_cents"),
    )


def invoice_amounts(invoice: Invoice) -> Invoice:
    """The same invoice with its amounts (one query)."""
    return invoices_with_amounts(Invoice.objects.filter(pk=invoice.pk)).get()


def invoice_list(*, status: str = "", overdue_only: bool = False, today: datetime.date | None = None):
    today = today or timezone.localdate()
    qs = invoices_with_amounts(Invoice.objects.select_related("sponsor", "participant__user", "cohort"))
    if status:
        qs = qs.filter(status=status)
    if overdue_only:
        qs = qs.filter(status=ISSUED, due_on__lt=today, outstanding_cents__gt=0)
    return qs.order_by("-year", "-sequence")


def invoice_for_staff(public_id) -> Invoice | None:
    return (
        invoices_with_amounts(Invoice.objects.select_related("sponsor", "participant__user", "cohort", "created_by"))
        .filter(public_id=public_id)
        .first()
    )


def invoice_lines(invoice: Invoice) -> list[InvoiceLine]:
    return list(invoice.lines.select_related("participant__user", "seat__release").order_by("pk"))


def invoice_payments(invoice: Invoice) -> QuerySet[Payment]:
    """Its payments and refunds, reversed ones too (marked, with what replaced them)."""
    return invoice.payments.select_related("recorded_by", "reversed_by", "replaced_by").order_by(
        "received_on", "created_at"
    )


def invoice_has_payments(invoice: Invoice) -> bool:
    """Whether money counts on the invoice (a reversed payment does not)."""
    return payments_in_force().filter(invoice=invoice).exists()


def receipt_balance(payment: Payment) -> int:
    """What was still owed on the payment's invoice once it was received: what the invoice
    asks for now (after credits) less the payments in force recorded up to this one."""
    invoice = invoice_amounts(payment.invoice)
    paid = _sum(payments_in_force().filter(invoice=invoice, pk__lte=payment.pk))
    return invoice.due_cents - paid


def invoices_for_sponsorship(sponsorship: Sponsorship) -> list[Invoice]:
    """Invoices charging any of the pledge's places, with their amounts, latest first; read
    by a statement built once per pledge (`cpse.prepared`: the amounts' subqueries cost
    more to build than to run)."""
    return prepared_rows(
        ("money.invoices_for_sponsorship", sponsorship.pk),
        lambda: invoices_with_amounts(Invoice.objects.filter(lines__seat__sponsorship=sponsorship).distinct()).order_by(
            "-year", "-sequence"
        ),
    )


def payment_for_staff(public_id) -> Payment | None:
    """A payment (its receipt) by public id, with whom its invoice is to."""
    return (
        Payment.objects.select_related("invoice__participant__user", "invoice__sponsor", "replaced_by")
        .filter(public_id=public_id)
        .first()
    )


def invoices_due_for_reminders(today: datetime.date) -> QuerySet[Invoice]:
    """Issued invoices with money still owed and due within a week (or overdue). Someone
    who withdrew is not chased by email: staff follow up (or cancel) by hand."""
    return (
        invoices_with_amounts(
            Invoice.objects.filter(status=ISSUED, due_on__lte=today + datetime.timedelta(days=7)).exclude(
                participant__status=Participant.Status.WITHDRAWN
            )
        )
        .filter(outstanding_cents__gt=0)
        .select_related("participant__user", "sponsor")
    )


# --- Sponsors and cohorts ----------------------------------------------------------------


@dataclass
class Totals:
    """Money of one sponsor or one cohort (cents), by the module's one rule: `outstanding`
    is what issued invoices still ask for, `not_invoiced` what is owed on no invoice yet
    (sponsors' places, and for a cohort its participants' own shares)."""

    invoiced: int = 0  # due on issued invoices, after credits
    paid: int = 0  # payments in force on them (refunds negative)
    overdue: int = 0
    not_invoiced_places: int = 0
    not_invoiced_shares: int = 0

    @property
    def outstanding(self) -> int:
        return self.invoiced - self.paid

    @property
    def not_invoiced(self) -> int:
        return self.not_invoiced_places + self.not_invoiced_shares

    def add_invoice(self, invoice: Invoice, today: datetime.date) -> None:
        """Count an invoice read with its amounts (`invoices_with_amounts`)."""
        self.invoiced += invoice.due_cents
        self.paid += invoice.paid_cents
        if invoice.due_on < today and invoice.outstanding_cents > 0:
            self.overdue += invoice.outstanding_cents


def uninvoiced_seats() -> QuerySet[Seat]:
    """Current seats no (not cancelled) invoice has charged, directly or through the seat
    they were reassigned from (that money was already invoiced)."""
    qs = current_seats().exclude(invoice_lines__invoice__status=ISSUED)
    # A place given on after a withdrawal (up to three times over) is paid by the first.
    chain = "released_from__seat__"
    for depth in range(1, 4):
        qs = qs.exclude(**{chain * depth + "invoice_lines__invoice__status": ISSUED})
    return qs


@dataclass
class MoneyTotals:
    invoices: list[Invoice]  # issued, with their amounts, the soonest due first
    by_cohort: dict[int, Totals]
    by_sponsor: dict[int, Totals]

    def for_cohort(self, cohort: Cohort) -> Totals:
        return self.by_cohort.get(cohort.pk, Totals())


def money_totals(*, cohort: Cohort | None = None, today: datetime.date | None = None) -> MoneyTotals:
    """Invoiced, paid, outstanding, overdue and never-invoiced money per cohort and per
    sponsor, of one cohort or of all: the one computation the finance overview and the
    cohort's fee page both show. Three queries (issued invoices are tens a year; the
    participants' balances are one query)."""
    today = today or timezone.localdate()
    # The statements depend on the cohort alone: built once per process (`cpse.prepared`).
    key = ("money.money_totals", cohort.pk if cohort else None)
    of_cohort = Q() if cohort is None else Q(cohort=cohort)

    def issued() -> QuerySet[Invoice]:
        rows = Invoice.objects.filter(of_cohort, status=ISSUED).select_related("sponsor", "participant__user", "cohort")
        return invoices_with_amounts(rows).order_by("due_on", "sequence")

    def seats() -> QuerySet:
        rows = uninvoiced_seats() if cohort is None else uninvoiced_seats().filter(sponsorship__cohort=cohort)
        return rows.values_list("sponsorship__sponsor", "sponsorship__cohort", "amount_cents")

    invoices = prepared_rows((*key, "invoices"), issued)
    by_cohort: dict[int, Totals] = defaultdict(Totals)
    by_sponsor: dict[int, Totals] = defaultdict(Totals)
    for invoice in invoices:
        by_cohort[invoice.cohort_id].add_invoice(invoice, today)
        if invoice.sponsor_id:
            by_sponsor[invoice.sponsor_id].add_invoice(invoice, today)
    for sponsor_id, cohort_id, amount in prepared_rows((*key, "seats"), seats):
        by_sponsor[sponsor_id].not_invoiced_places += amount
        by_cohort[cohort_id].not_invoiced_places += amount
    participants = Participant.objects.filter(of_cohort).only("pk", "cohort_id", "fee_due_cents", "status")
    for balance in balances_of(participants, prepared_as=(*key, "participants")):
        if balance.to_invoice:
            by_cohort[balance.participant.cohort_id].not_invoiced_shares += balance.to_invoice
    return MoneyTotals(invoices=invoices, by_cohort=dict(by_cohort), by_sponsor=dict(by_sponsor))


def outstanding_overview(today: datetime.date | None = None) -> dict:
    """Outstanding money per sponsor and per cohort (`money_totals`), and overdue invoices
    first. A fixed number of queries."""
    today = today or timezone.localdate()
    totals = money_totals(today=today)
    sponsors = {invoice.sponsor_id: invoice.sponsor for invoice in totals.invoices if invoice.sponsor_id}
    sponsors.update(Sponsor.objects.in_bulk(set(totals.by_sponsor) - set(sponsors)))
    return {
        "overdue": [i for i in totals.invoices if i.due_on < today and i.outstanding_cents > 0],
        "sponsors": sorted(
            ((sponsors[pk], row) for pk, row in totals.by_sponsor.items() if pk in sponsors),
            key=lambda row: row[0].name.lower(),
        ),
        "cohorts": [(c, totals.for_cohort(c)) for c in Cohort.objects.order_by("-year")],
    }


def cohort_fee_rows(cohort: Cohort) -> list[ParticipantBalance]:
    rows = Participant.objects.filter(cohort=cohort).select_related("user").order_by("user__display_name")
    return balances_of(rows, prepared_as=("cohort_fee_rows", cohort.pk))


def cohort_totals(cohort: Cohort, rows: list[ParticipantBalance]) -> dict:
    """The cohort's fees and how they are covered (from its rows), and its money by the
    same rule as the overview (`money`: a `Totals`)."""
    return {
        "fee": sum(r.fee for r in rows),
        "sponsored": sum(r.sponsored for r in rows),
        "reduced": sum(r.reduced for r in rows),
        "own_share": sum(r.own_share for r in rows),
        "money": money_totals(cohort=cohort).for_cohort(cohort),
    }


def sponsorship_is_invoiced(sponsorship: Sponsorship) -> bool:
    """Whether a (not cancelled) invoice charges any of the pledge's places: such a pledge
    cannot be cancelled."""
    return InvoiceLine.objects.filter(seat__sponsorship=sponsorship, invoice__status=ISSUED).exists()


def sponsorship_not_invoiced(sponsorship: Sponsorship) -> int:
    """What the pledge's current places come to that no invoice has charged yet (cents):
    their amounts, a few rows, read by a statement built once per pledge (`cpse.prepared`:
    `uninvoiced_seats` costs more to build than to run)."""
    key = ("money.sponsorship_not_invoiced", sponsorship.pk)
    return sum(
        prepared_rows(
            key, lambda: uninvoiced_seats().filter(sponsorship=sponsorship).values_list("amount_cents", flat=True)
        )
    )


# --- Sponsorships ------------------------------------------------------------------------


def sponsorship_list(*, cohort: Cohort | None = None, status: str = "") -> QuerySet[Sponsorship]:
    qs = Sponsorship.objects.select_related("sponsor", "cohort").annotate(
        current_seats=Coalesce(
            Subquery(
                Seat.objects.filter(sponsorship=OuterRef("pk"), ended_on__isnull=True, participant__isnull=False)
                .order_by()
                .values("sponsorship")
                .annotate(n=Sum(Value(1)))
                .values("n"),
                output_field=IntegerField(),
            ),
            Value(0, output_field=IntegerField()),
        )
    )
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


def sponsorship_for_staff(public_id) -> Sponsorship | None:
    return Sponsorship.objects.select_related("sponsor", "cohort", "created_by").filter(public_id=public_id).first()


def sponsorship_seats(sponsorship: Sponsorship) -> list[Seat]:
    """Its seats, current first, with what was invoiced and what happened at release; read
    by a statement built once per pledge (`cpse.prepared`)."""
    return prepared_rows(("money.sponsorship_seats", sponsorship.pk), lambda: _seats_of(sponsorship))


def _seats_of(sponsorship: Sponsorship) -> QuerySet[Seat]:
    return (
        Seat.objects.filter(sponsorship_id=sponsorship.pk)
        .select_related("participant__user", "release")
        .annotate(
            invoiced=Coalesce(
                Subquery(
                    InvoiceLine.objects.filter(seat=OuterRef("pk"), invoice__status=ISSUED)
                    .order_by()
                    .values("seat")
                    .annotate(n=Sum("amount_cents"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                Value(0, output_field=IntegerField()),
            )
        )
        .order_by(F("ended_on").desc(nulls_first=True), "pk")
    )


def seats_awaiting_release() -> QuerySet[Seat]:
    """Current seats of participants who withdrew: staff decide to reassign or refund."""
    return (
        current_seats()
        .filter(participant__status=Participant.Status.WITHDRAWN, release__isnull=True)
        .select_related("participant__user", "participant__cohort", "sponsorship__sponsor")
        .order_by("sponsorship__cohort__year", "pk")
    )


def reassign_candidates(sponsorship: Sponsorship) -> QuerySet[Participant]:
    """Participants of the sponsorship's cohort this pledge does not already pay for: whom
    a free place, or a withdrawn participant's place, can be given to."""
    return (
        Participant.objects.filter(cohort=sponsorship.cohort, status__in=Participant.TAKING_PART)
        .exclude(Q(sponsor_seats__sponsorship=sponsorship) & Q(sponsor_seats__ended_on__isnull=True))
        .select_related("user", "cohort")  # a choice reads "name (cohort)"
        .order_by("user__display_name")
    )


# --- A participant's fee page for staff --------------------------------------------------


def current_seats_for_participant(participant: Participant) -> QuerySet[Seat]:
    """The places paying for the participant now, with their sponsors."""
    return current_seats().filter(participant=participant).select_related("sponsorship__sponsor").order_by("pk")


def fee_reductions_for_participant(participant: Participant) -> QuerySet[FeeReduction]:
    """The participant's scholarships and sliding-scale reductions, with who granted them."""
    return FeeReduction.objects.filter(participant=participant).select_related("granted_by")


# --- The sponsor's and the participant's own views ----------------------------------------
# Found through the signed-in person: another organisation's or another person's invoice
# or receipt is None (the view's 404), as is one that does not exist.


def sponsor_ids_for_user(user: User) -> list[int]:
    """The organisations the person signs in for."""
    return list(SponsorMember.objects.filter(user=user).values_list("sponsor_id", flat=True))


def sponsor_invoice_for_user(*, user: User, public_id) -> Invoice | None:
    """An invoice to one of the organisations the person signs in for."""
    return Invoice.objects.filter(public_id=public_id, sponsor__members__user=user).first()


def sponsor_payment_for_user(*, user: User, public_id) -> Payment | None:
    """A payment on an invoice to one of the organisations the person signs in for."""
    return (
        Payment.objects.select_related("invoice")
        .filter(public_id=public_id, invoice__sponsor__members__user=user)
        .first()
    )


def own_invoice_for_user(*, user: User, public_id) -> Invoice | None:
    """An invoice to the person themselves (as a participant, in any cohort)."""
    return (
        Invoice.objects.select_related("participant__user").filter(public_id=public_id, participant__user=user).first()
    )


def own_payment_for_user(*, user: User, public_id) -> Payment | None:
    """A payment on an invoice to the person themselves."""
    return (
        Payment.objects.select_related("invoice__participant__user")
        .filter(public_id=public_id, invoice__participant__user=user)
        .first()
    )


def invoices_for_sponsor(sponsor_ids) -> QuerySet[Invoice]:
    return invoices_with_amounts(Invoice.objects.filter(sponsor_id__in=sponsor_ids).select_related("sponsor")).order_by(
        "-year", "-sequence"
    )


def payments_for_sponsor(sponsor_ids) -> QuerySet[Payment]:
    return Payment.objects.filter(invoice__sponsor_id__in=sponsor_ids).select_related("invoice")


def invoices_for_participant(participant: Participant) -> QuerySet[Invoice]:
    return invoices_with_amounts(Invoice.objects.filter(participant=participant)).order_by("-year", "-sequence")


def payments_for_participant(participant: Participant) -> QuerySet[Payment]:
    return Payment.objects.filter(invoice__participant=participant).select_related("invoice")


def participants_with_fee_reduction(participant_ids) -> set[int]:
    """Those of these participants with a scholarship or sliding-scale reduction (one query)."""
    return set(
        FeeReduction.objects.filter(participant_id__in=list(participant_ids)).values_list("participant_id", flat=True)
    )


def seats_for_participant(participant: Participant) -> QuerySet[Seat]:
    """Every sponsored place the participant has held, the latest first (the participant record)."""
    return (
        Seat.objects.filter(participant=participant)
        .select_related("sponsorship__sponsor")
        .order_by(F("assigned_at").desc(nulls_last=True), "-pk")
    )
