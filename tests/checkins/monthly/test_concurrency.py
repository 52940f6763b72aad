"""Two sends of one check-in at the same moment (two tabs, a double tap): one is sent, the
other refused, one concern. Row locks need PostgreSQL; on SQLite this is skipped."""

import datetime
import threading

import pytest
from django.db import connection, connections

from checkins.models import CheckIn, Concern
from checkins.monthly import services
from tests.checkins.factories import placement_year

DUE = datetime.date(2026, 12, 1)


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_once_make_one(participant):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    checkin = placement_year(participant)[0]
    barrier = threading.Barrier(2)
    outcomes = []

    def send(wellbeing):
        try:
            barrier.wait()
            services.checkin_submit(
                checkin=CheckIn.objects.get(pk=checkin.pk),
                answers={"wellbeing": wellbeing},
                by=participant.user,
                today=DUE,
            )
            outcomes.append("sent")
        except services.CheckInError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(w,)) for w in ("1", "2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_submitted", "sent"]
    assert Concern.objects.filter(checkin=checkin).count() == 1
