"""Supervision pages: the participant's contract and log, the supervisor's link and
signed-in page (terms and a display name only, never reflections), staff's page (with
reflections, logged), and the supervision indicator on the check-in board."""

import datetime

import pytest
from django.urls import reverse

from checkins.models import SupervisionContract, SupervisionSession
from checkins.supervision import services
from cpse.audit.models import AccessLogEntry
from cpse.notify.models import Notification
from requirements_tracking.practicum.services import practicum_set
from tests.checkins.factories import placement_year
from tests.checkins.supervision.test_services import agreed_contract, contract_link_token, log, propose, terms
from tests.factories import ParticipantFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

NOW = datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC)
TODAY = NOW.date()
MINE = reverse("supervision:mine")
PRACTICUM = SupervisionContract.Setting.PRACTICUM
PLACEMENT = SupervisionContract.Setting.PLACEMENT
REFLECTION = "I noticed my own story coming up."


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def me(client, participant):
    client.force_login(participant.user)
    return client


@pytest.fixture
def staff(client, program_staff):
    client.force_login(program_staff)
    return client


def contract_url(setting=PRACTICUM) -> str:
    return reverse("supervision:contract", args=[setting])


def form_data(**changes) -> dict:
    return {**terms(), "agree": "on", **changes}


# --- The participant ---------------------------------------------------------------------


def test_the_page_shows_both_settings_and_an_empty_log(me):
    response = me.get(MINE)
    assert response.status_code == 200
    assert "Practicum" in response.text and "Placement year" in response.text
    assert response.text.count("Write a supervision contract") == 2
    assert "No sessions logged yet." in response.text


def test_someone_without_a_participation_gets_a_kind_note(client, applicant):
    client.force_login(applicant)
    assert "once you are a participant" in client.get(MINE).text
    assert client.get(contract_url()).status_code == 404


def test_the_contract_form_is_prefilled_with_the_practicum_supervisor(me, participant):
    practicum_set(
        participant=participant, host_agency="Harbor House", supervisor_name="Sam Rivera", supervisor_email="s@h.org"
    )
    response = me.get(contract_url())
    assert 'value="Sam Rivera"' in response.text and 'value="s@h.org"' in response.text
    assert "I never share details that could identify the people I support." in response.text


def test_proposing_and_agreeing_sends_the_supervisor_a_link(me, participant):
    response = me.post(contract_url(), form_data(), follow=True)
    assert "we will email your supervisor a private link" in response.text
    assert "Waiting for the supervisor" in response.text
    contract = SupervisionContract.objects.get()
    assert contract.participant == participant and contract.participant_agreed_at == NOW
    # No email of its own: the supervisor's daily list tells them (checkins.supervisor_digest).
    assert not Notification.objects.filter(to_email="sam@harbor.example.org").exists()


def test_a_draft_then_agree(me):
    response = me.post(contract_url(), form_data(agree=""), follow=True)
    assert "Your draft contract is saved" in response.text and "Draft" in response.text
    me.post(reverse("supervision:agree", args=[PRACTICUM]))
    assert SupervisionContract.objects.get().participant_agreed_at == NOW


def test_bad_input_keeps_what_was_typed(me):
    response = me.post(
        contract_url(), form_data(supervisor_email="not an email", expectations="My own words", session_minutes="5")
    )
    assert response.status_code == 200
    assert "Please enter an email address" in response.text and "at least 15 minutes" in response.text
    assert "My own words" in response.text and 'value="not an email"' in response.text
    assert not SupervisionContract.objects.exists()


def test_an_unknown_setting_is_not_found(me):
    assert me.get(contract_url("holiday")).status_code == 404


def test_resend_from_the_page(me, participant):
    propose(participant)
    response = me.post(reverse("supervision:resend", args=[PRACTICUM]), follow=True)
    assert "We sent your supervisor a new link" in response.text
    assert Notification.objects.filter(kind="supervisor_digest", to_email="sam@harbor.example.org").count() == 1


