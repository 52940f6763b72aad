"""The finance overview and a cohort's fee page agree on what is outstanding (what issued
invoices still ask for) and what was never invoiced (sponsors' places and participants'
own shares on no invoice yet): both read `money_totals`, here on the same data, with a
payment reversed and one corrected, and a second cohort that must not leak in."""

import pytest
from django.urls import reverse

from sponsors.models import Sponsorship
from sponsors.money import services
from sponsors.sponsorships.services import seat_assign
from tests.factories import CohortFactory
from tests.sponsors.money.factories import FEE, correct, fee_participant, pay, pledge

pytestmark = pytest.mark.django_db
HALF = FEE // 2


@pytest.fixture
def books(cohort, finance):
    fully, placed, late, _alone = (fee_participant(cohort) for _ in range(4))
    whole = pledge(cohort, finance, participant=fully)
    invoice = services.invoice_create_for_sponsorship(sponsorship=whole, by=finance)
    pay(invoice, 100_000, finance)
    services.payment_reverse(payment=pay(invoice, 50_000, finance), reason="Never received", by=finance)
    places = pledge(cohort, finance, scope=Sponsorship.Scope.SEATS, seats=2, amount_per_participant_cents=HALF)
    seat_assign(sponsorship=places, participant=placed, by=finance)
    services.invoice_create_for_sponsorship(sponsorship=places, by=finance)
    seat_assign(sponsorship=places, participant=late, by=finance)  # a place on no invoice yet
    own = services.invoice_create_for_participant(participant=placed, by=finance)  # her half
    correct(pay(own, 20_000, finance), finance, amount_cents=25_000, reason="Misread the check")
    # `late` owes her other half and `alone` the whole fee: never invoiced.
    other = CohortFactory(year=2027)
    services.invoice_create_for_participant(participant=fee_participant(other), by=finance)


def test_the_overview_and_the_cohort_page_agree(client, finance, cohort, books):
    client.force_login(finance)
    overview = client.get(reverse("sponsors_finance:overview"))
    page = client.get(reverse("sponsors_finance:cohort_fees", args=[cohort.pk]))

    (row,) = [totals for c, totals in overview.context["overview"]["cohorts"] if c == cohort]
    money = page.context["totals"]["money"]
    assert money == row
    assert (money.invoiced, money.paid, money.outstanding) == (2 * FEE, 125_000, 2 * FEE - 125_000)
    assert (money.not_invoiced_places, money.not_invoiced_shares) == (HALF, HALF + FEE)
    # The participants' rows add up to the same: their own invoices and shares, plus the
    # sponsors' invoices and places.
    rows = page.context["rows"]
    assert sum(r.to_invoice for r in rows) == money.not_invoiced_shares
    assert sum(r.outstanding for r in rows) == HALF - 25_000
    # Both pages print the same amounts.
    for amount in ("$5,750.00", "$7,000.00"):  # outstanding, not yet invoiced
        assert amount in overview.content.decode() and amount in page.content.decode()


def test_money_in_one_cohort_stays_out_of_another(client, finance, books):
    other = CohortFactory(year=2027)
    client.force_login(finance)
    money = client.get(reverse("sponsors_finance:cohort_fees", args=[other.pk])).context["totals"]["money"]
    assert (money.invoiced, money.paid, money.not_invoiced) == (FEE, 0, 0)
