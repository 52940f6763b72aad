""" "Invoice the sponsor" shows the invoice first: nothing is issued (no number taken) until
it is confirmed; the PO number and note typed are kept when refused and printed once
issued. A pledge with an invoiced place offers no "Cancel"."""

import pytest
from django.urls import reverse

from sponsors.models import Invoice, InvoiceCounter, Sponsorship
from sponsors.money import rendering
from sponsors.money.services import invoice_void
from sponsors.sponsorships.services import seat_assign
from tests.factories import SponsorFactory
from tests.queries import assert_queries_do_not_grow
from tests.sponsors.money.factories import FEE, fee_participant, pdf_text, pledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(cohort, program_staff):
    """A pledge of three places, two given to participants."""
    sponsorship = pledge(
        cohort,
        program_staff,
        sponsor=SponsorFactory(name="Harbor Foundation", billing_address="1 Quay Street\nPortland"),
        scope=Sponsorship.Scope.SEATS,
        seats=3,
        amount_per_participant_cents=FEE // 2,
    )
    for _ in range(2):
        seat_assign(sponsorship=sponsorship, participant=fee_participant(cohort), by=program_staff)
    return sponsorship


def _url(sponsorship, name="sponsorship_invoice"):
    return reverse(f"sponsors_finance:{name}", args=[sponsorship.public_id])


def test_the_preview_shows_the_invoice_and_issues_nothing(client, program_staff, places):
    client.force_login(program_staff)
    detail = client.get(_url(places, "sponsorship_detail")).content.decode()
    assert f'href="{_url(places)}"' in detail  # a link to the preview, not a form that issues

    body = client.get(_url(places)).content.decode()

    assert "Harbor Foundation" in body and "1 Quay Street<br>Portland" in body
    assert "Program fee per place, 2026 cohort" in body and "$3,500.00" in body  # 2 × $1,750.00
    assert "Issue the invoice" in body
    assert not Invoice.objects.exists() and not InvoiceCounter.objects.exists()


def test_bad_input_keeps_what_was_typed_and_issues_nothing(client, program_staff, places):
    client.force_login(program_staff)
    response = client.post(_url(places), {"po_number": "P" * 51, "memo": "Spring places, as agreed"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please keep the PO number to 50 characters." in body
    assert "P" * 51 in body and "Spring places, as agreed" in body
    assert not Invoice.objects.exists()


def test_confirming_issues_the_invoice_with_its_po_number_and_note(client, program_staff, places):
    client.force_login(program_staff)
    response = client.post(_url(places), {"po_number": "PO-77", "memo": "Spring places, as agreed"})
    invoice = Invoice.objects.get()
    assert response["Location"] == reverse("sponsors_finance:invoice_detail", args=[invoice.public_id])
    assert (invoice.po_number, invoice.memo, invoice.total_cents) == ("PO-77", "Spring places, as agreed", FEE)
    page = client.get(response["Location"]).content.decode()
    assert "PO-77" in page and "Spring places, as agreed" in page
    text = pdf_text(rendering.invoice_pdf_bytes(invoice))
    assert "PO-77" in text and "Spring places, as agreed" in text
    # Confirmed twice (a double click): nothing more to invoice, no second invoice.
    again = client.post(_url(places), {"po_number": "PO-77"})
    assert again["Location"] == _url(places, "sponsorship_detail") and Invoice.objects.count() == 1


def test_nothing_to_invoice_goes_back_to_the_pledge(client, program_staff, cohort):
    sponsorship = pledge(cohort, program_staff, scope=Sponsorship.Scope.SEATS, seats=2)  # no place given yet
    client.force_login(program_staff)
    response = client.get(_url(sponsorship), follow=True)
    assert response.redirect_chain[-1][0] == _url(sponsorship, "sponsorship_detail")
    assert "Nothing to invoice" in response.content.decode()


def test_an_invoiced_pledge_offers_no_cancel(client, finance, places):
    client.force_login(finance)
    cancel = _url(places, "sponsorship_cancel")
    assert f'href="{cancel}"' in client.get(_url(places, "sponsorship_detail")).content.decode()
    client.post(_url(places), {})
    detail = client.get(_url(places, "sponsorship_detail")).content.decode()
    assert f'href="{cancel}"' not in detail and "cannot be cancelled" in detail
    page = client.get(cancel).content.decode()
    assert "Yes, cancel the pledge" not in page and "cannot be cancelled" in page
    # Once its invoice is cancelled, the pledge may be cancelled again.
    invoice_void(invoice=Invoice.objects.get(), reason="Issued too early", by=finance)
    assert f'href="{cancel}"' in client.get(_url(places, "sponsorship_detail")).content.decode()


def test_the_preview_keeps_its_query_count(client, program_staff, cohort):
    sponsorship = pledge(cohort, program_staff, scope=Sponsorship.Scope.SEATS, seats=8)

    def grow():
        for _ in range(3):
            seat_assign(sponsorship=sponsorship, participant=fee_participant(cohort), by=program_staff)

    grow()
    client.force_login(program_staff)
    assert_queries_do_not_grow(client, [_url(sponsorship)], grow)
