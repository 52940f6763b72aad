"""The demo check-ins: answers for the months already due and one open concern, once."""

import datetime

import time_machine

from checkins.models import CheckIn, Concern
from dashboard.demo_checkin_answers import seed_checkin_answers
from tests.checkins.factories import placement_year


def test_demo_check_ins_are_sent_once(participant, other_participant):
    placement_year(participant, start=datetime.date(2026, 9, 1))
    placement_year(other_participant, start=datetime.date(2026, 10, 1))
    with time_machine.travel(datetime.datetime(2026, 12, 10, 17, tzinfo=datetime.UTC), tick=False):
        seed_checkin_answers()
        sent = CheckIn.objects.filter(submitted_at__isnull=False).count()
        assert sent == 5  # three due for the first, two for the second
        assert Concern.objects.filter(status="open").count() == 2  # low wellbeing, asked for contact
        seed_checkin_answers()
        assert CheckIn.objects.filter(submitted_at__isnull=False).count() == sent
        assert Concern.objects.count() == 2
