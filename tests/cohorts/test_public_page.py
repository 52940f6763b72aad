"""The public program page reads the featured cohort and its requirement set (issue #24):
who can apply, the program's length, the intensive, the requirements and the number of
check-ins; the travel help and the sponsoring contact come from settings; program staff
preview the page for a cohort before it is featured. Who may open the preview is in
tests/test_permission_matrix.py."""

import datetime
import html
from decimal import Decimal

import pytest
from django.urls import reverse

from cohorts import selectors
from cohorts.models import Requirement, RequirementSet
from cohorts.services import requirement_set_copy
from tests.factories import CohortFactory

D = datetime.date
HOME = reverse("cohorts:program_home")


@pytest.fixture
def open_2026(time_machine):
    """The 2026 cohort, its applications open (the clock pinned inside its window)."""
    time_machine.move_to(datetime.datetime(2026, 2, 1, 12, 0))
    return CohortFactory(
        year=2026,
        program_start=D(2026, 4, 1),
        program_end=D(2026, 12, 31),
        intensive_start=D(2026, 6, 8),
        intensive_end=D(2026, 6, 12),
    )


def _page(client, url=HOME) -> str:
    return html.unescape(client.get(url).content.decode())


def _own_set(cohort, name="CPSE requirements 2026 (changed)") -> RequirementSet:
    """Give the cohort its own copy of its set, to change (nobody enrolled yet)."""
    cohort.requirement_set = requirement_set_copy(source=cohort.requirement_set, name=name)
    cohort.save(update_fields=["requirement_set"])
    return cohort.requirement_set


@pytest.mark.django_db
def test_the_page_says_what_the_default_set_and_the_cohort_hold(client, open_2026):
    page = _page(client)
    assert "A training program of 9 months" in page
    assert "At least 5 years since exiting exploitation." in page
    assert "A GED, high-school diploma, or equivalent." in page
    assert "A recommendation from an anti-trafficking agency." in page
    assert "A conversation (interview) with the program team." in page
    assert "Self-awareness and self-care: 10 hours" in page
    assert "12 check-ins" in page
    assert "5 days together in person, from June 8, 2026 to June 12, 2026." in page
    # Nothing the data holds is written into the page.
    for hard_coded in ("five years", "nine-month", "one-week", "twelve"):
        assert hard_coded not in page


@pytest.mark.django_db
def test_the_page_follows_a_changed_requirement_set(client, open_2026):
    rules = _own_set(open_2026)
    rules.min_years_since_exit = 3
    rules.requires_education = False
    rules.requires_interview = False
    rules.save()
    rules.requirements.filter(category=Requirement.Category.SELF_CARE).update(amount=Decimal("14"))
    rules.requirements.filter(kind=Requirement.Kind.CHECKINS).update(amount=6)
    page = _page(client)
    assert "At least 3 years since exiting exploitation." in page
    assert "At least 5 years" not in page
    assert "GED" not in page and "interview" not in page.lower().split("who can apply")[1].split("</ul>")[0]
    assert "Self-awareness and self-care: 14 hours" in page
    assert "6 check-ins" in page
    assert "12 check-ins" not in page


@pytest.mark.django_db
def test_one_year_is_said_in_the_singular_and_no_years_rule_is_left_out(client, open_2026):
    rules = _own_set(open_2026)
    rules.min_years_since_exit = 1
    rules.save()
    assert "At least 1 year since exiting exploitation." in _page(client)
    rules.min_years_since_exit = 0
    rules.save()
    assert "since exiting exploitation" not in _page(client)


@pytest.mark.django_db
def test_a_set_without_check_ins_does_not_mention_them(client, open_2026):
    _own_set(open_2026).requirements.filter(kind=Requirement.Kind.CHECKINS).delete()
    assert "check-in" not in _page(client)


