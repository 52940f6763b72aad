"""A check-in waiting on an open pause of the placement year cannot be saved or sent, even
by a POST straight to its address; the page says so calmly instead of showing the form."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from checkins.monthly import services
from checkins.placement.services import pause_end, pause_start
from tests.checkins.factories import placement_year

# Check-in 1 (placement from 1 November 2026) is due on 1 December 2026.
NOW = datetime.datetime(2026, 12, 1, 17, tzinfo=datetime.UTC)
PAUSED = "Your check-ins are paused. The program team will let you know when they start again."
ANSWERS = {
    "work_going": "Learning the intake process",
    "wellbeing": "4",
    "boundaries": "Phone off after 7",
    "supervision": "regular",
    "support_wanted": "",
    "wants_contact": "no",
    "contact_way": "",
    "contact_note": "",
}
# As the form hands them to the services.
SERVICE_ANSWERS = {**ANSWERS, "wants_contact": False}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def first(participant):
    return placement_year(participant)[0]


@pytest.fixture
def paused(participant, program_staff, first):
    return pause_start(participant=participant, starts_on=datetime.date(2026, 11, 25), by=program_staff)


def url(name, checkin):
    return reverse(f"checkins:{name}", args=[checkin.public_id])


@pytest.mark.parametrize("service", [services.checkin_save, services.checkin_submit])
def test_the_services_refuse_a_paused_check_in(participant, first, paused, service):
    with pytest.raises(services.CheckInError, match="^Your check-ins are paused") as refused:
        service(checkin=first, answers=SERVICE_ANSWERS, by=participant.user)
    assert refused.value.code == "paused"
    first.refresh_from_db()
    assert first.submitted_at is None and first.started_at is None and first.work_going == ""


def test_a_pause_that_starts_after_the_due_date_does_not_hold_it_back(participant, program_staff, first):
    pause_start(participant=participant, starts_on=datetime.date(2026, 12, 2), by=program_staff)
    services.checkin_submit(checkin=first, answers=SERVICE_ANSWERS, by=participant.user)
    first.refresh_from_db()
    assert first.submitted_at is not None


def test_after_the_pause_ends_the_check_in_can_be_sent(participant, program_staff, first, paused):
    pause_end(participant=participant, ends_on=datetime.date(2026, 11, 28), by=program_staff)
    first.refresh_from_db()
    with time_machine.travel(datetime.datetime(2026, 12, 4, 17, tzinfo=datetime.UTC), tick=False):
        services.checkin_submit(checkin=first, answers=SERVICE_ANSWERS, by=participant.user)
    first.refresh_from_db()
    assert first.submitted_at is not None


def test_the_page_shows_the_pause_instead_of_the_form(client, participant, first, paused):
    client.force_login(participant.user)
    response = client.get(url("checkin", first))
    assert response.status_code == 200
    assert PAUSED in response.text
    assert 'name="go"' not in response.text and "What you wrote" not in response.text


def test_a_direct_post_is_refused_and_gives_back_what_was_typed(client, participant, first, paused):
    client.force_login(participant.user)
    for go in ("submit", "later"):
        response = client.post(url("checkin", first), {**ANSWERS, "go": go})
        assert response.status_code == 409
        assert PAUSED in response.text
        # Nothing typed is lost: it is on the page to copy.
        assert "Learning the intake process" in response.text and "Phone off after 7" in response.text
    first.refresh_from_db()
    assert first.submitted_at is None and first.work_going == ""


def test_autosave_is_refused_with_the_calm_message(client, participant, first, paused):
    client.force_login(participant.user)
    response = client.post(url("save", first), {"work_going": "Half a thought"})
    assert response.status_code == 400  # not 409: that would reload the page and lose the typing
    assert response.json() == {"saved": False, "message": PAUSED}
    first.refresh_from_db()
    assert first.work_going == ""


def test_someone_else_still_gets_a_404(client, other_participant, first, paused):
    client.force_login(other_participant.user)
    assert client.get(url("checkin", first)).status_code == 404
    assert client.post(url("checkin", first), ANSWERS).status_code == 404
