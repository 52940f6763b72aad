"""The participant's check-in pages: the list, the form (saved as it goes, with and without
JavaScript), sending once, the thank-you page; someone else's check-in is a 404."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from checkins.models import CheckIn, Concern
from tests.checkins.factories import placement_year
from tests.queries import assert_queries_do_not_grow

# Noon in New York on check-in 1's due date (placement from 1 November 2026).
NOW = datetime.datetime(2026, 12, 1, 17, tzinfo=datetime.UTC)
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


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def year(participant) -> list[CheckIn]:
    return placement_year(participant)


@pytest.fixture
def signed_in(client, participant):
    client.force_login(participant.user)
    return client


def url(name, checkin):
    return reverse(f"checkins:{name}", args=[checkin.public_id])


def test_before_a_placement_the_list_is_a_calm_empty_state(signed_in):
    response = signed_in.get(reverse("checkins:mine"))
    assert response.status_code == 200
    assert "When you start your placement, your monthly check-ins will appear here" in response.text


def test_the_list_shows_where_each_check_in_stands(signed_in, participant):
    checkins = placement_year(participant, start=datetime.date(2026, 9, 1), submitted=1)
    response = signed_in.get(reverse("checkins:mine"))
    assert "1 of 12 done" in response.text
    rows = {row.checkin.number: row.status for row in response.context["page"].rows}
    # Due 1 Oct (sent), 1 Nov (over 14 days late: missed), 1 Dec (due now), then coming up.
    assert (rows[1], rows[2], rows[3], rows[4]) == ("done", "missed", "due", "upcoming")
    assert url("checkin", checkins[2]) in response.text
    assert url("checkin", checkins[5]) not in response.text  # not open yet: no link
    assert "A missed check-in can still be sent" in response.text


def test_the_list_costs_the_same_with_more_check_ins(signed_in, participant):
    assert_queries_do_not_grow(signed_in, [reverse("checkins:mine")], lambda: placement_year(participant, submitted=3))


def test_the_form_prefills_the_safe_way_to_reach_them(signed_in, participant, year):
    participant.user.safe_contact = "text"
    participant.user.safe_contact_note = "Not before noon"
    participant.user.save()
    response = signed_in.get(url("checkin", year[0]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["contact_way"].value() == "text" and form["contact_note"].value() == "Not before noon"
    assert 'value="5"' in response.text and "Very good" in response.text
    assert "A missed check-in" not in signed_in.get(reverse("checkins:mine")).text


def test_someone_elses_check_in_is_not_found(client, other_participant, year):
    client.force_login(other_participant.user)
    for name in ("checkin", "thanks"):
        assert client.get(url(name, year[0])).status_code == 404
    assert client.post(url("checkin", year[0]), ANSWERS).status_code == 404
    assert client.post(url("save", year[0]), ANSWERS).status_code == 404
    year[0].refresh_from_db()
    assert not year[0].started_at


def test_a_check_in_not_open_yet_sends_them_back_to_the_list(signed_in, year):
    response = signed_in.get(url("checkin", year[1]))
    assert response.status_code == 302 and response["Location"] == reverse("checkins:mine")
    response = signed_in.post(url("checkin", year[1]), ANSWERS)
    assert response.status_code == 302
    assert signed_in.post(url("save", year[1]), ANSWERS).status_code == 400
    year[1].refresh_from_db()
    assert not year[1].submitted_at and not year[1].started_at


def test_autosave_keeps_answers_and_answers_204(signed_in, year):
    response = signed_in.post(url("save", year[0]), {"work_going": "Half a thought"})
    assert response.status_code == 204
    year[0].refresh_from_db()
    assert year[0].work_going == "Half a thought" and year[0].started_at and not year[0].submitted_at
    response = signed_in.get(url("checkin", year[0]))
    assert "Half a thought" in response.text


def test_autosave_refuses_bad_input_with_a_message(signed_in, year):
    response = signed_in.post(url("save", year[0]), {"wellbeing": "9", "work_going": "x"})
    assert response.status_code == 400 and response.json()["saved"] is False
    year[0].refresh_from_db()
    assert year[0].work_going == ""


def test_save_and_finish_later_without_javascript(signed_in, year):
    response = signed_in.post(url("checkin", year[0]), {**ANSWERS, "wellbeing": "", "go": "later"})
    assert response.status_code == 302 and response["Location"] == reverse("checkins:mine")
    year[0].refresh_from_db()
    assert year[0].boundaries == "Phone off after 7" and not year[0].submitted_at


def test_sending_goes_to_the_thank_you_page(signed_in, year, settings):
    response = signed_in.post(url("checkin", year[0]), {**ANSWERS, "go": "submit"}, follow=True)
    assert response.redirect_chain[-1][0] == url("thanks", year[0])
    assert "Thank you for checking in" in response.text
    assert settings.PROGRAM_CONTACT_EMAIL in response.text
    year[0].refresh_from_db()
    assert year[0].submitted_at and year[0].wellbeing == "4"


def test_a_refused_send_shows_the_error_and_keeps_what_was_typed(signed_in, year):
    response = signed_in.post(url("checkin", year[0]), {**ANSWERS, "wellbeing": "", "work_going": "Kept words"})
    assert response.status_code == 400
    assert "Please choose how you are doing overall." in response.text
    assert "Kept words" in response.text
    response = signed_in.post(url("checkin", year[0]), {**ANSWERS, "wellbeing": "7"})
    assert response.status_code == 400 and response.context["form"].errors["wellbeing"]
    response = signed_in.post(url("checkin", year[0]), {**ANSWERS, "wants_contact": "yes", "contact_way": ""})
    assert response.status_code == 400 and response.context["form"].errors["contact_way"]
    year[0].refresh_from_db()
    assert not year[0].submitted_at


def test_a_double_send_makes_one_check_in_and_one_concern(signed_in, year):
    answers = {**ANSWERS, "wellbeing": "1"}
    first = signed_in.post(url("checkin", year[0]), answers)
    second = signed_in.post(url("checkin", year[0]), {**answers, "wellbeing": "5"})
    assert first["Location"] == second["Location"] == url("thanks", year[0])
    year[0].refresh_from_db()
    assert year[0].wellbeing == "1"
    assert Concern.objects.filter(checkin=year[0]).count() == 1


def test_a_sent_check_in_is_read_only_for_its_owner(signed_in, year):
    signed_in.post(url("checkin", year[0]), {**ANSWERS, "wellbeing": "2"})
    response = signed_in.get(url("checkin", year[0]))
    assert response.status_code == 200
    assert 'name="go"' not in response.text and url("save", year[0]) not in response.text
    assert "Hard" in response.text and "Learning the intake process" in response.text
    response = signed_in.post(url("save", year[0]), {"work_going": "changed"})
    assert response.status_code == 409
    year[0].refresh_from_db()
    assert year[0].work_going == "Learning the intake process"


def test_the_thank_you_page_waits_for_the_send(signed_in, year):
    response = signed_in.get(url("thanks", year[0]))
    assert response.status_code == 302 and response["Location"] == url("checkin", year[0])


def test_answers_never_reach_the_logs(signed_in, year, caplog):
    caplog.set_level("DEBUG")
    signed_in.post(url("checkin", year[0]), {**ANSWERS, "wellbeing": "1", "work_going": "A secret sentence"})
    assert "A secret sentence" not in caplog.text
