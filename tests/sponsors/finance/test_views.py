"""Staff finance pages: flows, kept input, query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from sponsors.models import FeeReduction, Invoice, Payment, Sponsorship
from sponsors.money.services import invoice_create_for_participant, invoice_create_for_sponsorship
from sponsors.sponsorships import services as sponsorship_services
from tests.factories import SponsorMemberFactory
from tests.queries import assert_queries_do_not_grow
from tests.sponsors.money.factories import FEE, fee_participant, pay, pledge

pytestmark = pytest.mark.django_db


def test_record_a_pledge_and_invoice_it(client, program_staff, cohort):
    person = fee_participant(cohort)
    member = SponsorMemberFactory()
    client.force_login(program_staff)
    response = client.post(
        reverse("sponsors_finance:sponsorship_create"),
        {
            "sponsor": member.sponsor.public_id,
            "cohort": cohort.pk,
            "scope": "participant",
            "participant": person.public_id,
            "amount": "1750.50",
        },
    )
    sponsorship = Sponsorship.objects.get()
    assert response.status_code == 302
    assert sponsorship.amount_per_participant_cents == 175_050
    response = client.post(reverse("sponsors_finance:sponsorship_invoice", args=[sponsorship.public_id]))
    invoice = Invoice.objects.get()
    assert response["Location"] == reverse("sponsors_finance:invoice_detail", args=[invoice.public_id])
    assert client.get(response["Location"]).status_code == 200


def test_bad_pledge_keeps_what_was_typed(client, program_staff, cohort):
    person = fee_participant(cohort)
    pledge(cohort, program_staff, participant=person, amount_per_participant_cents=300_000)
    member = SponsorMemberFactory()
    client.force_login(program_staff)
    response = client.post(
        reverse("sponsors_finance:sponsorship_create"),
        {
            "sponsor": member.sponsor.public_id,
            "cohort": cohort.pk,
            "scope": "participant",
            "participant": person.public_id,
            "amount": "600.01",
        },
    )
    assert response.status_code == 200
    assert "$500.00 is not yet covered" in response.content.decode()
    assert 'value="600.01"' in response.content.decode()
    assert Sponsorship.objects.count() == 1


def test_finance_records_a_payment_and_bad_input_is_kept(client, finance, cohort):
    person = fee_participant(cohort)
    invoice = invoice_create_for_participant(participant=person, by=finance)
    client.force_login(finance)
    url = reverse("sponsors_finance:payment_create", args=[invoice.public_id])
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    today = timezone.localdate().isoformat()
    response = client.post(url, {"amount": "3500.01", "method": "check", "reference": "CHK 77", "received_on": today})
    body = response.content.decode()
    assert response.status_code == 200 and "CHK 77" in body and "3500.01" in body
    assert "more than is outstanding" in body
    response = client.post(url, {"amount": "1000", "method": "transfer", "reference": "T-1", "received_on": future})
    assert "cannot be in the future" in response.content.decode()
    response = client.post(
        url,
        {"amount": "1000", "method": "transfer", "reference": "T-1", "received_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert payment.amount_cents == 100_000
    pdf = client.get(reverse("sponsors_finance:receipt_pdf", args=[payment.public_id]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"] and "no-store" in pdf["Cache-Control"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_program_staff_cannot_record_payments(client, program_staff, cohort):
    invoice = invoice_create_for_participant(participant=fee_participant(cohort), by=program_staff)
    client.force_login(program_staff)
    assert client.get(reverse("sponsors_finance:payment_create", args=[invoice.public_id])).status_code == 403


def test_void_needs_a_reason_and_confirmation(client, finance, cohort):
    invoice = invoice_create_for_participant(participant=fee_participant(cohort), by=finance)
    client.force_login(finance)
    url = reverse("sponsors_finance:invoice_void", args=[invoice.public_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 200
    assert Invoice.objects.get().status == Invoice.Status.ISSUED
    client.post(url, {"reason": "Issued twice"})
    assert Invoice.objects.get().status == Invoice.Status.VOID
    pdf = client.get(reverse("sponsors_finance:invoice_pdf", args=[invoice.public_id]))
    assert pdf.status_code == 200


def test_reduction_form(client, program_staff, cohort):
    person = fee_participant(cohort)
    client.force_login(program_staff)
    url = reverse("sponsors_finance:reduction_create", args=[person.public_id])
    response = client.post(url, {"kind": "scholarship", "amount": "3500.01", "reason": "Hardship"})
    assert response.status_code == 200 and "Hardship" in response.content.decode()
    assert not FeeReduction.objects.exists()
    assert client.post(url, {"kind": "scholarship", "amount": "1166.67", "reason": "Hardship"}).status_code == 302
    assert FeeReduction.objects.get().amount_cents == 116_667


def test_seat_assign_and_release_pages(client, program_staff, cohort):
    a, b = fee_participant(cohort), fee_participant(cohort)
    sponsorship = pledge(cohort, program_staff, scope=Sponsorship.Scope.SEATS, seats=1)
    client.force_login(program_staff)
    detail = reverse("sponsors_finance:sponsorship_detail", args=[sponsorship.public_id])
    assert a.user.display_name in client.get(detail).content.decode()  # in the select
    client.post(reverse("sponsors_finance:seat_assign", args=[sponsorship.public_id]), {"participant": a.public_id})
    assert sponsorship.seat_rows.get().participant == a
    a.status = "withdrawn"
    a.save()
    assert a.user.display_name in client.get(reverse("sponsors_finance:overview")).content.decode()
    url = reverse("sponsors_finance:seat_release", args=[sponsorship.public_id, a.public_id])
    assert client.post(url, {"outcome": "reassigned"}).status_code == 200  # who gets it?
    response = client.post(url, {"outcome": "reassigned", "new_participant": b.public_id, "note": "Next on list"})
    assert response.status_code == 302
    assert sponsorship.seat_rows.get(ended_on__isnull=True).participant == b


def test_staff_pages_keep_their_query_counts(client, finance, cohort):
    client.force_login(finance)

    def grow():
        for _ in range(3):
            person = fee_participant(cohort)
            sponsorship = pledge(cohort, finance, participant=person, amount_per_participant_cents=FEE // 2)
            invoice = invoice_create_for_sponsorship(sponsorship=sponsorship, by=finance)
            pay(invoice, 1_000, finance)
            invoice_create_for_participant(participant=person, by=finance)

    grow()
    urls = [
        reverse("sponsors_finance:overview"),
        reverse("sponsors_finance:sponsorships"),
        reverse("sponsors_finance:invoices"),
        reverse("sponsors_finance:cohort_fees", args=[cohort.pk]),
    ]
    assert_queries_do_not_grow(client, urls, grow)


def test_pledge_and_sponsor_pages_keep_their_query_counts(client, finance, cohort, sponsor):
    member_sponsor = sponsor.sponsor_memberships.get().sponsor
    places = pledge(cohort, finance, sponsor=member_sponsor, scope=Sponsorship.Scope.SEATS, seats=9)

    def grow():
        for _ in range(2):
            sponsorship_services.seat_assign(sponsorship=places, participant=fee_participant(cohort), by=finance)
            invoice = invoice_create_for_sponsorship(sponsorship=places, by=finance)
            pay(invoice, 1_000, finance)

    grow()
    client.force_login(finance)
    assert_queries_do_not_grow(client, [reverse("sponsors_finance:sponsorship_detail", args=[places.public_id])], grow)
    client.force_login(sponsor)
    assert_queries_do_not_grow(client, [reverse("sponsors_billing:index")], grow)


def test_give_the_place_lists_only_people_the_pledge_does_not_pay_for(client, program_staff, cohort):
    holder, waiting = fee_participant(cohort), fee_participant(cohort)
    sponsorship = pledge(cohort, program_staff, scope=Sponsorship.Scope.SEATS, seats=2)
    sponsorship_services.seat_assign(sponsorship=sponsorship, participant=holder, by=program_staff)
    client.force_login(program_staff)
    page = client.get(reverse("sponsors_finance:sponsorship_detail", args=[sponsorship.public_id])).content.decode()
    choices = page.split('name="participant"', 1)[1].split("</select>", 1)[0]
    assert f'value="{waiting.public_id}"' in choices
    assert f'value="{holder.public_id}"' not in choices


def test_give_the_place_costs_the_same_queries_however_many_can_take_it(client, program_staff, cohort):
    """Each choice reads "name (cohort)": the cohorts come with the people, not a query each."""
    sponsorship = pledge(cohort, program_staff, scope=Sponsorship.Scope.SEATS, seats=2)
    fee_participant(cohort)

    def grow():
        for _ in range(3):
            fee_participant(cohort)

    client.force_login(program_staff)
    url = reverse("sponsors_finance:sponsorship_detail", args=[sponsorship.public_id])
    assert_queries_do_not_grow(client, [url], grow)
    assert client.get(url).content.decode().count(f"({cohort})</option>") == 4
