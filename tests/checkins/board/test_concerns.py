"""Concerns for staff: on the board as soon as the check-in is sent, the concern page
(reason only), follow-up notes, closing with the follow-up note, reopening; the keyword list."""

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse

from checkins.models import Concern, ConcernFollowUp, ConcernKeyword
from tests.checkins.factories import placement_year
from tests.factories import ParticipantFactory
from tests.queries import assert_queries_do_not_grow

NOW = datetime.datetime(2026, 12, 1, 17, tzinfo=datetime.UTC)
BOARD = reverse("checkins_staff:board")
KEYWORDS = reverse("checkins_staff:keywords")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def concern(participant) -> Concern:
    checkin = placement_year(participant, submitted=1)[0]
    return Concern.objects.create(participant=participant, checkin=checkin, reason=Concern.Reason.ASKED_FOR_CONTACT)


def concern_url(name: str, concern: Concern) -> str:
    return reverse(f"checkins_staff:{name}", args=[concern.public_id])


def test_a_concern_is_on_the_board_in_the_same_request_as_the_send(client, participant, program_staff):
    checkin = placement_year(participant)[0]
    client.force_login(participant.user)
    answers = {"wellbeing": "3", "wants_contact": "yes", "contact_way": "phone", "go": "submit"}
    response = client.post(reverse("checkins:checkin", args=[checkin.public_id]), answers)
    assert response.status_code == 302
    client.force_login(program_staff)
    board = client.get(BOARD)
    first = board.context["page_obj"].object_list[0]
    assert first.user == participant.user and first.open_concerns == 1
    concern = Concern.objects.get(checkin=checkin)
    assert concern.reason == Concern.Reason.ASKED_FOR_CONTACT
    history = client.get(reverse("checkins_staff:participant", args=[participant.public_id]))
    assert concern_url("concern", concern) in history.text


CONCERNS = reverse("checkins_staff:concerns")


def test_the_open_concerns_page_lists_each_open_concern_oldest_first(client, program_staff, concern, participant):
    later = Concern.objects.create(
        participant=participant, checkin=concern.checkin, reason=Concern.Reason.KEYWORD, opened_at=NOW
    )
    closed = Concern.objects.create(
        participant=participant,
        checkin=concern.checkin,
        reason=Concern.Reason.LOW_WELLBEING,
        status=Concern.Status.CLOSED,
        closed_at=NOW,
    )
    client.force_login(program_staff)
    response = client.get(CONCERNS)
    assert list(response.context["page_obj"].object_list) == [concern, later]
    assert concern_url("concern", later) in response.text and concern_url("concern", closed) not in response.text
    assert "2 open concerns" in response.text


def test_no_open_concern(client, program_staff):
    client.force_login(program_staff)
    assert "No concern is open." in client.get(CONCERNS).text


def test_the_open_concerns_page_costs_the_same_for_3_and_30_concerns(client, program_staff):
    def concerns(count: int):
        for _ in range(count):
            checkin = placement_year(ParticipantFactory(), submitted=1)[0]
            Concern.objects.create(participant=checkin.participant, checkin=checkin, reason=Concern.Reason.MISSED)

    concerns(3)
    client.force_login(program_staff)
    assert_queries_do_not_grow(client, [CONCERNS], lambda: concerns(27))


def test_the_concern_page_shows_the_reason_not_the_answers(client, program_staff, concern):
    concern.checkin.work_going = "Private words"
    concern.checkin.save()
    client.force_login(program_staff)
    response = client.get(concern_url("concern", concern))
    assert response.status_code == 200
    assert "Asked to be contacted" in response.text and "Private words" not in response.text
    assert reverse("checkins_staff:participant", args=[concern.participant.public_id]) in response.text


def test_follow_up_notes_are_required_and_encrypted(client, program_staff, concern):
    client.force_login(program_staff)
    response = client.post(concern_url("concern_follow_up", concern), {"note": "  "})
    assert response.status_code == 200 and "This field is required." in response.text
    response = client.post(concern_url("concern_follow_up", concern), {"note": "Called her back at 3pm"})
    assert response.status_code == 302
    note = ConcernFollowUp.objects.get(concern=concern)
    assert note.author == program_staff and note.note == "Called her back at 3pm"
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM checkins_concernfollowup WHERE id = %s", [note.pk])
        assert "Called" not in cursor.fetchone()[0]
    assert "Called her back at 3pm" in client.get(concern_url("concern", concern)).text


