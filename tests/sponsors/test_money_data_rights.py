"""The participant's fee records in their export; erasure keeps the books."""

import pytest

from sponsors import money_data_rights, money_services
from sponsors.models import FeeReduction, Invoice
from tests.sponsors.money_factories import fee_participant, pay, pledge

pytestmark = pytest.mark.django_db


def test_export_and_erase(cohort, finance):
    person = fee_participant(cohort)
    pledge(cohort, finance, participant=person, amount_per_participant_cents=100_000)
    money_services.fee_reduction_grant(
        participant=person, kind="scholarship", amount_cents=50_000, reason="Lost job", by=finance
    )
    invoice = money_services.invoice_create_for_participant(participant=person, by=finance)
    pay(invoice, 20_000, finance)
    data = money_data_rights.export(person.user)
    assert data["invoices"][0]["total_cents"] == 200_000
    assert data["invoices"][0]["payments"][0]["amount_cents"] == 20_000
    assert data["reductions"][0]["reason"] == "Lost job"
    assert data["sponsored_places"][0]["amount_cents"] == 100_000
    assert "name" not in str(data["sponsored_places"])
    money_data_rights.erase(person.user)
    assert FeeReduction.objects.get().reason == ""
    assert Invoice.objects.get().payments.count() == 1
