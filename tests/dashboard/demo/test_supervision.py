"""The supervision demo: an agreed practicum contract with sessions for Alma, and Bianca's
weekly placement contract with a gap the board shows; running it twice adds nothing."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from checkins.models import SupervisionContract, SupervisionSession
from checkins.supervision.selectors import supervision_gaps
from dashboard.demo.supervision import seed_supervision


@pytest.mark.django_db
def test_the_supervision_demo_is_idempotent_and_shows_a_gap(time_machine):
    time_machine.move_to("2026-11-23 12:00")
    call_command("seed_demo", verbosity=0)
    seed_supervision()
    assert (SupervisionContract.objects.count(), SupervisionSession.objects.count()) == (2, 7)

    practicum = SupervisionContract.objects.get(setting="practicum")
    assert practicum.agreed and practicum.participant.user.display_name == "Alma"
    assert practicum.supervisor_user is not None  # the demo sponsor can see it signed in
    assert practicum.sessions.count() == 3

    placement = SupervisionContract.objects.get(setting="placement")
    gap = supervision_gaps([placement.participant_id], timezone.localdate())[placement.participant_id]
    assert (gap.frequency, gap.days_since, gap.gap_days) == ("weekly", 12, 5)
