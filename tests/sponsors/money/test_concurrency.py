"""Invoice numbers stay unique and gapless when several people issue invoices at once
(PostgreSQL: real row locks, separate connections; SQLite serialises writes anyway)."""

import threading

import pytest
from django.db import connection, connections

from sponsors.models import Invoice
from sponsors.money import services
from tests.factories import CohortFactory, UserFactory
from tests.sponsors.money.factories import fee_participant

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
