import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from checkins.models import CheckIn, Placement
from checkins.reminders import checkin_reminders_send


@pytest.mark.django_db
def test_the_demo_has_two_placement_years_with_one_missed_check_in():
    call_command("seed_demo")
    call_command("seed_demo")  # safe to run again
    assert Placement.objects.filter(participant__cohort__year=2025).count() == 2
    assert CheckIn.objects.filter(submitted_at__isnull=False).count() == 5
    today = timezone.localdate()
    missed = CheckIn.objects.filter(submitted_at__isnull=True, due_on__lt=today - datetime.timedelta(days=21))
    assert missed.count() == 1
    # The reminders treat it as missed: staff are asked to follow up.
    checkin_reminders_send(timezone.now())
    assert missed.get().concerns.filter(reason="missed").exists()
