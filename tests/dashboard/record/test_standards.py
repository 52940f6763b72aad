"""The program standards on the participant record: code of ethics, readiness and pauses,
supervision, peer mentor, access needs, fee reductions and evaluation surveys. Each shows
a status, dates and a link to its own page; the private texts (readiness answers and
notes, a pause's plan, supervision reflections, the access note, a reduction's reason)
never reach the record, and the page costs the same with few or many rows."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import AccessNeeds
from checkins.models import SupervisionContract, SupervisionSession, Survey, SurveyInvitation
from cohorts.models import ProgramPause
from dashboard.record.selectors import TABS
from requirements_tracking.models import EthicsAcknowledgment, ReadinessAssessment
from sponsors.models import FeeReduction
from tests.dashboard.dashboard_fixtures import participant_with_everything
from tests.dashboard.record.fixtures import (
    PRIVATE,
    contract,
    ethics_code,
    participant_with_standards,
)
from tests.mentorship.factories import MeetingFactory, MentorshipFactory
from tests.queries import assert_queries_do_not_grow

A = ReadinessAssessment.Outcome


def record_url(participant, page: str = "standards") -> str:
    return reverse(f"participant_record:{page}", args=[participant.public_id])


def history_url(participant) -> str:
    return reverse("participant_record:history", args=[participant.public_id])


@pytest.fixture
def staff(client, program_staff):
    client.force_login(program_staff)
    return client


@pytest.mark.django_db
def test_the_standards_show_their_status_and_link_to_their_pages(staff, participant):
    today = timezone.localdate()
    ethics_code(participant, 1)
    EthicsAcknowledgment.objects.create(code=ethics_code(participant, 2), participant=participant)
    ethics_code(participant, 3)
    ReadinessAssessment.objects.create(
        stage=ReadinessAssessment.Stage.BEFORE_PRACTICUM,
        participant=participant,
        outcome=A.MORE_PREPARATION,
        staff_notes="READINESS-NOTE",
        assessed_at=timezone.now(),
    )
    ProgramPause.objects.create(
        participant=participant, plan="PAUSE-PLAN", started_on=today, return_on=today + datetime.timedelta(days=30)
    )
    placement = contract(participant, SupervisionContract.Setting.PLACEMENT, agreed=True)
    SupervisionSession.objects.create(
        contract=placement, held_on=today - datetime.timedelta(days=40), minutes=60, reflection="SUPERVISION-REFLECTION"
    )
    contract(participant, SupervisionContract.Setting.PRACTICUM, agreed=False)
    mentorship = MentorshipFactory(participant=participant, started_on=datetime.date(2026, 5, 1))
    MeetingFactory(mentorship=mentorship, minutes=45)
    MeetingFactory(mentorship=mentorship, minutes=30)
    AccessNeeds.objects.create(user=participant.user, extra_time=True, note="ACCESS-NOTE")
    FeeReduction.objects.create(
        participant=participant, kind=FeeReduction.Kind.SCHOLARSHIP, amount_cents=5_000, reason="REASON"
    )
    SurveyInvitation.objects.create(
        participant=participant, survey=Survey.END_OF_PROGRAM, opens_on=today, answered=True
    )
    SurveyInvitation.objects.create(participant=participant, survey=Survey.PLACEMENT_6, opens_on=today, declined=True)
    SurveyInvitation.objects.create(participant=participant, survey=Survey.PLACEMENT_12, opens_on=today)

    response = staff.get(record_url(participant))
    page = response.content.decode()
    for heading in ("Code of ethics", "Readiness and pauses", "Supervision", "Peer mentor", "Access needs"):
        assert f'-heading" class="h4">{heading}</h2>' in page
    assert "Version 3: not yet acknowledged" in page
    assert "Version 2, on " in page
    assert "More preparation recommended" in page
    assert "Paused since" in page
    current = {c.setting: c for c in response.context["record"].supervision_current}
    assert current[SupervisionContract.Setting.PLACEMENT].gap.gap_days == 40 - 31
    assert current[SupervisionContract.Setting.PRACTICUM].gap is None
    assert "not yet agreed by both." in page
    assert "9 days overdue" in page
    assert str(mentorship.mentor.user) in page
    assert "2 meetings logged, 75 minutes in all." in page
    assert "Extra time" in page and "more noted" in page
    assert staff.get(record_url(participant, "fees")).context["record"].balance.reduced == 5_000
    assert "End of the program: answered" in page
    assert "Six months into your placement: declined" in page
    assert "Twelve months into your placement: invited" in page
    for name, args in (
        ("readiness:staff_participant", [participant.public_id]),
        ("supervision:staff_participant", [participant.public_id]),
        ("mentorship:staff_detail", [mentorship.mentor.public_id]),
        ("access_needs:staff_edit", [participant.public_id]),
    ):
        assert reverse(name, args=args) in page, name
    for private in PRIVATE:
        assert private not in page
    assert "Readiness (Before the practicum): More preparation recommended" in [
        event.label for event in staff.get(record_url(participant, "timeline")).context["record"].timeline
    ]


@pytest.mark.django_db
def test_an_acknowledged_current_version_says_when(staff, participant):
    EthicsAcknowledgment.objects.create(
        code=ethics_code(participant, 1), participant=participant, acknowledged_at=timezone.now()
    )
    page = staff.get(record_url(participant)).content.decode()
    assert "Version 1, acknowledged on " in page


@pytest.mark.django_db
def test_the_timeline_says_what_happened_never_what_was_written(staff, participant):
    participant_with_standards(participant, rows=2)
    response = staff.get(record_url(participant, "timeline"), {"timeline": "all"})
    labels = [event.label for event in response.context["record"].timeline]
    assert labels.count("Code of ethics version 1 acknowledged") == 1
    assert labels.count("Readiness (Before the practicum): Ready, with support agreed") == 2
    assert labels.count("Program paused") == 2 and labels.count("Program resumed after a pause") == 2
    assert labels.count("Supervision contract agreed: Placement year") == 2
    assert sum(label.startswith("Paired with peer mentor") for label in labels) == 2
    page = response.content.decode()
    for private in PRIVATE:
        assert private not in page


@pytest.mark.django_db
def test_empty_standards_have_empty_states(staff, participant):
    page = staff.get(record_url(participant)).content.decode()
    for empty in (
        "No code of ethics has been published",
        "No readiness assessment yet.",
        "No supervision contract yet.",
        "No peer mentor at the moment.",
        "No access needs recorded.",
        "No survey invitation yet.",
    ):
        assert empty in page


@pytest.mark.django_db
def test_the_record_with_the_standards_costs_the_same_with_few_or_many_rows(staff, participant):
    participant_with_everything(participant, rows=1)
    participant_with_standards(participant, rows=1)

    def many():
        participant_with_everything(participant, rows=15)
        participant_with_standards(participant, rows=3)

    pages = [record_url(participant, tab.name) for tab in TABS]
    assert_queries_do_not_grow(
        staff, [*pages, record_url(participant, "timeline") + "?timeline=all", history_url(participant)], many
    )


@pytest.mark.django_db
def test_the_placement_year_read_from_the_records_rows_is_the_checkins_apps(staff, participant):
    from checkins.models import PlacementPause
    from checkins.placement import selectors

    participant_with_everything(participant, rows=3)
    PlacementPause.objects.create(participant=participant, starts_on=timezone.localdate(), reason="Time away")
    record = staff.get(record_url(participant, "placement")).context["record"]
    assert record.placement_year == selectors.placement_year(participant)
    assert record.placement_year.paused and record.placement_year.completed == 3


@pytest.mark.django_db
def test_the_gap_counts_for_the_placement_years_contract_as_on_the_board(staff, participant):
    contract(participant, SupervisionContract.Setting.PRACTICUM, agreed=True)
    contract(participant, SupervisionContract.Setting.PLACEMENT, agreed=True)
    current = staff.get(record_url(participant)).context["record"].supervision_current
    assert [c.setting for c in current] == [
        SupervisionContract.Setting.PLACEMENT,
        SupervisionContract.Setting.PRACTICUM,
    ]
    assert current[0].gap.gap_days == 60 - 31
    assert current[1].gap is None


@pytest.mark.django_db
def test_a_finished_practicums_contract_shows_no_gap_once_the_placement_year_began(staff, participant):
    """As on the board: the placement year's contract is in force, even before it is agreed."""
    contract(participant, SupervisionContract.Setting.PRACTICUM, agreed=True)
    contract(participant, SupervisionContract.Setting.PLACEMENT, agreed=False)
    current = staff.get(record_url(participant)).context["record"].supervision_current
    assert [c.gap for c in current] == [None, None]
