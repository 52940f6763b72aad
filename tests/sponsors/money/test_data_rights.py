"""The participant's fee records in their export; erasure keeps the books (number, dates,
amounts, the billed-to name) and redacts everything else about the person."""

import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from pypdf import PdfReader

from accounts.services import person_erase
from sponsors.consent import services
from sponsors.models import FeeReduction, Invoice, InvoiceLine, Payment, SeatRelease
from sponsors.money import data_rights, rendering
from sponsors.money.services import (
    fee_reduction_grant,
    invoice_create_for_participant,
    invoice_create_for_sponsorship,
    invoice_void,
    payment_record,
    payment_reverse,
)
from tests.certificates.pdf_support import private_media, stored_files  # noqa: F401
from tests.factories import SponsorFactory
from tests.sponsors.money.factories import fee_participant, pay, pledge

pytestmark = pytest.mark.django_db


def test_export_and_erase(cohort, finance):
    person = fee_participant(cohort)
    pledge(cohort, finance, participant=person, amount_per_participant_cents=100_000)
    fee_reduction_grant(participant=person, kind="scholarship", amount_cents=50_000, reason="Lost job", by=finance)
    invoice = invoice_create_for_participant(participant=person, by=finance)
    pay(invoice, 20_000, finance)
    data = data_rights.export(person.user)
    assert data["invoices"][0]["total_cents"] == 200_000
    assert data["invoices"][0]["payments"][0]["amount_cents"] == 20_000
    assert data["reductions"][0]["reason"] == "Lost job"
    assert data["sponsored_places"][0]["amount_cents"] == 100_000
    assert "name" not in str(data["sponsored_places"])
    data_rights.erase(person.user)
    assert FeeReduction.objects.get().reason == ""
    assert Invoice.objects.get().payments.count() == 1


def _pdf(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _logged(model) -> str:
    content_type = ContentType.objects.get_for_model(model)
    return " ".join(
        f"{e.changes} {e.changes_text} {e.object_repr}" for e in LogEntry.objects.filter(content_type=content_type)
    )


@pytest.mark.usefixtures("private_media")
def test_erasure_keeps_what_the_books_need_and_redacts_the_rest(
    cohort, finance, settings, django_capture_on_commit_callbacks
):
    person = fee_participant(cohort, user__display_name="Marisol Vega", user__legal_name="Marisol Vega Ortiz")
    sponsor = SponsorFactory(name="Harbor Light Foundation", billing_address="1 Foundation Way")
    sponsorship = pledge(cohort, finance, sponsor=sponsor, participant=person, amount_per_participant_cents=100_000)
    services.consent_set(participant=person, sponsor=sponsor, choices={"name": True}, by=person.user)
    sponsor_invoice = invoice_create_for_sponsorship(sponsorship=sponsorship, by=finance)
    assert "Marisol Vega" in sponsor_invoice.lines.get().description
    cancelled = invoice_create_for_participant(participant=person, by=finance)
    invoice_void(invoice=cancelled, reason="Marisol Vega moved house", by=finance)
    own = invoice_create_for_participant(participant=person, by=finance)
    Invoice.objects.filter(pk__in=[own.pk, cancelled.pk]).update(billed_to_address="12 Hidden Lane")
    own.refresh_from_db()
    payment = payment_record(
        invoice=own,
        amount_cents=20_000,
        method="check",
        reference="Check 311 from M. Vega",
        received_on=own.issued_on,
        by=finance,
    )
    bounced = payment_record(invoice=own, amount_cents=100, method="check", received_on=own.issued_on, by=finance)
    payment_reverse(payment=bounced, reason="Marisol Vega's check bounced", by=finance)
    seat = sponsorship.seat_rows.get()
    SeatRelease.objects.create(seat=seat, outcome=SeatRelease.Outcome.REFUNDED, note="Marisol left for family reasons")
    for invoice in (sponsor_invoice, own, cancelled):
        rendering.invoice_pdf(invoice)
    rendering.receipt_pdf(payment)
    before = stored_files(settings.MEDIA_ROOT)
    assert len(before) == 4

    with django_capture_on_commit_callbacks(execute=True):
        person_erase(user=person.user)

    assert stored_files(settings.MEDIA_ROOT) == set()  # the stored PDFs printed what is now gone
    own.refresh_from_db()
    kept = (own.number, own.total_cents, own.issued_on, own.due_on, own.billed_to_name)
    assert kept[-1] == "Marisol Vega Ortiz" and kept[0] and kept[1] > 0
    assert (own.billed_to_address, Invoice.objects.get(pk=cancelled.pk).void_reason) == ("", "")
    payment.refresh_from_db()
    assert (payment.reference, payment.amount_cents, payment.receipt_number) == ("", 20_000, payment.receipt_number)
    assert Payment.objects.get(pk=bounced.pk).reversal_reason == ""
    line = InvoiceLine.objects.get(invoice=sponsor_invoice)
    assert line.description == "Program fee, 2026 cohort: a participant" and line.amount_cents == 100_000
    assert SeatRelease.objects.get().note == ""
    sponsor_invoice.refresh_from_db()
    assert (sponsor_invoice.billed_to_name, sponsor_invoice.billed_to_address) == (sponsor.name, "1 Foundation Way")
    for model in (Invoice, InvoiceLine, Payment, SeatRelease):
        history = _logged(model)
        for gone in ("Marisol Vega", "Hidden Lane", "311 from", "family reasons", "moved house", "bounced"):
            assert gone not in history, (model, gone)
    # Rendered again on the next download, from what is kept.
    text = _pdf(rendering.invoice_pdf_bytes(own)) + _pdf(rendering.receipt_pdf_bytes(payment))
    assert own.number in text and "Marisol Vega Ortiz" in text
    assert "Hidden Lane" not in text and "311" not in text
    assert "Marisol Vega " not in _pdf(rendering.invoice_pdf_bytes(sponsor_invoice)).replace("Ortiz", "")


@pytest.mark.usefixtures("private_media")
def test_a_failed_erasure_keeps_the_pdfs(cohort, finance, settings, django_capture_on_commit_callbacks):
    person = fee_participant(cohort)
    rendering.invoice_pdf(invoice_create_for_participant(participant=person, by=finance))
    before = stored_files(settings.MEDIA_ROOT)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        data_rights.erase(person.user)
        raise RuntimeError("the erasure failed further on")
    assert stored_files(settings.MEDIA_ROOT) == before and Invoice.objects.get().pdf
