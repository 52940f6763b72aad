"""Observed practice pages: the staff overview and checklist, the participant's own page."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from accounts.models import User
from cohorts.models import Participant
from cpse.audit.models import AccessLogEntry
from requirements_tracking.models import Competency, CompetencyAssessment
from tests.factories import CohortFactory, UserFactory
from tests.queries import assert_queries_do_not_grow
from tests.requirements_tracking.competency.test_services import (
    MET,
    NOT_YET,
    competencies,
    observe,
    observed_practice_requirement,
)

OVERVIEW = reverse("competency:overview")
MINE = reverse("competency:mine")
LOCAL = zoneinfo.ZoneInfo("America/New_York")
NOW = datetime.datetime(2026, 7, 15, 12, tzinfo=LOCAL)


def checklist_url(participant) -> str:
    return reverse("competency:checklist", kwargs={"public_id": participant.public_id})


def filled(overrides=None, *, setting="practicum", observed_on="2026-07-01") -> dict:
    """A checklist: met with notes for every competency, then `overrides` (field -> value)."""
    data = {"setting": setting, "observed_on": observed_on}
    for competency in competencies():
        data[f"result_{competency.pk}"] = "met"
        data[f"evidence_{competency.pk}"] = f"Seen: {competency.name}"
    data.update(overrides or {})
    return data


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)


# --- The checklist -----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_instructor_fills_the_checklist_and_the_view_is_logged(client, now, participant, instructor):
    client.force_login(instructor)
    response = client.get(checklist_url(participant))
    page = response.content.decode()
    assert response.status_code == 200
    for competency in competencies():
        assert competency.name in page
    assert "Not observed this time" in page
    assert AccessLogEntry.objects.filter(
        viewer=instructor, subject=participant.user, record_kind=AccessLogEntry.RecordKind.PARTICIPANT
    ).exists()
    first, second, *_rest = competencies()
    data = filled({f"result_{second.pk}": "not_yet", f"evidence_{second.pk}": "Talked over her"})
    data[f"result_{first.pk}"], data[f"evidence_{first.pk}"] = "", ""  # not observed this time
    response = client.post(checklist_url(participant), data)
    assert response.status_code == 302 and response["Location"] == checklist_url(participant)
    assert CompetencyAssessment.objects.count() == 5
    assert not CompetencyAssessment.objects.filter(competency=first).exists()
    page = client.get(checklist_url(participant)).content.decode()
    assert "Thank you. 5 observations for Participant Cora are saved." in page
    # The history shows the assessor's name and the evidence, to staff.
    assert "Talked over her" in page and str(instructor) in page
    # Sent again (a double click): nothing new.
    client.post(checklist_url(participant), data)
    assert CompetencyAssessment.objects.count() == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ("no evidence", "evidence", "Please write what you observed"),
        ("notes without a result", "result", "Please choose met or not yet for these notes"),
        ({"observed_on": "2026-07-16"}, "observed_on", "cannot be in the future"),
        ({"observed_on": "2026-03-30"}, "observed_on", "during the program"),
        ({"setting": "intensive"}, "observed_on", "in the intensive week"),
        ({"observed_on": "1 July"}, "observed_on", "Please enter a date"),
        ({"setting": "online"}, "setting", "Please choose where you observed"),
        ("too long", "evidence", "at most"),
    ],
)
def test_errors_are_shown_next_to_their_row_and_everything_typed_is_kept(
    client, now, participant, program_staff, changes, field, message
):
    second = competencies()[1]
    special = {
        "no evidence": {f"evidence_{second.pk}": "  "},
        "notes without a result": {f"result_{second.pk}": ""},
        "too long": {f"evidence_{second.pk}": "x" * 2001},
    }
    data = filled(special[changes] if isinstance(changes, str) else changes)
    client.force_login(program_staff)
    response = client.post(checklist_url(participant), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Please check the answers marked below" in page
    field_id = {"evidence": f"id_evidence_{second.pk}", "result": f"id_result_{second.pk}"}.get(field, f"id_{field}")
    assert f'id="{field_id}' in page and 'aria-invalid="true"' in page
    # What was typed in the other rows is still there.
    assert f"Seen: {competencies()[0].name}" in page
    assert not CompetencyAssessment.objects.exists()


@pytest.mark.django_db
def test_an_empty_checklist_and_a_retired_competency_are_explained(client, now, participant, instructor):
    client.force_login(instructor)
    data = filled()
    for competency in competencies():
        data[f"result_{competency.pk}"], data[f"evidence_{competency.pk}"] = "", ""
    assert "at least one competency" in client.post(checklist_url(participant), data).content.decode()
    # A competency retired while the page was open (or made up) is refused, nothing saved.
    data = filled()
    Competency.objects.filter(pk=competencies()[0].pk).update(active=False)
    page = client.post(checklist_url(participant), data).content.decode()
    assert "not assessed now" in page
    data = filled({"result_999999": "met", "evidence_999999": "x"})
    assert "not assessed now" in client.post(checklist_url(participant), data).content.decode()
    assert not CompetencyAssessment.objects.exists()


@pytest.mark.django_db
def test_someone_who_withdrew_or_an_unknown_id_is_not_found(client, participant, instructor):
    client.force_login(instructor)
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    assert client.get(checklist_url(participant)).status_code == 404
    assert client.post(checklist_url(participant), filled()).status_code == 404


# --- The overview ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_overview_opens_on_the_cohort_in_progress_with_the_latest_results(
    client, now, participant, other_participant, instructor
):
    first, second, *_rest = competencies()
    observe(participant, instructor, {first: NOT_YET, second: MET}, observed_on=datetime.date(2026, 6, 1))
    observe(participant, instructor, {first: MET}, observed_on=datetime.date(2026, 7, 1))
    later = CohortFactory(year=2027)
    client.force_login(instructor)
    page = client.get(OVERVIEW).content.decode()
    assert "2026 cohort" in page and "Participant Cora" in page and "Participant Dee" in page
    assert checklist_url(participant) in page
    assert "2 of 6" in page and "0 of 6" in page
    assert "Not yet" not in page.split("<tbody>")[1]  # the June "not yet" was overtaken
    assert "Participant Cora" not in client.get(OVERVIEW, {"cohort": later.pk}).content.decode()
    # A bad choice falls back to the cohort chosen last (remembered), here the later one.
    for bad in ({"cohort": "x"}, {"cohort": "999999"}, {}):
        assert "Participant Cora" not in client.get(OVERVIEW, bad).content.decode()


@pytest.mark.django_db
def test_the_overview_costs_the_same_with_3_or_30_participants(client, program_staff, instructor):
    cohort = CohortFactory(year=2026)

    def add(count):
        users = User.objects.bulk_create(
            UserFactory.build(email=f"o{User.objects.count()}-{n}@example.org") for n in range(count)
        )
        people = Participant.objects.bulk_create(Participant(user=user, cohort=cohort) for user in users)
        CompetencyAssessment.objects.bulk_create(
            CompetencyAssessment(
                participant=person,
                competency=competency,
                assessor=instructor,
                setting="practicum",
                result=[MET, NOT_YET][(n + i) % 2],
                evidence="Seen",
                observed_on=datetime.date(2026, 7, 1 + n % 2),
            )
            for n, person in enumerate(people)
            for i, competency in enumerate(competencies())
            for _twice in range(2)
        )

    add(3)
    client.force_login(program_staff)
    counts = assert_queries_do_not_grow(client, [OVERVIEW, f"{OVERVIEW}?cohort={cohort.pk}"], lambda: add(27))
    print("overview queries:", counts)


@pytest.mark.django_db
def test_empty_states_for_staff(client, program_staff):
    client.force_login(program_staff)
    assert "There is no cohort yet" in client.get(OVERVIEW).content.decode()
    CohortFactory(year=2026)
    assert "nobody taking part now" in client.get(OVERVIEW).content.decode()
    Competency.objects.update(active=False)
    assert "No competencies are assessed" in client.get(OVERVIEW).content.decode()


# --- The participant's page ----------------------------------------------------------


@pytest.mark.django_db
def test_the_participant_sees_their_own_results_and_feedback_for_not_yet(
    client, participant, other_participant, instructor
):
    every = competencies()
    observe(participant, instructor, {every[0]: (MET, "Private words about a met"), every[1]: (NOT_YET, "Slow down")})
    observe(other_participant, instructor, {every[2]: (NOT_YET, "Feedback for Dee only")})
    client.force_login(participant.user)
    page = client.get(MINE).content.decode()
    assert "1 of 6 competencies met" in page
    assert "Slow down" in page and "Notes from your assessor" in page
    assert "Observed on July 1, 2026, Practicum." in page
    assert "Not observed yet" in page
    assert "Private words about a met" not in page
    assert "Feedback for Dee only" not in page
    # Nobody else's page can be asked for: there is no id to change, and staff pages are closed.
    assert client.get(f"{MINE}{other_participant.public_id}/").status_code == 404
    assert client.get(checklist_url(other_participant)).status_code == 403


@pytest.mark.django_db
def test_people_without_a_participation_see_a_calm_note(client, applicant, program_staff):
    for person in (applicant, program_staff):
        client.force_login(person)
        response = client.get(MINE)
        assert response.status_code == 200
        assert "once you are a participant of a cohort" in response.content.decode()


@pytest.mark.django_db
def test_the_participant_page_costs_the_same_with_few_or_many_observations(client, participant, instructor):
    observe(participant, instructor, {competencies()[0]: NOT_YET})
    client.force_login(participant.user)

    def grow():
        for day in range(2, 12):
            observe(
                participant, instructor, dict.fromkeys(competencies(), NOT_YET), observed_on=datetime.date(2026, 7, day)
            )

    assert_queries_do_not_grow(client, [MINE], grow)


@pytest.mark.django_db
def test_the_hours_page_links_to_observed_practice(client, participant, instructor):
    observed_practice_requirement(participant.cohort)
    every = competencies()
    observe(participant, instructor, {c: (MET if c != every[-1] else NOT_YET) for c in every})
    client.force_login(participant.user)
    page = client.get(reverse("requirements_tracking:mine")).content.decode()
    assert "5 of 6 competencies met" in page and f'href="{MINE}"' in page
