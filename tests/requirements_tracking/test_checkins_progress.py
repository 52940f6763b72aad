"""Check-ins in progress (issue #21): the participant's /hours/ page, the cohort grid, its
spreadsheet, the staff record and the dashboard chart read the same placement year, through
the provider `checkins` registers (requirements_tracking never imports it)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from checkins.models import CheckIn
from checkins.placement.selectors import placement_year as checkins_placement_year
from checkins.schedule import schedule_sync
from cohorts.models import Requirement
from cohorts.selectors import checkins_asked_of
from requirements_tracking.progress import cohort_grid, participant_progress
from tests.checkins.factories import PlacementFactory, placement_year
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow

MINE = reverse("requirements_tracking:mine")
GRID = reverse("requirements_tracking_staff:grid")
CSV = reverse("requirements_tracking_staff:grid_download")
HOME = reverse("dashboard:home")
NOW = datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 5, 10)
CHECKINS = "Monthly check-ins in the first year of placement"


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


def record(participant) -> str:
    return reverse("participant_record:record", args=[participant.public_id])


def text(client, url, **headers) -> str:
    return client.get(url, **headers).content.decode()


def csv_line(client, participant) -> dict[str, str]:
    rows = list(csv.reader(io.StringIO(client.get(CSV, {"cohort": participant.cohort.pk}).content.decode("utf-8-sig"))))
    header = rows[0]
    line = next(row for row in rows[1:] if row[0] == str(participant.user))
    return dict(zip(header, line, strict=True))


def checkins_cell(participant):
    grid = cohort_grid(participant.cohort, today=TODAY)
    row = next(row for row in grid.rows if row.participant.pk == participant.pk)
    return next(cell for cell in row.cells if cell.progress.is_checkins)


@pytest.mark.django_db
def test_done_due_and_missed_are_the_same_on_every_page(client, participant, program_staff):
    # One sent, March's missed (it is May): the numbers come from the check-ins' own rules.
    placement_year(participant, start=datetime.date(2026, 1, 1), submitted=1)
    year = checkins_placement_year(participant)
    assert (year.completed, year.total) == (1, checkins_asked_of(participant))
    assert year.has_missed(TODAY)
    due = date_format(year.next_due, "DATE_FORMAT")
    done = f"1 of {year.total}"

    client.force_login(participant.user)
    page = text(client, MINE)
    assert f"{done} check-ins done" in page
    assert f"The one due on {due} is missed: it is still welcome whenever you are ready." in page
    start, end = date_format(year.start, "DATE_FORMAT"), date_format(year.end, "DATE_FORMAT")
    assert f"Your placement year: {start} to {end}." in page
    assert "This comes later in the program" not in page
    assert reverse("checkins:mine") in page

    client.force_login(program_staff)
    grid = text(client, f"{GRID}?cohort={participant.cohort.pk}")
    assert f"{done} done" in grid and "A check-in is missed" in grid
    line = csv_line(client, participant)
    assert line[f"{CHECKINS}: done"] == "1"
    assert line[f"{CHECKINS}: asked"] == str(year.total)
    assert line[f"{CHECKINS}: next due"] == year.next_due.isoformat()
    assert line[f"{CHECKINS}: missed"] == "yes"
    staff_record = text(client, record(participant))
    assert f"{done} done. Next due {due}. A check-in is missed" in staff_record
    # The dashboard's chart counts her as behind, from the same cell.
    cell = checkins_cell(participant)
    assert (cell.progress.approved, cell.progress.checkins.missed > 0) == (1, True)


@pytest.mark.django_db
def test_before_the_placement_year_the_page_says_it_comes_later(client, participant, program_staff):
    client.force_login(participant.user)
    assert "This comes later in the program; it will show here then." in text(client, MINE)
    client.force_login(program_staff)
    assert "Placement year not started" in text(client, f"{GRID}?cohort={participant.cohort.pk}")
    line = csv_line(client, participant)
    assert [line[f"{CHECKINS}: {column}"] for column in ("done", "asked", "next due", "missed")] == [""] * 4
    assert "Placement year not started" in text(client, record(participant))
    assert checkins_cell(participant).progress.checkins is None


@pytest.mark.django_db
def test_the_number_comes_from_the_requirement_set(client, participant):
    Requirement.objects.filter(
        requirement_set=participant.cohort.requirement_set, kind=Requirement.Kind.CHECKINS
    ).update(amount=6)
    PlacementFactory(participant=participant, start_date=datetime.date(2026, 4, 20))
    schedule_sync(participant=participant)
    assert CheckIn.objects.filter(participant=participant).count() == 6
    client.force_login(participant.user)
    page = text(client, MINE)
    assert "0 of 6 check-ins done" in page
    first_due = date_format(CheckIn.objects.get(participant=participant, number=1).due_on, "DATE_FORMAT")
    assert f"The next one is due on {first_due}." in page
    assert "is missed" not in page


@pytest.mark.django_db
def test_every_checkin_sent_is_complete_everywhere(client, participant, program_staff):
    placement_year(participant, start=datetime.date(2025, 3, 1), submitted=12)
    progress = next(item for item in participant_progress(participant) if item.is_checkins)
    assert progress.complete and progress.checkins.next_due is None
    client.force_login(participant.user)
    page = text(client, MINE)
    assert "12 of 12 check-ins done. Complete." in page
    assert "The next one is due" not in page
    client.force_login(program_staff)
    bar = next(bar for bar in client.get(HOME).context["bars"] if bar.requirement.category == "checkins")
    assert bar.complete == 1


@pytest.mark.django_db
def test_the_page_in_spanish(client, participant):
    participant.user.preferred_language = "es"
    participant.user.save(update_fields=["preferred_language"])
    placement_year(participant, start=datetime.date(2026, 1, 1), submitted=1)
    client.force_login(participant.user)
    page = text(client, MINE, HTTP_ACCEPT_LANGUAGE="es")
    with translation.override("es"):
        done = translation.ngettext(
            "%(done)s of %(total)s check-in done", "%(done)s of %(total)s check-ins done", 12
        ) % {"done": 1, "total": 12}
    assert done in page
    assert "seguimientos mensuales" in done


@pytest.mark.django_db
def test_the_hours_page_costs_the_same_before_and_during_the_placement_year(client, participant):
    client.force_login(participant.user)
    assert_queries_do_not_grow(
        client, [MINE], lambda: placement_year(participant, start=datetime.date(2026, 1, 1), submitted=3)
    )


@pytest.mark.django_db
def test_the_grid_costs_the_same_with_3_or_30_people_in_their_placement_year(client, program_staff):
    cohort = CohortFactory(capacity=60)

    def add(count):
        for n in range(count):
            placement_year(ParticipantFactory(cohort=cohort), start=datetime.date(2026, 1, 1), submitted=n % 4)

    add(3)
    client.force_login(program_staff)
    urls = [f"{GRID}?cohort={cohort.pk}", f"{CSV}?cohort={cohort.pk}"]
    assert_queries_do_not_grow(client, urls, lambda: add(27))
