"""Billing pages: a sponsor's invoices and receipts, a participant's own fee; nobody else's."""

import pytest
from django.urls import reverse

from sponsors.money.services import invoice_create_for_participant, invoice_create_for_sponsorship
from tests.sponsors.money.factories import FEE, fee_participant, pay, pledge

pytestmark = pytest.mark.django_db


def test_sponsor_sees_only_their_own_invoices(client, cohort, finance, sponsor):
    member = sponsor.sponsor_memberships.get()
    mine = pledge(cohort, finance, sponsor=member.sponsor, participant=fee_participant(cohort))
    theirs = pledge(cohort, finance, participant=fee_participant(cohort))
    my_invoice = invoice_create_for_sponsorship(sponsorship=mine, by=finance)
    their_invoice = invoice_create_for_sponsorship(sponsorship=theirs, by=finance)
    my_payment = pay(my_invoice, 10_000, finance)
    their_payment = pay(their_invoice, 10_000, finance)
    client.force_login(sponsor)
    page = client.get(reverse("sponsors_billing:index")).content.decode()
    assert my_invoice.number in page and their_invoice.number not in page
    pdf = client.get(reverse("sponsors_billing:invoice_pdf", args=[my_invoice.public_id]))
    assert pdf.status_code == 200 and "attachment" in pdf["Content-Disposition"]
    assert client.get(reverse("sponsors_billing:invoice_pdf", args=[their_invoice.public_id])).status_code == 404
    assert client.get(reverse("sponsors_billing:receipt_pdf", args=[my_payment.public_id])).status_code == 200
    assert client.get(reverse("sponsors_billing:receipt_pdf", args=[their_payment.public_id])).status_code == 404


def test_participant_sees_their_fee_and_own_invoices_only(client, cohort, finance, participant, other_participant):
    participant.fee_due_cents = FEE
    participant.save()
    other_participant.fee_due_cents = FEE
    other_participant.save()
    sponsorship = pledge(cohort, finance, participant=participant, amount_per_participant_cents=FEE // 2)
    mine = invoice_create_for_participant(participant=participant, by=finance)
    theirs = invoice_create_for_participant(participant=other_participant, by=finance)
    client.force_login(participant.user)
    page = client.get(reverse("sponsors_fee:mine")).content.decode()
    assert "Covered by a sponsor" in page and "$1,750.00" in page
    assert sponsorship.sponsor.name not in page
    assert client.get(reverse("sponsors_fee:invoice_pdf", args=[mine.public_id])).status_code == 200
    assert client.get(reverse("sponsors_fee:invoice_pdf", args=[theirs.public_id])).status_code == 404
