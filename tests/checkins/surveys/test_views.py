import datetime
import io

import pytest
from django.test.utils import override_settings
from django.urls import reverse
from pypdf import PdfReader

from checkins.models import Survey, SurveyInvitation, SurveyResponse
from tests.checkins.factories import survey_responses
from tests.factories import CohortFactory
from tests.queries import assert_queries_do_not_grow

D = datetime.date
SURVEY_URL = reverse("surveys:survey", kwargs={"survey": "end_of_program"})


@pytest.fixture
def invitation(participant):
    return SurveyInvitation.objects.create(
        participant=participant, survey=Survey.END_OF_PROGRAM, opens_on=D(2026, 9, 1)
    )


@pytest.mark.django_db
def test_a_participant_answers_once_and_is_thanked(client, participant, invitation):
    client.force_login(participant.user)
    page = client.get(reverse("surveys:mine")).content.decode()
    assert "End of the program" in page and "How your answers stay anonymous" in page
    form = client.get(SURVEY_URL).content.decode()
    assert "During the program, I felt safe." in form and "Prefer not to say" in form
    response = client.post(SURVEY_URL, {"safe": "5", "recommend": "4", "comment": "Thank you all"})
    assert response.status_code == 302 and response["Location"] == reverse("surveys:thanks", args=["end_of_program"])
    assert SurveyResponse.objects.get().answers == {"safe": 5, "recommend": 4}
    # Twice: refused, nothing new stored.
    again = client.post(SURVEY_URL, {"safe": "1"}, follow=True)
    assert "already answered" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert client.get(SURVEY_URL)["Location"] == reverse("surveys:thanks", args=["end_of_program"])


