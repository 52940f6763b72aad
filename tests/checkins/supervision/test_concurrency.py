"""Two submits of a new supervision contract at the same moment (a double tap, two tabs):
one current contract, the other request waits for the lock and replaces or edits it.
Row locks need PostgreSQL; on SQLite this is skipped."""

import threading

import pytest
from django.db import connection, connections

from checkins.models import SupervisionContract
from checkins.supervision import services
from tests.checkins.supervision.test_services import terms


@pytest.mark.django_db(transaction=True)
def test_two_proposals_at_once_leave_one_current_contract(participant):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    barrier = threading.Barrier(2)
    errors = []

    def propose():
        try:
            barrier.wait()
            services.supervision_contract_propose(participant=participant, setting="practicum", **terms())
        except Exception as error:  # any failure (an IntegrityError above all) fails the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=propose) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert SupervisionContract.objects.filter(replaced_at__isnull=True).count() == 1
    assert SupervisionContract.objects.count() == 1  # a draft is changed in place