@pytest.mark.django_db
def test_the_program_and_intensive_lengths_come_from_the_cohort_dates(client, open_2026):
    open_2026.program_end = D(2026, 8, 31)
    open_2026.intensive_end = D(2026, 6, 8)
    open_2026.save()
    page = _page(client)
    assert "A training program of 5 months" in page
    assert "1 day together in person, on June 8, 2026." in page


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2026, 4, 1), D(2026, 12, 31), 9),
        (D(2026, 4, 1), D(2027, 1, 1), 10),  # a month begun counts
        (D(2026, 4, 1), D(2026, 4, 1), 1),
        (D(2028, 1, 31), D(2028, 2, 28), 1),  # 31 January + 1 month is 29 February 2028
        (D(2028, 1, 31), D(2028, 2, 29), 2),
        (D(2026, 9, 15), D(2027, 6, 14), 9),
    ],
)
def test_program_months_are_the_fewest_whole_months_that_reach_the_last_day(start, end, months):
    assert selectors.program_months(start, end) == months


@pytest.mark.django_db
def test_travel_help_and_the_sponsoring_contact_come_from_settings(client, open_2026, settings):
    page = _page(client)
    assert "Travel to the intensive and a place to stay may add to your costs" in page
    assert "If travel costs would keep you from taking part, tell us when you apply" in page
    assert "Director of Administration" in page and "mailto:administration@cpse.invalid" in page
    settings.PROGRAM_TRAVEL_HELP = "Ask us about the travel fund."
    settings.ADMINISTRATION_CONTACT_TITLE = "Head of Partnerships"
    settings.ADMINISTRATION_CONTACT_NAME = "Robin Example"
    settings.ADMINISTRATION_CONTACT_EMAIL = "partners@program.example.org"
    page = _page(client)
    assert "Ask us about the travel fund." in page
    assert "Robin Example, Head of Partnerships" in page
    assert "mailto:partners@program.example.org" in page
    assert "Director of Administration" not in page
    assert reverse("sponsors_public:lead_form") in page


@pytest.mark.django_db
def test_the_page_reads_in_spanish(client, open_2026):
    client.cookies["django_language"] = "es"
    page = _page(client)
    assert "Quién puede postularse" in page
    assert "Libre de toda dependencia de drogas o alcohol." in page
    assert "Dirección de administración" in page


@pytest.mark.django_db
def test_without_a_cohort_the_page_promises_the_facts_later(client):
    from cohorts.models import Cohort

    Cohort.objects.all().delete()
    page = _page(client)
    assert "Who can apply and what the program asks will be published here" in page
    assert "Sponsoring a participant" in page


# --- The preview ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_preview_the_next_cohort_before_its_window_opens(client, program_staff, open_2026):
    rules = _own_set(CohortFactory(year=2027), name="CPSE requirements 2027")
    next_cohort = rules.cohorts.get()
    rules.min_years_since_exit = 4
    rules.save()
    rules.requirements.filter(kind=Requirement.Kind.CHECKINS).update(amount=6)
    # The public page still shows 2026.
    public = _page(client)
    assert "2026 cohort: key dates" in public and "2027 cohort" not in public and "Preview" not in public
    client.force_login(program_staff)
    response = client.get(reverse("cohorts_staff:cohort_preview", args=[next_cohort.pk]))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    page = html.unescape(response.content.decode())
    assert '<meta name="robots" content="noindex">' in page
    assert "Preview" in page and "The public page as it will read for the 2027 cohort" in page
    assert "2027 cohort: key dates" in page
    assert "At least 4 years since exiting exploitation." in page
    assert "6 check-ins" in page
    # Not open yet: the way in is the interest list.
    assert "Tell us you would like to apply" in page and "Apply now" not in page


@pytest.mark.django_db
def test_the_cohort_page_links_to_its_preview(client, program_staff, open_2026):
    client.force_login(program_staff)
    page = client.get(reverse("cohorts_staff:cohort_detail", args=[open_2026.pk])).content.decode()
    assert reverse("cohorts_staff:cohort_preview", args=[open_2026.pk]) in page


@pytest.mark.django_db
def test_the_preview_of_an_unknown_cohort_is_not_found(client, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("cohorts_staff:cohort_preview", args=[999_999])).status_code == 404