def test_logging_before_both_agreed_goes_back_with_a_clear_message(me, participant):
    propose(participant)
    response = me.get(reverse("supervision:log", args=[PRACTICUM]), follow=True)
    assert "Sessions can be logged once your supervision contract is agreed" in response.text
    response = me.post(
        reverse("supervision:log", args=[PRACTICUM]), {"held_on": "2026-05-10", "minutes": "50", "topics": ["skills"]}
    )
    assert response.status_code == 302 and not SupervisionSession.objects.exists()


def test_logging_a_session(me, participant):
    agreed_contract(participant)
    url = reverse("supervision:log", args=[PRACTICUM])
    response = me.post(url, {"held_on": "2026-05-12", "minutes": "50", "topics": ["skills"], "reflection": REFLECTION})
    assert "The date cannot be in the future." in response.text and REFLECTION in response.text
    response = me.post(
        url, {"held_on": "2026-05-09", "minutes": "50", "topics": ["skills"], "reflection": REFLECTION}, follow=True
    )
    assert "The date is before this supervision contract was written" in response.text
    response = me.post(
        url, {"held_on": "2026-05-10", "minutes": "50", "topics": ["skills"], "reflection": REFLECTION}, follow=True
    )
    assert "Your supervision session is logged." in response.text and "Skills and learning" in response.text
    assert REFLECTION not in response.text  # the list never shows reflections
    assert SupervisionSession.objects.get().reflection == REFLECTION


def test_changing_and_deleting_with_confirmation(me, participant):
    agreed_contract(participant)
    session = log(participant)
    edit = reverse("supervision:edit", args=[session.public_id])
    assert "I said no kindly." in me.get(edit).text
    me.post(edit, {"held_on": "2026-05-10", "minutes": "30", "topics": ["team"], "reflection": ""})
    session.refresh_from_db()
    assert (session.minutes, session.topics) == (30, ["team"])
    delete = reverse("supervision:delete", args=[session.public_id])
    assert "This cannot be undone." in me.get(delete).text
    assert SupervisionSession.objects.exists()
    me.post(delete)
    assert not SupervisionSession.objects.exists()


def test_someone_elses_session_is_not_found(client, participant, other_participant):
    agreed_contract(participant)
    session = log(participant)
    client.force_login(other_participant.user)
    assert client.get(reverse("supervision:edit", args=[session.public_id])).status_code == 404
    assert client.post(reverse("supervision:delete", args=[session.public_id])).status_code == 404
    assert SupervisionSession.objects.exists()


def test_the_log_pages_and_costs_the_same_for_3_and_30_sessions(me, participant):
    agreed_contract(participant)
    for _ in range(3):
        log(participant)
    assert_queries_do_not_grow(me, [MINE], lambda: [log(participant) for _ in range(27)])
    for _ in range(25):
        log(participant)
    response = me.get(MINE)
    assert len(response.context["page_obj"].object_list) == 50 and "page=2" in response.text


# --- The supervisor ------------------------------------------------------------------------


def test_the_link_shows_the_terms_and_a_display_name_only(client, participant):
    contract = propose(participant, expectations="Come prepared with questions")
    link = reverse("supervision:link", args=[contract_link_token(contract)])
    response = client.get(link)
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert "Participant Cora" in response.text and "Come prepared with questions" in response.text
    assert participant.user.email not in response.text
    assert client.post(reverse("supervision:link_agree", args=[contract_link_token(contract)])).status_code == 200
    contract.refresh_from_db()
    assert contract.agreed


def test_used_expired_and_made_up_links_get_the_same_calm_page(client, participant, time_machine):
    used = propose(participant)
    used_token = contract_link_token(used)
    services.supervision_contract_supervisor_agree(contract=used, token=used_token)
    waiting = propose(participant, setting=PLACEMENT, supervisor_email="lee@p.org")
    waiting_token = contract_link_token(waiting)
    made_up = client.get(reverse("supervision:link", args=["not-a-token"]))
    again = client.get(reverse("supervision:link", args=[used_token]))
    time_machine.move_to(NOW + datetime.timedelta(days=31), tick=False)
    expired = client.get(reverse("supervision:link", args=[waiting_token]))
    expired_post = client.post(reverse("supervision:link_agree", args=[waiting_token]))
    for response in (made_up, again, expired, expired_post):
        assert response.status_code == 404
        assert "This link is not available" in response.text and "Cora" not in response.text
    waiting.refresh_from_db()
    assert not waiting.supervisor_agreed_at


