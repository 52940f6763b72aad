"""The supervisor's list page: by the emailed link or signed in, everything waiting for
that supervisor and nothing of anyone else's; two answers from one email; refusals next
to the entry with what was typed; a fixed number of queries; staff's longest waiting."""

import datetime

import pytest
from django.urls import reverse

from requirements_tracking.models import HourEntry
from requirements_tracking.practicum.services import supervisor_confirmation_decide
from tests.checkins.supervisor_digest.test_services import (
    NOW,
    SAM,
    TODAY,
    contract_waiting,
    emails_to,
    list_path,
    log_hours,
    on_day,
    send,
    supervised_by,
)
from tests.factories import ParticipantFactory
from tests.queries import assert_queries_do_not_grow

S = HourEntry.Status


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


def emailed_list(email=SAM) -> str:
    send(NOW)
    return list_path(emails_to(email).last())


def answer_url(path: str, entry) -> str:
    return f"{path}hours/{entry.public_id}/"


@pytest.mark.django_db
def test_the_page_lists_everything_waiting_and_two_answers_from_one_email(client, participant, other_participant):
    supervised_by(participant)
    supervised_by(other_participant, email="SAM@harbor.example.org")
    first = log_hours(participant, "2.25")
    second = log_hours(other_participant, "3")
    contract = contract_waiting(participant)
    path = emailed_list()

    page = client.get(path)
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    text = " ".join(page.text.split())
    for shown in ("Participant Cora · Harbor House", "Participant Dee · Harbor House", "2.25 hours", "3 hours"):
        assert shown in text, shown
    assert "We meet and both come prepared." in text  # the contract's terms
    assert "Very private words" not in text  # never the reflection

    response = client.post(answer_url(path, first), {"decision": "confirm"}, follow=True)
    assert "You confirmed Participant Cora" in response.text
    response = client.post(
        answer_url(path, second), {"decision": "decline", "comment": "Not on that day."}, follow=True
    )
    assert "went back with your words" in response.text
    response = client.post(f"{path}contracts/{contract.public_id}/", follow=True)
    assert "You agreed to the supervision contract with Participant Cora" in response.text
    assert response.redirect_chain[-1][0] == path

    first.refresh_from_db(), second.refresh_from_db(), contract.refresh_from_db()
    assert (first.status, second.status) == (S.APPROVED, S.RETURNED)
    assert first.reviewed_by is None and contract.agreed
    text = " ".join(client.get(path).text.split())
    assert "No practicum hours are waiting for you" in text and "No supervision contract is waiting for you" in text


@pytest.mark.django_db
def test_a_second_answer_to_the_same_entry_is_refused_calmly(client, participant):
    supervised_by(participant)
    entry = log_hours(participant)
    path = emailed_list()
    client.post(answer_url(path, entry), {"decision": "confirm"})
    response = client.post(answer_url(path, entry), {"decision": "decline", "comment": "No"}, follow=True)
    assert "already been answered" in response.text
    entry.refresh_from_db()
    assert entry.status == S.APPROVED


@pytest.mark.django_db
def test_declining_needs_a_comment_shown_next_to_the_entry_with_what_was_typed(client, participant):
    supervised_by(participant)
    entry = log_hours(participant)
    path = emailed_list()
    response = client.post(answer_url(path, entry), {"decision": "decline", "comment": "   "})
    assert response.status_code == 400
    assert "Please write a few words, so the participant knows what to change." in response.text
    assert f'href="#hours-{entry.public_id}">Your answer was not saved.' in response.text  # summed up at the top
    assert f'id="comment-{entry.public_id}-error"' in response.text and '<details class="mt-2" open>' in response.text

    too_long = "Not quite right. " * 200
    response = client.post(answer_url(path, entry), {"decision": "decline", "comment": too_long})
    assert response.status_code == 400 and too_long.strip() in response.text
    assert "at most 2000 characters" in response.text
    response = client.post(answer_url(path, entry), {"decision": "maybe"})
    assert response.status_code == 400 and "Select a valid choice" in response.text
    entry.refresh_from_db()
    assert entry.status == S.SUBMITTED


@pytest.mark.django_db
def test_a_link_for_another_supervisor_shows_nothing_of_theirs(client, participant, other_participant):
    supervised_by(participant)
    supervised_by(other_participant, email="lee@agency.example.org", agency="Lee's Shelter")
    mine = log_hours(participant)
    theirs = log_hours(other_participant, "3")
    theirs_contract = contract_waiting(other_participant, email="lee@agency.example.org")
    path = emailed_list(SAM)

    text = " ".join(client.get(path).text.split())
    assert "Participant Cora" in text
    for hidden in ("Participant Dee", "Lee's Shelter", "Lee&#x27;s Shelter", "3 hours", "Stays between us"):
        assert hidden not in text, hidden
    assert client.post(answer_url(path, theirs), {"decision": "confirm"}).status_code == 404
    assert client.post(f"{path}contracts/{theirs_contract.public_id}/").status_code == 404
    theirs.refresh_from_db(), theirs_contract.refresh_from_db()
    assert theirs.status == S.SUBMITTED and not theirs_contract.supervisor_agreed_at
    assert client.post(answer_url(path, mine), {"decision": "confirm"}).status_code == 302


