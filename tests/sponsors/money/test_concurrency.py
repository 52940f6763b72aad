"""Invoice numbers stay unique and gapless when several people issue invoices at once, and
a payment sent to be reversed several times at once is reversed once (PostgreSQL: real
row locks, separate connections; SQLite serialises writes anyway)."""

import threading

import pytest
from django.db import connection, connections

from sponsors.models import Invoice, Payment
from sponsors.money import services
from sponsors.money.services import MoneyError
from tests.factories import CohortFactory, UserFactory
from tests.sponsors.money.factories import fee_participant, pay

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]
THREADS = 6


def test_concurrent_invoices_get_unique_sequential_numbers():
    cohort = CohortFactory(year=2026)
    staff = UserFactory()
    people = [fee_participant(cohort) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors = []

    def issue(participant):
        try:
            barrier.wait(timeout=10)
            services.invoice_create_for_participant(participant=participant, by=staff)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    sequences = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, THREADS + 1))


def test_a_payment_reversed_at_once_by_several_is_reversed_once():
    staff = UserFactory()
    invoice = services.invoice_create_for_participant(participant=fee_participant(CohortFactory(year=2026)), by=staff)
    payment = pay(invoice, 100_000, staff)
    barrier = threading.Barrier(THREADS)
    refused, errors = [], []

    def reverse():
        try:
            barrier.wait(timeout=10)
            services.payment_reverse(payment=payment, reason="Sent twice", by=staff)
        except MoneyError as error:
            refused.append(error.code)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reverse) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert refused == ["already_reversed"] * (THREADS - 1)
    assert Payment.objects.get().reversed_at is not None
