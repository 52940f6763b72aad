"""Staff see per cohort and survey how many were invited, answered and said no thanks:
counted from the invitations, never per person, small cells suppressed as everywhere."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils.translation import override
from pypdf import PdfReader

from checkins.models import Survey, SurveyInvitation
from checkins.surveys.selectors import response_rate, response_rates, survey_results
from tests.checkins.factories import survey_responses
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow

D = datetime.date
OPENED = D(2026, 9, 1)


@pytest.fixture(autouse=True)
def _today():
    # In English whatever an earlier test left active: the texts below are compared as words.
    with time_machine.travel(datetime.datetime(2026, 10, 1, 16, tzinfo=datetime.UTC), tick=False), override("en"):
        yield


def invite(cohort, *, answered=0, declined=0, waiting=0, survey=Survey.END_OF_PROGRAM, opens_on=OPENED):
    states = [(True, False)] * answered + [(False, True)] * declined + [(False, False)] * waiting
    return SurveyInvitation.objects.bulk_create(
        SurveyInvitation(
            participant=ParticipantFactory(cohort=cohort),
            survey=survey,
            opens_on=opens_on,
            answered=was_answered,
            declined=was_declined,
        )
        for was_answered, was_declined in states
    )


def shown(rate) -> tuple[str, str, str, str, str]:
    return str(rate.invited), str(rate.answered), str(rate.declined), str(rate.waiting), rate.answered_percent


def test_large_groups_show_every_count_and_the_share():
    assert shown(response_rate(invited=20, answered=10, declined=5)) == ("20", "10", "5", "5", "50 percent")
    assert shown(response_rate(invited=20, answered=10, declined=10)) == ("20", "10", "10", "0", "50 percent")


def test_small_counts_show_as_fewer_than_five():
    # Two small parts: neither can be worked out from the others.
    assert shown(response_rate(invited=12, answered=8, declined=2)) == (
        "12",
        "8",
        "fewer than 5",
        "fewer than 5",
        "67 percent",
    )
    # Fewer than 5 invited: the total is no number to subtract from, so the zeros show.
    assert shown(response_rate(invited=3, answered=3, declined=0)) == (
        "fewer than 5",
        "fewer than 5",
        "0",
        "0",
        "not shown",
    )


def test_one_small_part_hides_the_next_so_it_cannot_be_subtracted():
    # 12 invited, 2 said no thanks, nobody waiting: 10 answered would give the 2 away.
    # Both read "not shown" (cpse.aggregates: "not shown" may be any number).
    assert shown(response_rate(invited=12, answered=10, declined=2)) == (
        "12",
        "not shown",
        "not shown",
        "0",
        "not shown",
    )
    # Where the survey shows its 10 answers, the answered count is known: the zero goes.
    assert shown(response_rate(invited=12, answered=10, declined=2, answered_known=True)) == (
        "12",
        "10",
        "not shown",
        "not shown",
        "83 percent",
    )


@pytest.mark.django_db
def test_counts_come_from_opened_invitations_of_the_cohort():
    cohort, other = CohortFactory(year=2026), CohortFactory(year=2025)
    invite(cohort, answered=6, declined=5, waiting=7)
    invite(cohort, waiting=9, opens_on=D(2026, 10, 2))  # not opened yet: nobody was asked
    invite(cohort, answered=5, survey=Survey.PLACEMENT_6)
    invite(other, answered=1)
    rates = response_rates([cohort.pk])
    assert set(rates) == {(cohort.pk, Survey.END_OF_PROGRAM), (cohort.pk, Survey.PLACEMENT_6)}
    assert shown(rates[(cohort.pk, Survey.END_OF_PROGRAM)]) == ("18", "6", "5", "7", "33 percent")
    assert shown(rates[(cohort.pk, Survey.PLACEMENT_6)]) == ("5", "5", "0", "0", "100 percent")
    assert shown(response_rates()[(other.pk, Survey.END_OF_PROGRAM)])[:2] == ("fewer than 5", "fewer than 5")


@pytest.mark.django_db
def test_sponsors_results_carry_no_rate():
    cohort = CohortFactory()
    invite(cohort, answered=5)
    survey_responses(cohort, count=5)
    assert [result.rate for result in survey_results([cohort])] == [None]
    (result,) = survey_results([cohort], with_rates=True)
    assert result.rate is not None and str(result.rate.answered) == "5"


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


@pytest.mark.django_db
def test_staff_pages_csv_and_pdf_show_the_rate(client, program_staff):
    cohort = CohortFactory(year=2026)
    people = invite(cohort, answered=6, declined=5, waiting=7)
    survey_responses(cohort, count=6)
    invite(cohort, declined=5, survey=Survey.PLACEMENT_6)  # opened, nobody answered yet
    client.force_login(program_staff)

    page = " ".join(client.get(reverse("surveys:staff_cohort", args=[cohort.pk])).text.split())
    assert "Invited: 18" in page and "Answered: 6 (33 percent)" in page
    assert "Said no thanks: 5" in page and "Not answered yet: 7" in page
    assert "Invited: 5" in page and "No answers yet." in page

    index = " ".join(client.get(reverse("surveys:staff_index")).text.split())
    assert "Invited: 18" in index and "Answered: 6 (33 percent)" in index and "Invited: 5" in index

    csv = client.get(reverse("surveys:staff_download", args=[cohort.pk])).text.replace("\r", "")
    assert "Response rate,Invited,18" in csv and "Response rate,Answered,6" in csv
    assert "Response rate,Said no thanks,5" in csv and "Response rate,Not answered yet,7" in csv

    pdf = _pdf_text(client.get(reverse("surveys:staff_pdf", args=[cohort.pk])).content)
    assert "Invited: 18" in pdf and "Answered: 6 (33 percent)" in pdf and "Not answered yet: 7" in pdf

    # Never per person.
    for text in (page, index, csv, pdf):
        for invitation in people:
            assert invitation.participant.user.display_name not in text


@pytest.mark.django_db
def test_small_rates_are_suppressed_on_the_page(client, program_staff):
    cohort = CohortFactory(year=2026)
    invite(cohort, answered=10, declined=2)
    survey_responses(cohort, count=10)
    client.force_login(program_staff)
    # "10 answers" stands above the rate: hiding the answered 10 there would not hide it,
    # so the 2 who said no thanks are hidden with the 0 still waiting.
    for url in (reverse("surveys:staff_cohort", args=[cohort.pk]), reverse("surveys:staff_index")):
        page = " ".join(client.get(url).text.split())
        assert "Invited: 12" in page and "Answered: 10 (83 percent)" in page
        assert "Said no thanks: not shown" in page and "Not answered yet: not shown" in page
        assert "Answered: not shown" not in page and "Not answered yet: 0" not in page


@pytest.mark.django_db
def test_staff_pages_take_the_same_queries_with_more_invitations(client, program_staff):
    cohort = CohortFactory(year=2026)
    invite(cohort, answered=5, waiting=1)
    survey_responses(cohort, count=5)
    client.force_login(program_staff)

    def grow():
        for year in (2023, 2024):
            other = CohortFactory(year=year)
            invite(other, answered=6, declined=2)
            survey_responses(other, count=6)
        invite(CohortFactory(year=2022), waiting=3)
        invite(cohort, declined=6, survey=Survey.PLACEMENT_6)

    urls = [reverse("surveys:staff_index"), reverse("surveys:staff_cohort", args=[cohort.pk])]
    assert_queries_do_not_grow(client, urls, grow)