@pytest.mark.django_db
def test_made_up_replaced_and_expired_links_get_the_same_calm_page(client, participant):
    supervised_by(participant)
    entry = log_hours(participant)
    first = emailed_list()
    send(on_day(3))
    replaced = client.get(first)
    made_up = client.get("/supervising/not-a-token/")
    assert replaced.status_code == made_up.status_code == 404
    calm = "This link is not available any more."
    assert calm in replaced.text and calm in made_up.text
    assert client.post(answer_url(first, entry), {"decision": "confirm"}).status_code == 404
    entry.refresh_from_db()
    assert entry.status == S.SUBMITTED


@pytest.mark.django_db
def test_a_supervisor_with_an_account_answers_them_all_signed_in(client, participant, other_participant, sponsor):
    supervised_by(participant, email=sponsor.email)
    supervised_by(other_participant, email=sponsor.email)
    first, second = log_hours(participant), log_hours(other_participant)
    contract = contract_waiting(participant, email=sponsor.email)
    send(NOW)
    assert "/supervising/" in emails_to(sponsor.email).get().body.split("signing in")[-1]

    client.force_login(sponsor)
    page = client.get(reverse("supervisor_digest:mine"))
    assert "Participant Cora" in page.text and "Participant Dee" in page.text
    client.post(reverse("supervisor_digest:mine_hours", args=[first.public_id]), {"decision": "confirm"})
    client.post(reverse("supervisor_digest:mine_hours", args=[second.public_id]), {"decision": "confirm"})
    client.post(reverse("supervisor_digest:mine_contract", args=[contract.public_id]))
    first.refresh_from_db(), second.refresh_from_db(), contract.refresh_from_db()
    assert first.status == second.status == S.APPROVED and first.reviewed_by == sponsor
    assert contract.supervisor_agreed_at is not None


@pytest.mark.django_db
def test_someone_else_signed_in_finds_nothing(client, participant, sponsor_without_consent):
    supervised_by(participant, email="sponsor@example.org")
    entry = log_hours(participant)
    contract = contract_waiting(participant, email="sponsor@example.org")
    client.force_login(sponsor_without_consent)
    text = client.get(reverse("supervisor_digest:mine")).text
    assert "Participant Cora" not in text and "No practicum hours are waiting for you" in text
    url = reverse("supervisor_digest:mine_hours", args=[entry.public_id])
    assert client.post(url, {"decision": "confirm"}).status_code == 404
    assert client.post(reverse("supervisor_digest:mine_contract", args=[contract.public_id])).status_code == 404


@pytest.mark.django_db
def test_the_list_costs_the_same_for_3_and_30_items(client, participant, sponsor):
    def more(count):
        for _ in range(count):
            person = ParticipantFactory(cohort=participant.cohort)
            supervised_by(person, email=sponsor.email)
            log_hours(person)
            contract_waiting(person, email=sponsor.email)

    more(3)
    path = emailed_list(sponsor.email)
    assert_queries_do_not_grow(client, [path], lambda: more(27))
    client.force_login(sponsor)
    assert_queries_do_not_grow(client, [reverse("supervisor_digest:mine")], lambda: more(3))


# --- Program staff: what has waited longest -------------------------------------------------


STAFF_LIST = reverse("practicum:staff_list")


@pytest.mark.django_db
def test_staff_see_what_has_waited_longest_first(client, program_staff, participant, other_participant, time_machine):
    supervised_by(participant)
    supervised_by(other_participant)
    time_machine.move_to(NOW - datetime.timedelta(days=9), tick=False)
    oldest = log_hours(other_participant, "3", date=TODAY - datetime.timedelta(days=10))
    time_machine.move_to(NOW, tick=False)
    newest = log_hours(participant, "2.25")
    answered = log_hours(participant, "1", date=TODAY - datetime.timedelta(days=3))
    supervisor_confirmation_decide(confirmation=answered.supervisor_confirmations.get(), decision="confirm")
    client.force_login(program_staff)

    text = " ".join(client.get(STAFF_LIST).text.split())
    assert "Waiting since" in text and "May 1, 2026, 9 a.m. (America/New York time)" in text
    waiting = client.get(STAFF_LIST, {"sort": "waiting"})
    rows = waiting.text.split("<tr>")[2:]
    assert len(rows) == 2  # answered hours are not waiting
    assert "Participant Dee" in rows[0] and "Participant Cora" in rows[1]
    assert 'aria-current="page">Waiting longest first' in waiting.text
    assert str(oldest.date.day) in rows[0] and newest.hours == 2.25


@pytest.mark.django_db
def test_staff_list_sorted_by_waiting_costs_the_same_for_3_and_30(client, program_staff, participant):
    def more(count):
        for _ in range(count):
            person = ParticipantFactory(cohort=participant.cohort)
            supervised_by(person)
            log_hours(person)

    more(3)
    client.force_login(program_staff)
    assert_queries_do_not_grow(client, [f"{STAFF_LIST}?sort=waiting", STAFF_LIST], lambda: more(27))
