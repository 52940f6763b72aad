"""The evaluation surveys in the sponsor's impact summary: aggregates for the cohorts the
organisation funds, small groups suppressed, never comments or names."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from checkins.models import Survey
from tests.checkins.factories import survey_responses
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow
from tests.sponsors.factories import sponsor_participant

pytestmark = pytest.mark.django_db


def _pdf(client) -> str:
    content = client.get(reverse("sponsors:impact_pdf")).content
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_sponsors_see_survey_figures_only_from_five_answers(client, sponsor, participant, cohort):
    client.force_login(sponsor)
    survey_responses(cohort, count=4, comment="A comment sponsors never see")
    survey_responses(CohortFactory(year=2025), count=9)  # a cohort they do not fund
    page = client.get(reverse("sponsors:portal")).content.decode()
    assert "Evaluation surveys" in page and "fewer than 5 answers" in page
    assert "During the program" not in page
    assert "fewer than 5 answers" in _pdf(client)

    survey_responses(cohort, count=1, comment="A comment sponsors never see")
    # The portal names the people who share with the sponsor; the survey section does not.
    page = client.get(reverse("sponsors:portal")).content.decode().split("Evaluation surveys", 1)[1]
    pdf = _pdf(client)
    for text in (page, pdf):
        assert "5 answers" in text and "fewer than 5 answers" not in text
        assert "During the program, I felt safe." in text
        assert "A comment sponsors never see" not in text
        assert participant.user.display_name not in text
        assert "2025 cohort" not in text


def test_the_portal_query_count_stays_fixed_with_survey_answers(client, sponsor, participant, cohort):
    client.force_login(sponsor)
    survey_responses(cohort, count=5)

    def grow():
        other = CohortFactory(year=2027)
        sponsor_participant(sponsor.sponsor_memberships.first().sponsor, ParticipantFactory(cohort=other))
        survey_responses(other, count=6)
        survey_responses(cohort, Survey.PLACEMENT_6, count=8)

    assert_queries_do_not_grow(client, [reverse("sponsors:portal")], grow)