def test_a_supervisor_with_an_account_agrees_signed_in(client, participant):
    supervisor = UserFactory(email="sam@harbor.example.org")
    contract = propose(participant)
    client.force_login(supervisor)
    page = client.get(reverse("supervision:supervise"))
    assert "Participant Cora" in page.text and contract.expectations in page.text
    response = client.post(reverse("supervision:supervise_agree", args=[contract.public_id]), follow=True)
    assert "You agreed to the supervision contract with Participant Cora." in response.text
    contract.refresh_from_db()
    assert contract.agreed


def test_someone_else_signed_in_cannot_agree(client, participant):
    contract = propose(participant)
    client.force_login(UserFactory())
    assert "No supervision contract is waiting for you." in client.get(reverse("supervision:supervise")).text
    assert client.post(reverse("supervision:supervise_agree", args=[contract.public_id])).status_code == 404


# --- Program staff ----------------------------------------------------------------------


def test_staff_read_contracts_and_reflections_and_the_view_is_logged(staff, participant, program_staff):
    agreed_contract(participant)
    log(participant, reflection=REFLECTION)
    propose(participant, frequency="monthly")  # replaces the first: both kept
    response = staff.get(reverse("supervision:staff_participant", args=[participant.public_id]))
    assert REFLECTION in response.text and response.text.count("Replaced") == 1
    assert AccessLogEntry.objects.filter(viewer=program_staff, subject=participant.user).count() == 1


def test_staff_send_a_new_link(staff, participant):
    contract = propose(participant)
    response = staff.post(reverse("supervision:staff_resend", args=[contract.public_id]), follow=True)
    assert "A new link went to sam@harbor.example.org." in response.text
    assert Notification.objects.filter(kind="supervisor_digest", to_email="sam@harbor.example.org").count() == 1


def test_staff_page_costs_the_same_for_3_and_30_sessions(staff, participant):
    agreed_contract(participant)
    for _ in range(3):
        log(participant)
    url = reverse("supervision:staff_participant", args=[participant.public_id])
    assert_queries_do_not_grow(staff, [url], lambda: [log(participant) for _ in range(27)])


# --- The check-in board -------------------------------------------------------------------


BOARD = reverse("checkins_staff:board")


def test_the_board_shows_the_supervision_gap(client, program_staff, participant, other_participant, time_machine):
    placement_year(participant, start=datetime.date(2026, 4, 1))
    placement_year(other_participant, start=datetime.date(2026, 4, 1))
    agreed_contract(participant, PLACEMENT)
    log(participant, PLACEMENT)
    time_machine.move_to(NOW + datetime.timedelta(days=10), tick=False)
    client.force_login(program_staff)
    text = " ".join(client.get(BOARD).text.split())
    assert "Last supervision 10 days ago (agreed every week)" in text and "Gap: 3 days" in text
    assert "No agreed contract" in text


def test_the_board_costs_the_same_with_more_contracts_and_sessions(staff):
    def people(count):
        for _ in range(count):
            person = ParticipantFactory()
            placement_year(person, start=datetime.date(2026, 4, 1))
            agreed_contract(person, PLACEMENT, supervisor_email=f"s{person.pk}@agency.example.org")
            log(person, PLACEMENT)

    people(3)
    assert_queries_do_not_grow(staff, [BOARD], lambda: people(12))


def test_staff_cannot_resend_for_an_agreed_contract(staff, participant):
    contract = agreed_contract(participant)
    response = staff.post(reverse("supervision:staff_resend", args=[contract.public_id]), follow=True)
    # Worded for staff: it is not their supervisor.
    assert "The supervisor has already agreed to this contract, so no new link is needed." in response.text
    assert "Your supervisor" not in response.text
    assert not Notification.objects.filter(kind="supervisor_digest").exists()
