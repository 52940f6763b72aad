"""Sponsorships: a pledge for one person, some places or a whole cohort; places assigned and
unassigned, cancelled only before invoicing, released only after a withdrawal."""

import pytest

from sponsors.models import Sponsorship
from sponsors.money import services
from sponsors.money.services import MoneyError
from sponsors.sponsorships.selectors import sponsored_participants
from sponsors.sponsorships.services import (
    seat_assign,
    seat_release,
    seat_unassign,
    sponsorship_cancel,
    sponsorship_cohort_sync,
)
from tests.sponsors.money.factories import FEE, balance, fee_participant, pledge

pytestmark = pytest.mark.django_db

Scope = Sponsorship.Scope


def test_whole_cohort_sponsorship_and_later_enrolment(cohort, program_staff):
    people = [fee_participant(cohort) for _ in range(3)]
    sponsorship = pledge(cohort, program_staff, scope=Scope.COHORT, amount_per_participant_cents=200_000)
    assert all(balance(p).sponsored == 200_000 for p in people)
    late = fee_participant(cohort)
    assert balance(late).sponsored == 0
    assert sponsorship_cohort_sync(cohort=cohort) == 1
    assert sponsorship_cohort_sync(cohort=cohort) == 0
    assert balance(late).sponsored == 200_000
    assert set(selectors_sponsored(sponsorship.sponsor)) == {p.pk for p in [*people, late]}
    invoice = services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=program_staff)
    assert invoice.total_cents == 800_000 and invoice.lines.count() == 4
    # Names are not on whole-cohort lines.
    assert not any(p.user.display_name in line.description for p in people for line in invoice.lines.all())


def selectors_sponsored(sponsor):
    return sponsored_participants(sponsor).values_list("pk", flat=True)


def test_seats_assign_and_unassign(cohort, program_staff):
    a, b = fee_participant(cohort), fee_participant(cohort)
    sponsorship = pledge(cohort, program_staff, scope=Scope.SEATS, seats=1)
    assert list(selectors_sponsored(sponsorship.sponsor)) == []
    seat_assign(sponsorship=sponsorship, participant=a, by=program_staff)
    with pytest.raises(MoneyError) as error:
        seat_assign(sponsorship=sponsorship, participant=b, by=program_staff)
    assert error.value.code == "full"
    seat_unassign(sponsorship=sponsorship, participant=a, by=program_staff)
    seat_assign(sponsorship=sponsorship, participant=b, by=program_staff)
    assert balance(a).sponsored == 0 and balance(b).sponsored == FEE


def test_cancel_only_before_invoicing(person, cohort, program_staff):
    sponsorship = pledge(cohort, program_staff, participant=person)
    services.invoice_create_for_sponsorship(sponsorship=sponsorship, by=program_staff)
    with pytest.raises(MoneyError) as error:
        sponsorship_cancel(sponsorship=sponsorship, by=program_staff)
    assert error.value.code == "invoiced"
    other = pledge(cohort, program_staff, participant=fee_participant(cohort))
    sponsorship_cancel(sponsorship=other, by=program_staff)
    assert Sponsorship.objects.get(pk=other.pk).status == Sponsorship.Status.CANCELLED


def test_release_needs_a_withdrawal(person, cohort, program_staff):
    sponsorship = pledge(cohort, program_staff, participant=person)
    with pytest.raises(MoneyError) as error:
        seat_release(sponsorship=sponsorship, participant=person, outcome="refunded", by=program_staff)
    assert error.value.code == "not_withdrawn"


def test_amount_rules(person, cohort, program_staff):
    for amount in (0, FEE + 1):
        with pytest.raises(MoneyError):
            pledge(cohort, program_staff, participant=person, amount_per_participant_cents=amount)
    assert not Sponsorship.objects.exists()
