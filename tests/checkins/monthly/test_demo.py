"""The demo check-in answers: the latest sent check-in becomes a hard month, once."""

import datetime

from checkins.models import CheckIn, Concern
from dashboard.demo.checkin_answers import seed_checkin_answers
from tests.checkins.factories import placement_year


def test_demo_answers_open_concerns_once(participant):
    checkins = placement_year(participant, start=datetime.date(2026, 9, 1), submitted=2)
    seed_checkin_answers()
    assert CheckIn.objects.filter(submitted_at__isnull=False).count() == 2
    reasons = set(Concern.objects.filter(checkin=checkins[1], status="open").values_list("reason", flat=True))
    assert reasons == {Concern.Reason.LOW_WELLBEING, Concern.Reason.ASKED_FOR_CONTACT}
    seed_checkin_answers()
    assert Concern.objects.count() == 2


def test_demo_answers_without_check_ins_do_nothing(db):
    seed_checkin_answers()
    assert not Concern.objects.exists()
