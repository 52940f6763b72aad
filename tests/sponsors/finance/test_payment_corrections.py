"""Correcting and reversing a payment from the invoice page: finance only, a reason
required, what was typed kept when refused, a second submit refused kindly, and the
invoice page's query count the same with more payments."""

import pytest
from django.urls import reverse
from django.utils import timezone

from sponsors.models import Invoice, Payment
from sponsors.money import services
from tests.queries import assert_queries_do_not_grow
from tests.sponsors.money.factories import FEE, correct, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(person, finance):
    return services.invoice_create_for_participant(participant=person, by=finance)


def _url(name, obj):
    return reverse(f"sponsors_finance:{name}", args=[obj.public_id])


def test_finance_corrects_a_payment_and_bad_input_is_kept(client, finance, invoice):
    wrong = pay(invoice, 100_000, finance)
    client.force_login(finance)
    detail = client.get(_url("invoice_detail", invoice)).content.decode()
    assert _url("payment_correct", wrong) in detail and _url("payment_reverse", wrong) in detail
    form = client.get(_url("payment_correct", wrong)).content.decode()
    assert 'value="1000.00"' in form and wrong.receipt_number in form  # starts from what was entered
    today = timezone.localdate().isoformat()
    typed = {"amount": "100.00", "method": "transfer", "reference": "T-55", "received_on": today, "reason": ""}
    response = client.post(_url("payment_correct", wrong), typed)
    body = response.content.decode()
    assert response.status_code == 200 and "Please say why the payment is changed." in body
    assert 'value="T-55"' in body and 'value="100.00"' in body
    assert not Payment.objects.filter(reversed_at__isnull=False).exists()

    response = client.post(_url("payment_correct", wrong), {**typed, "reason": "Typed 1,000 for 100"})

    assert response["Location"] == _url("invoice_detail", invoice)
    right = Payment.objects.get(reversed_at__isnull=True)
    assert (right.amount_cents, right.reference) == (10_000, "T-55")
    page = client.get(response["Location"]).content.decode()
    assert f"Replaced by {right.receipt_number}" in page and "Typed 1,000 for 100" in page
    assert "Outstanding" in page and "$3,400.00" in page
    # The same form sent again: refused with a message, nothing more recorded.
    again = client.post(_url("payment_correct", wrong), {**typed, "reason": "Typed 1,000 for 100"})
    assert "already reversed or corrected" in again.content.decode() and Payment.objects.count() == 2


def test_finance_reverses_a_payment_then_cancels_the_invoice(client, finance, invoice):
    payment = pay(invoice, 100_000, finance)
    client.force_login(finance)
    void = _url("invoice_void", invoice)
    assert void not in client.get(_url("invoice_detail", invoice)).content.decode()  # money counts on it
    assert client.get(_url("payment_reverse", payment)).status_code == 200
    assert client.post(_url("payment_reverse", payment), {"reason": ""}).status_code == 200
    assert Payment.objects.get().reversed_at is None

    response = client.post(_url("payment_reverse", payment), {"reason": "The check bounced"})

    assert response["Location"] == _url("invoice_detail", invoice)
    page = client.get(response["Location"]).content.decode()
    assert "Reversed" in page and "The check bounced" in page and void in page
    again = client.post(_url("payment_reverse", payment), {"reason": "The check bounced"})
    assert again.status_code == 200 and "already reversed or corrected" in again.content.decode()
    client.post(void, {"reason": "Issued in error"})
    assert Invoice.objects.get().status == Invoice.Status.VOID


def test_program_staff_see_but_do_not_change_payments(client, program_staff, finance, invoice):
    payment = pay(invoice, 100_000, finance)
    client.force_login(program_staff)
    assert _url("payment_correct", payment) not in client.get(_url("invoice_detail", invoice)).content.decode()
    assert client.get(_url("payment_correct", payment)).status_code == 403
    assert client.post(_url("payment_reverse", payment), {"reason": "x"}).status_code == 403
    assert Payment.objects.get().reversed_at is None


def test_the_participant_and_the_sponsor_read_a_reversed_receipt_as_such(client, person, finance, invoice):
    payment = pay(invoice, 100_000, finance)
    services.payment_reverse(payment=payment, reason="Never received", by=finance)
    client.force_login(person.user)
    page = client.get(reverse("sponsors_fee:mine")).content.decode()
    assert "Reversed (entered in error)" in page and "Never received" not in page
    assert "$3,500.00" in page  # still to pay: the whole fee again


def test_the_invoice_page_keeps_its_query_count(client, finance, invoice):
    client.force_login(finance)

    def grow():
        for _ in range(3):
            correct(pay(invoice, 1_000, finance), finance, amount_cents=500)
            services.payment_reverse(payment=pay(invoice, 700, finance), reason="Never received", by=finance)

    grow()
    assert_queries_do_not_grow(client, [_url("invoice_detail", invoice)], grow)
    assert Invoice.objects.get().total_cents == FEE