def test_the_follow_up_note_closes_the_concern_in_one_step(client, program_staff, concern):
    client.force_login(program_staff)
    page = client.get(concern_url("concern", concern)).text
    # The note says it is required before anything is sent (and the browser asks for it).
    form = page[page.index(concern_url("concern_follow_up", concern)) :]
    assert "(required)" in form and " required" in form[: form.index("</textarea>")]
    assert "Save and close the concern" in form
    refused = client.post(concern_url("concern_follow_up", concern), {"note": " ", "then": "close"})
    assert refused.status_code == 200 and "This field is required." in refused.text
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN and not concern.follow_ups.exists()
    done = client.post(
        concern_url("concern_follow_up", concern), {"note": "Called; she is safe and has support", "then": "close"}
    )
    assert done.status_code == 302
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED and concern.closed_by == program_staff
    change = LogEntry.objects.get_for_object(concern).get(action=LogEntry.Action.UPDATE)
    assert change.actor == program_staff and "status" in change.changes_dict
    # One note: it is the follow-up and the closing note at once.
    assert [f.note for f in concern.follow_ups.all()] == ["Called; she is safe and has support"]
    assert "the concern is closed" in client.get(concern_url("concern", concern)).text
    assert client.get(BOARD).context["page_obj"].object_list[0].open_concerns == 0
    # Sent again (a double click): a message, nothing doubled.
    again = client.post(concern_url("concern_follow_up", concern), {"note": "twice", "then": "close"}, follow=True)
    assert "This concern is already closed." in again.text
    assert concern.follow_ups.count() == 1


def test_the_board_badge_links_to_the_concern_waiting_longest(client, program_staff, concern, participant):
    Concern.objects.create(
        participant=participant,
        checkin=concern.checkin,
        reason=Concern.Reason.KEYWORD,
        opened_at=concern.opened_at + datetime.timedelta(hours=1),
    )
    client.force_login(program_staff)
    board = client.get(BOARD).text
    assert f'href="{concern_url("concern", concern)}">2<' in board
    assert "open the concern about Participant Cora waiting longest" in board


def test_reopening_a_closed_concern(client, program_staff, concern):
    client.force_login(program_staff)
    client.post(concern_url("concern_follow_up", concern), {"note": "Done", "then": "close"})
    refused = client.post(concern_url("concern_reopen", concern), {"reopen-note": ""})
    assert refused.status_code == 200
    client.post(concern_url("concern_reopen", concern), {"reopen-note": "She wrote again"})
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN and concern.closed_at is None


def test_unknown_concern_is_404(client, program_staff):
    client.force_login(program_staff)
    assert (
        client.get(reverse("checkins_staff:concern", args=["00000000-0000-0000-0000-000000000007"])).status_code == 404
    )


def test_nobody_but_program_staff_sees_a_concern(client, concern, instructor, finance, sponsor, participant):
    for person in (instructor, finance, sponsor):
        client.force_login(person)
        assert client.get(concern_url("concern", concern)).status_code == 403
        assert client.get(BOARD).status_code == 403
    client.force_login(participant.user)
    assert client.get(concern_url("concern", concern)).status_code == 403


# --- Keywords -----------------------------------------------------------------------------


def test_staff_add_a_keyword(client, program_staff):
    client.force_login(program_staff)
    response = client.post(KEYWORDS, {"phrase": "  can't   cope "})
    assert response.status_code == 302
    assert ConcernKeyword.objects.get(phrase="can't cope").added_by == program_staff


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("", "This field is required."),
        ("UNSAFE", "already on the list"),
        ("x" * 81, "at most 80 characters"),
    ],
)
def test_a_refused_keyword_is_shown_with_what_was_typed(client, program_staff, phrase, message):
    client.force_login(program_staff)
    before = ConcernKeyword.objects.count()
    response = client.post(KEYWORDS, {"phrase": phrase})
    assert response.status_code == 200 and message in response.text
    assert f'value="{phrase}"' in response.text
    assert ConcernKeyword.objects.count() == before


def test_stop_and_start_looking_for_a_keyword(client, program_staff):
    client.force_login(program_staff)
    keyword = ConcernKeyword.objects.get(phrase="afraid")
    url = reverse("checkins_staff:keyword_active")
    assert client.post(url, {"keyword": keyword.pk, "active": "0"}).status_code == 302
    keyword.refresh_from_db()
    assert not keyword.active
    assert "Not looked out for" in client.get(KEYWORDS).text
    client.post(url, {"keyword": keyword.pk, "active": "1"})
    keyword.refresh_from_db()
    assert keyword.active
    assert client.post(url, {"keyword": "999999"}).status_code == 404
    assert client.post(url, {"keyword": "nope"}).status_code == 404