@pytest.mark.django_db
def test_bad_input_keeps_what_was_typed(client, participant, invitation):
    client.force_login(participant.user)
    response = client.post(SURVEY_URL, {"safe": "9", "comment": "Words I typed ñ"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Words I typed ñ" in page and "Select a valid choice" in page
    for nothing in ({"comment": "   "}, {}):
        assert "Please answer at least one question" in client.post(SURVEY_URL, nothing).content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_no_thanks_asks_first_then_never_asks_again(client, participant, invitation):
    client.force_login(participant.user)
    decline_url = reverse("surveys:decline", args=["end_of_program"])
    assert "will not ask you" in client.get(decline_url).content.decode()
    invitation.refresh_from_db()
    assert not invitation.declined  # looking at the page changes nothing
    assert client.post(decline_url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.declined
    assert client.get(SURVEY_URL)["Location"] == reverse("surveys:mine")
    client.post(SURVEY_URL, {"safe": "3"})
    assert not SurveyResponse.objects.exists()
    assert "You said no thanks" in client.get(reverse("surveys:mine")).content.decode()


@pytest.mark.django_db
def test_a_survey_is_found_among_ones_own_invitations_only(client, participant, other_participant, invitation):
    client.force_login(other_participant.user)
    assert client.get(SURVEY_URL).status_code == 404
    assert client.post(SURVEY_URL, {"safe": "3"}).status_code == 404
    assert client.get(reverse("surveys:survey", args=["not_a_survey"])).status_code == 404
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_a_survey_that_has_not_opened_is_not_shown(client, participant):
    SurveyInvitation.objects.create(participant=participant, survey=Survey.PLACEMENT_6, opens_on=D(2099, 1, 1))
    client.force_login(participant.user)
    assert client.get(reverse("surveys:survey", args=["placement_6"])).status_code == 404
    assert "no survey for you right now" in client.get(reverse("surveys:mine")).content.decode()


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _pages(client, cohort) -> tuple[str, str, str]:
    html = client.get(reverse("surveys:staff_cohort", args=[cohort.pk])).content.decode()
    csv = client.get(reverse("surveys:staff_download", args=[cohort.pk])).content.decode()
    pdf = _pdf_text(client.get(reverse("surveys:staff_pdf", args=[cohort.pk])).content)
    return html, csv, pdf


@pytest.mark.django_db
def test_staff_see_nothing_below_five_answers_and_figures_from_five(client, program_staff, participant, cohort):
    client.force_login(program_staff)
    survey_responses(cohort, count=4, comment="Kind words from Cora")
    for text in _pages(client, cohort):
        assert "fewer than 5 answers" in text
        assert "During the program" not in text and "Kind words" not in text
    index = client.get(reverse("surveys:staff_index")).content.decode()
    assert "fewer than 5" in index

    survey_responses(cohort, count=1, answers={"safe": 1, "prepared": "prefer_not"}, comment="Kind words from Cora")
    html, csv, pdf = _pages(client, cohort)
    for text in (html, csv, pdf):
        assert "fewer than 5 answers" not in text
        assert "During the program, I felt safe." in " ".join(text.split())
    # "safe": four said 4, one said 1. The two small cells protect each other (4 and 1,
    # or 3 and 2 …), but their mean, 3.4, would solve them (4 × 4 + 1 = 17): not shown.
    assert "Mostly: fewer than 5" in html and "Not at all: fewer than 5" in html
    assert "3.4" not in html and "3.4" not in csv and "3.4" not in pdf
    assert "Completely: 0" in html
    # "prepared": four answered 4, one prefers not to say → the mean of 4 is not shown.
    assert "Prefer not to say,fewer than 5" in csv.replace("\r", "")
    # Comments on the page only (five of them), never in downloads; no names, no dates.
    assert html.count("Kind words from Cora") == 5
    assert "Kind words" not in csv and "Kind words" not in pdf
    for text in (html, csv, pdf):
        assert participant.user.display_name not in text
        assert "2026-09" not in text and "September" not in text


@pytest.mark.django_db
def test_no_answer_count_can_be_worked_out_by_subtraction(client, program_staff, sponsor, cohort):
    """7 answers, 5 "Completely" and 2 "Mostly": once shown as "Completely: 5; Mostly:
    fewer than 5; others 0", which gave the 2 away (7 − 5)."""
    survey_responses(cohort, count=5, answers={"safe": 5})
    survey_responses(cohort, count=2, answers={"safe": 4})
    client.force_login(program_staff)
    html, csv, pdf = (" ".join(text.replace("\r", "").split()) for text in _pages(client, cohort))
    assert "7 answers" in html and "7 answers" in pdf and "Answered,7" in csv
    for text in (html, pdf):
        assert "Completely: not shown" in text and "Mostly: not shown" in text
        assert "Completely: 5" not in text and "Mostly: fewer than 5" not in text
        assert "Not at all: 0" in text  # two unknowns share the line: the zeros can show
    assert "Completely,not shown" in csv and "Mostly,not shown" in csv
    assert "Completely,5" not in csv and "Mostly,fewer than 5" not in csv
    # Nor does the mean solve them (4.7 = (5 × 5 + 2 × 4) / 7).
    for text in (html, csv, pdf):
        assert "4.7" not in text
    # The sponsors funding the cohort read the same figures.
    client.force_login(sponsor)
    portal = " ".join(client.get(reverse("sponsors:portal")).content.decode().split())
    assert "Completely: not shown" in portal and "Mostly: not shown" in portal and "Completely: 5" not in portal


@pytest.mark.django_db
@override_settings(SURVEY_SUPPRESSION_THRESHOLD=2)
def test_the_threshold_is_a_setting(client, program_staff, cohort):
    client.force_login(program_staff)
    survey_responses(cohort, count=2)
    page = client.get(reverse("surveys:staff_cohort", args=[cohort.pk])).content.decode()
    assert "2 answers" in page and "fewer than" not in page.split("<h2", 1)[1]


@pytest.mark.django_db
def test_staff_pages_take_the_same_queries_however_many_answers(client, program_staff, cohort):
    client.force_login(program_staff)
    survey_responses(cohort, count=5)

    def grow():
        for year in (2023, 2024, 2025):
            survey_responses(CohortFactory(year=year), count=6, comment="Words")
        survey_responses(cohort, Survey.PLACEMENT_6, count=7, comment="More words")

    urls = [reverse("surveys:staff_index"), reverse("surveys:staff_cohort", args=[cohort.pk])]
    assert_queries_do_not_grow(client, urls, grow)
