"""The staff cohort grid: every participant × requirement, behind-schedule flags, CSV."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.models import User
from cohorts.models import Participant, ProgressExpectation, Requirement
from cpse.dates import add_months
from requirements_tracking.models import HourEntry
from requirements_tracking.progress import cohort_grid, grid_sorted, participant_progress
from tests.factories import CohortFactory, ParticipantFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

S = HourEntry.Status
GRID = reverse("requirements_tracking_staff:grid")
CSV = reverse("requirements_tracking_staff:grid_download")
# Inside the 2026 cohort's program (1 April to 31 August; intensive 8 to 12 June).
TODAY = datetime.date(2026, 7, 1)


def requirement(participant, category) -> Requirement:
    return participant.cohort.requirement_set.requirements.get(category=category)


def entry(participant, category, hours, status=S.APPROVED, date=datetime.date(2026, 5, 4)):
    return HourEntry.objects.create(
        participant=participant,
        requirement=requirement(participant, category),
        date=date,
        hours=Decimal(hours),
        kind="other",
        status=status,
    )


def cells_by_category(row) -> dict:
    return {cell.progress.requirement.category: cell for cell in row.cells}


@pytest.mark.django_db
def test_the_grid_and_each_participants_page_agree_to_the_quarter_hour(participant, other_participant):
    other_participant.cohort = participant.cohort
    other_participant.save()
    entry(participant, "self_care", "2.25")
    entry(participant, "self_care", "1.5", status=S.SUBMITTED)
    entry(participant, "self_care", "3", status=S.RETURNED)
    entry(participant, "online", "4.75")
    entry(participant, "intensive", "20", date=datetime.date(2026, 6, 8))
    entry(participant, "intensive", "10.25", date=datetime.date(2026, 6, 9))
    entry(other_participant, "practicum", "0.25")
    entry(other_participant, "practicum", "11.75", status=S.SUBMITTED)

    grid = cohort_grid(participant.cohort, today=TODAY)

    assert len(grid.rows) == 2
    for row in grid.rows:
        page = {item.requirement.category: item for item in participant_progress(row.participant)}
        for category, cell in cells_by_category(row).items():
            assert cell.progress == page[category], category
    mine = cells_by_category(next(r for r in grid.rows if r.participant == participant))
    assert (mine["self_care"].progress.approved, mine["self_care"].progress.pending) == (
        Decimal("2.25"),
        Decimal("1.5"),
    )
    assert mine["intensive"].progress.extra == Decimal("0.25")


@pytest.mark.django_db
def test_behind_follows_the_expectations_and_the_last_days(participant):
    self_care = requirement(participant, "self_care")
    ProgressExpectation.objects.create(requirement=self_care, months_after_start=1, amount=2)
    ProgressExpectation.objects.create(requirement=self_care, months_after_start=3, amount=6)
    entry(participant, "self_care", "3")

    def cell(today, category="self_care"):
        return cells_by_category(cohort_grid(participant.cohort, today=today).rows[0])[category]

    # Before the first month is up nothing is expected yet.
    assert cell(datetime.date(2026, 4, 30)).expected is None
    # One month in (1 May): 2 expected, 3 approved.
    assert (cell(datetime.date(2026, 5, 1)).expected, cell(datetime.date(2026, 5, 1)).overdue) == (2, False)
    # Three months in (1 July): 6 expected, 3 approved.
    assert (cell(TODAY).expected, cell(TODAY).overdue) == (6, True)
    # The intensive is expected in full once its week is over, the others at the program's end.
    assert cell(datetime.date(2026, 6, 12), "intensive").expected is None
    assert cell(datetime.date(2026, 6, 13), "intensive").overdue
    assert not cell(datetime.date(2026, 8, 31), "online").overdue
    assert cell(datetime.date(2026, 9, 1), "online").expected == Decimal("18")
    # The final exam is expected by the program's end (tests/requirements_tracking/test_progress_exam.py).
    assert cell(datetime.date(2026, 8, 31), "exam").expected is None
    assert cell(datetime.date(2027, 1, 1), "exam").overdue
    # Check-ins come later: never flagged here.
    assert cell(datetime.date(2027, 1, 1), "checkins").expected is None


@pytest.mark.django_db
def test_people_who_left_are_listed_but_never_flagged(participant):
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    grid = cohort_grid(participant.cohort, today=datetime.date(2026, 12, 1))
    assert len(grid.rows) == 1 and not grid.rows[0].behind and grid.behind_count == 0


@pytest.mark.django_db
def test_an_expectation_above_the_requirement_asks_for_the_requirement_only(participant):
    online = requirement(participant, "online")
    ProgressExpectation.objects.create(requirement=online, months_after_start=1, amount=50)
    cell = cells_by_category(cohort_grid(participant.cohort, today=TODAY).rows[0])["online"]
    assert cell.expected == online.amount


@given(start=st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31)), months=st.integers(0, 36))
@settings(max_examples=200, deadline=None)
def test_add_months_lands_in_the_right_month_and_never_overflows(start, months):
    later = add_months(start, months)
    assert (later.year * 12 + later.month) - (start.year * 12 + start.month) == months
    assert later.day == start.day or later.day < start.day and (later + datetime.timedelta(days=1)).day == 1


@pytest.mark.django_db
def test_sorting_by_name_status_behind_or_a_requirement(participant):
    cohort = participant.cohort
    people = {
        name: ParticipantFactory(cohort=cohort, user=UserFactory(display_name=name)) for name in ("bea", "Ana", "Cruz")
    }
    Participant.objects.filter(pk=people["Cruz"].pk).update(status=Participant.Status.ON_LEAVE)
    entry(people["bea"], "online", "18")
    entry(people["Cruz"], "online", "1")
    grid = cohort_grid(cohort, today=datetime.date(2026, 9, 2))

    def names(key, descending=False):
        return [str(r.participant.user) for r in grid_sorted(grid, key=key, descending=descending)]

    me = str(participant.user)
    assert names("name") == sorted(["Ana", "bea", "Cruz", me], key=str.casefold)
    assert names("online", descending=True)[:2] == ["bea", "Cruz"]
    assert names("status")[-1] == "Cruz"  # on leave after enrolled
    assert names("no-such-column") == names("name")
    # After the program's end everyone is behind on what they have not finished; bea finished online.
    assert names("behind")[0] == "bea"


@pytest.mark.django_db
def test_the_page_shows_the_grid_and_sorts_by_a_column(client, program_staff, participant):
    entry(participant, "online", "4.5")
    client.force_login(program_staff)
    response = client.get(GRID, {"cohort": participant.cohort.pk, "sort": "online", "descending": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert str(participant.user) in page and "4.5 / 18" in page
    assert 'aria-sort="descending"' in page


@pytest.mark.django_db
def test_bad_filters_fall_back_to_the_cohort_in_progress(client, program_staff, participant):
    client.force_login(program_staff)
    for query in ({"cohort": "not-a-number"}, {"cohort": "999999"}, {"page": "x"}, {"sort": "<script>"}):
        response = client.get(GRID, query)
        assert response.status_code == 200, query
        assert str(participant.user) in response.content.decode()


@pytest.mark.django_db
def test_empty_states(client, program_staff):
    client.force_login(program_staff)
    assert "There is no cohort yet" in client.get(GRID).content.decode()
    assert client.get(CSV).status_code == 404
    cohort = CohortFactory(year=2030)
    assert "no participants yet" in client.get(GRID, {"cohort": cohort.pk}).content.decode()


@pytest.mark.django_db
def test_the_spreadsheet_matches_the_grid_and_keeps_names_as_text(client, program_staff, participant):
    User.objects.filter(pk=participant.user.pk).update(display_name="=HYPERLINK(1)")
    entry(participant, "self_care", "2.75")
    entry(participant, "self_care", "1", status=S.SUBMITTED)
    client.force_login(program_staff)
    response = client.get(CSV, {"cohort": participant.cohort.pk})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="cohort-2026-progress.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, line = rows[0], rows[1]
    assert line[0] == "'=HYPERLINK(1)"
    assert line[header.index("Self-awareness and self-care: approved")] == "2.75"
    assert line[header.index("Self-awareness and self-care: waiting")] == "1"
    assert line[header.index("Self-awareness and self-care: remaining")] == "7.25"


@pytest.mark.django_db
def test_the_grid_costs_the_same_with_9_or_300_participants(client, program_staff):
    cohort = CohortFactory(capacity=400)
    categories = ("self_care", "online", "intensive", "practicum")

    def add(count):
        users = User.objects.bulk_create(
            UserFactory.build(email=f"grid{User.objects.count()}-{n}@example.org") for n in range(count)
        )
        people = Participant.objects.bulk_create(Participant(user=user, cohort=cohort) for user in users)
        requirements = {r.category: r for r in cohort.requirement_set.requirements.all()}
        HourEntry.objects.bulk_create(
            HourEntry(
                participant=person,
                requirement=requirements[categories[n % 4]],
                date=datetime.date(2026, 5, 1),
                hours=Decimal("1.25"),
                kind="other",
                status=[S.SUBMITTED, S.APPROVED][n % 2],
            )
            for person in people
            for n in range(3)
        )

    add(9)
    client.force_login(program_staff)
    # The cohort chosen, another page and sort, and the cohort the grid opens on.
    urls = [f"{GRID}?cohort={cohort.pk}", f"{GRID}?cohort={cohort.pk}&sort=online&page=2", GRID]
    counts = assert_queries_do_not_grow(client, urls, lambda: add(291))
    assert max(counts) <= 12, counts


@pytest.mark.django_db
def test_the_cohort_choice_names_the_credential_only_when_there_are_several(client, program_staff, participant):
    from cohorts.models import Credential
    from cohorts.selectors import cohort_choices

    assert cohort_choices() == [(participant.cohort.pk, "2026 cohort")]
    regional = Credential.objects.create(name="Regional credential", abbreviation="CPSE-R1")
    other = CohortFactory(credential=regional, requirement_set=participant.cohort.requirement_set, year=2026)
    assert dict(cohort_choices()) == {participant.cohort.pk: "2026 cohort (CPSE)", other.pk: "2026 cohort (CPSE-R1)"}
    client.force_login(program_staff)
    page = client.get(GRID, {"cohort": other.pk}).content.decode()
    assert f'<option value="{other.pk}" selected>2026 cohort (CPSE-R1)</option>' in page
