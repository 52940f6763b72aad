import pytest
from django.core.management import call_command

from dashboard.demo.readiness import seed_readiness
from requirements_tracking.models import ReadinessAssessment


@pytest.mark.django_db
def test_demo_readiness_is_made_once_with_one_waiting_one_judged_and_one_pilot_round(time_machine):
    time_machine.move_to("2026-11-23 12:00")
    call_command("seed_demo", verbosity=0)
    seed_readiness()
    assessments = ReadinessAssessment.objects.select_related("application__applicant", "participant__user")
    assert assessments.count() == 3
    waiting = assessments.get(outcome="")
    assert (waiting.stage, waiting.application.applicant.display_name) == ("interview", "Jo")
    assert waiting.self_submitted_at is not None
    judged = assessments.get(stage="interview", outcome="ready_with_support")
    assert judged.application.applicant.display_name == "Ada"
    pilot = assessments.get(stage="before_practicum")
    assert (pilot.participant.user.display_name, pilot.outcome) == ("Carmen", "ready")
    assert pilot.self_answers["people"]["choice"] == "one_or_two"
