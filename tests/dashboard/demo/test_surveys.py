"""The demo surveys: the pilot's results show on staff's page, small groups do not."""

import pytest
from django.urls import reverse

from checkins.models import Survey, SurveyInvitation, SurveyResponse
from dashboard.demo.surveys import ANSWERED, seed_surveys
from tests.factories import CohortFactory, ParticipantFactory

DOMAIN = "demo.cpse.invalid"


@pytest.mark.django_db
def test_demo_surveys_are_seeded_once_and_show_as_aggregates(client, program_staff):
    pilot = CohortFactory(year=2025)
    locals_ = {"participant", "bianca"} | {local for local, *_rest in ANSWERED}
    for local in sorted(locals_):
        ParticipantFactory(cohort=pilot, user__email=f"{local}@{DOMAIN}", status="certified")
    seed_surveys(pilot_year=2025, domain=DOMAIN)
    seed_surveys(pilot_year=2025, domain=DOMAIN)
    assert SurveyResponse.objects.filter(survey=Survey.END_OF_PROGRAM).count() == 7
    assert SurveyResponse.objects.filter(survey=Survey.PLACEMENT_6).count() == 2
    assert SurveyInvitation.objects.filter(answered=True).count() == 9
    open_for = SurveyInvitation.objects.filter(answered=False, declined=False).values_list(
        "participant__user__email", flat=True
    )
    assert set(open_for) == {f"participant@{DOMAIN}", f"bianca@{DOMAIN}"}
    client.force_login(program_staff)
    page = client.get(reverse("surveys:staff_cohort", args=[pilot.pk])).content.decode()
    assert "7 answers" in page and "fewer than 5 answers" in page


@pytest.mark.django_db
def test_demo_surveys_without_the_pilot_do_nothing():
    seed_surveys()
    assert not SurveyResponse.objects.exists()
