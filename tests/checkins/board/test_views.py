"""The staff check-in board and a participant's history: who is on it, the order (open
concerns first), filters, the fixed query count, reading answers (logged) and marking a
check-in read."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from checkins.models import CheckIn, Concern, PlacementPause
from checkins.monthly import services
from cpse.audit.models import AccessLogEntry
from tests.checkins.factories import PlacementFactory, placement_year
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import assert_queries_do_not_grow

NOW = datetime.datetime(2026, 12, 1, 17, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 12, 1)
BOARD = reverse("checkins_staff:board")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def staff(client, program_staff):
    client.force_login(program_staff)
    return client


def names(response) -> list[str]:
    return [row.user.display_name for row in response.context["page_obj"].object_list]


def test_the_board_lists_people_in_their_placement_year_open_concerns_first(staff, participant, other_participant):
    placement_year(participant, start=datetime.date(2026, 9, 1), submitted=3)  # this month done
    placement_year(other_participant)  # check-in 1 due today
    calm = ParticipantFactory(user__display_name="Aaron Calm")
    placement_year(calm, start=datetime.date(2026, 9, 1), submitted=1)  # check-in 2 missed
    ParticipantFactory(user__display_name="No Placement")
    finished = ParticipantFactory(user__display_name="Finished Year")
    placement_year(finished, start=datetime.date(2024, 1, 1), submitted=12)
    response = staff.get(BOARD)
    assert response.status_code == 200
    assert names(response) == ["Aaron Calm", "Participant Dee", "Participant Cora"]

    checkin = CheckIn.objects.get(participant=participant, number=3)
    CheckIn.objects.filter(pk=checkin.pk).update(submitted_at=None)
    checkin.refresh_from_db()
    services.checkin_submit(checkin=checkin, answers={"wellbeing": "1"}, by=participant.user, today=TODAY)
    response = staff.get(BOARD)
    assert names(response)[0] == "Participant Cora"
    first = response.context["page_obj"].object_list[0]
    assert (first.open_concerns, first.done, first.month_status) == (1, 3, "done")
    assert first.placement_start == datetime.date(2026, 9, 1)


def test_someone_still_missing_check_ins_after_the_year_stays_on_the_board(staff, participant):
    placement_year(participant, start=datetime.date(2024, 1, 1), submitted=10)
    row = staff.get(BOARD).context["page_obj"].object_list[0]
    assert (row.done, row.missed, row.month_status) == (10, 2, "missed")


def test_before_the_first_check_in_is_due(staff, participant):
    placement_year(participant, start=datetime.date(2026, 11, 25))  # first due 1 Dec... moved on:
    CheckIn.objects.filter(participant=participant).update(due_on=datetime.date(2027, 1, 1))
    response = staff.get(BOARD)
    row = response.context["page_obj"].object_list[0]
    assert (row.month_status, row.month_number, row.month_due_on) == ("upcoming", 1, datetime.date(2027, 1, 1))
    assert "Not open yet" in response.text


def test_filters_by_cohort_and_status(staff, participant, other_participant):
    placement_year(participant, start=datetime.date(2026, 9, 1), submitted=3)
    placement_year(other_participant)
    later = ParticipantFactory(cohort=CohortFactory(year=2027), user__display_name="Later Cohort")
    placement_year(later)
    assert names(staff.get(BOARD, {"status": "due"})) == ["Later Cohort", "Participant Dee"]
    assert names(staff.get(BOARD, {"status": "done"})) == ["Participant Cora"]
    assert names(staff.get(BOARD, {"status": "concern"})) == []
    assert names(staff.get(BOARD, {"cohort": later.cohort.pk})) == ["Later Cohort"]
    response = staff.get(BOARD, {"status": "nonsense", "cohort": "x"})
    assert response.status_code == 200 and len(names(response)) == 3


def test_empty_board(staff):
    response = staff.get(BOARD)
    assert "Nobody is in their placement year yet" in response.text


def _people(count: int, start: int):
    for n in range(start, start + count):
        person = ParticipantFactory(user__display_name=f"Person {n:03d}")
        checkins = placement_year(person, start=datetime.date(2026, 9, 1), submitted=n % 3)
        if n % 4 == 0:
            Concern.objects.create(participant=person, checkin=checkins[0], reason=Concern.Reason.LOW_WELLBEING)


def test_the_board_costs_the_same_for_3_and_30_participants(staff):
    _people(3, 0)
    counts = assert_queries_do_not_grow(
        staff, [BOARD, f"{BOARD}?status=concern", f"{BOARD}?status=missed"], lambda: _people(27, 3)
    )
    assert counts[0] <= 12, counts


def test_the_board_pages(staff):
    _people(55, 0)
    first = staff.get(BOARD)
    second = staff.get(BOARD, {"page": 2})
    assert len(names(first)) == 50 and len(names(second)) == 5
    assert not set(names(first)) & set(names(second))
    assert "page=2" in first.text


# --- History ------------------------------------------------------------------------------


def history_url(participant) -> str:
    return reverse("checkins_staff:participant", args=[participant.public_id])


def test_the_history_shows_sent_answers_in_words_and_is_logged(staff, participant, program_staff):
    checkins = placement_year(participant)
    services.checkin_save(checkin=checkins[0], answers={"work_going": "A draft"}, by=participant.user, today=TODAY)
    response = staff.get(history_url(participant))
    assert response.status_code == 200
    assert "A draft" not in response.text  # a draft stays the person's own
    services.checkin_submit(
        checkin=checkins[0],
        answers={"work_going": "Sent words", "wellbeing": "2", "wants_contact": True, "contact_way": "text"},
        by=participant.user,
        today=TODAY,
    )
    response = staff.get(history_url(participant))
    assert "Sent words" in response.text and "Hard" in response.text and "Text message" in response.text
    assert "Low wellbeing" in response.text and "Asked to be contacted" in response.text
    logged = AccessLogEntry.objects.filter(viewer=program_staff, subject=participant.user)
    assert logged.count() == 2 and logged.first().record_kind == AccessLogEntry.RecordKind.CHECKINS


def test_the_history_costs_the_same_with_more_concerns_and_follow_ups(staff, participant, program_staff):
    checkins = placement_year(participant, submitted=1)
    Concern.objects.create(participant=participant, checkin=checkins[0], reason=Concern.Reason.LOW_WELLBEING)

    def grow():
        for checkin in checkins[1:7]:
            concern = Concern.objects.create(participant=participant, checkin=checkin, reason=Concern.Reason.KEYWORD)
            services.concern_follow_up_add(concern=concern, note="Called", by=program_staff)
        CheckIn.objects.filter(participant=participant).update(submitted_at=NOW, wellbeing="3")

    assert_queries_do_not_grow(staff, [history_url(participant)], grow)


def test_unknown_participant_is_404(staff):
    assert (
        staff.get(reverse("checkins_staff:participant", args=["00000000-0000-0000-0000-000000000009"])).status_code
        == 404
    )


def test_mark_a_check_in_read(staff, participant, program_staff):
    checkins = placement_year(participant, submitted=1)
    url = reverse("checkins_staff:checkin_reviewed", args=[checkins[0].public_id])
    response = staff.post(url)
    assert response.status_code == 302 and response["Location"].endswith("#checkin-1")
    checkins[0].refresh_from_db()
    assert checkins[0].reviewed_by == program_staff and checkins[0].reviewed_at
    staff.post(reverse("checkins_staff:checkin_reviewed", args=[checkins[1].public_id]))  # not sent: refused
    checkins[1].refresh_from_db()
    assert checkins[1].reviewed_at is None


def test_a_placement_without_check_ins_yet_is_on_the_board(staff, participant):
    PlacementFactory(participant=participant)
    row = staff.get(BOARD).context["page_obj"].object_list[0]
    assert (row.done, row.month_status) == (0, "upcoming")


def test_a_paused_year_is_neither_due_nor_missed(staff, client, participant):
    checkins = placement_year(participant, start=datetime.date(2026, 9, 1), submitted=1)
    PlacementPause.objects.create(participant=participant, starts_on=datetime.date(2026, 10, 15))
    row = staff.get(BOARD).context["page_obj"].object_list[0]
    assert (row.missed, row.month_status) == (0, "paused")
    assert names(staff.get(BOARD, {"status": "paused"})) == ["Participant Cora"]
    client.force_login(participant.user)
    page = client.get(reverse("checkins:mine")).context["page"]
    assert [row.status for row in page.rows[:3]] == ["done", "paused", "paused"]
    assert reverse("checkins:checkin", args=[checkins[1].public_id]) not in client.get(reverse("checkins:mine")).text
