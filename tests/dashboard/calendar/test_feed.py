"""The private calendar feed (issue #21, "Calendars"): valid iCalendar read back with a
real parser, only the person's own items in neutral words, found by the hash of its token
only, private and out of search engines, and a fixed number of queries."""

import hashlib
import re

import icalendar
import pytest
from django.urls import reverse

from accounts.models import CalendarFeed
from cpse.logging import redact
from dashboard.calendar import data_rights
from dashboard.calendar.services import calendar_feed_reset
from tests.applications.factories import on_panel
from tests.dashboard.calendar import factories
from tests.factories import CohortFactory
from tests.queries import assert_queries_do_not_grow

NEUTRAL = {
    "CPSE training session",
    "CPSE training week",
    "CPSE exam open",
    "Check-in due",
    "Conversation with the program team",
    "Interview",
}
NEVER = ("traffick", "exploit", "survivor", "Participant Cora", "Participant Dee", "Listening well")
# An email address (a UID such as `...@cpse` has no dot after the @, and a random one may
# end in anyone's first letters, so look for whole addresses).
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(factories.NOW, tick=False)


def feed_url(user) -> str:
    return reverse("calendar:feed", args=[calendar_feed_reset(user=user)])


def read(client, url) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    for word in NEVER:
        assert word.lower() not in text.lower(), word
    assert not EMAIL.search(text)
    return icalendar.Calendar.from_ical(text)


def events(calendar) -> list:
    found = calendar.walk("VEVENT")
    for event in found:
        assert {"UID", "DTSTAMP", "DTSTART", "SUMMARY"} <= set(event.keys())
    return found


def summaries(calendar) -> list[str]:
    return sorted(str(event["SUMMARY"]) for event in events(calendar))


@pytest.fixture
def year(participant, other_participant, program_staff):
    """Both participants' cohort has two sessions and an exam; each has check-ins and an
    interview of her own."""
    factories.sessions(participant.cohort, 2)
    factories.exam(participant.cohort)
    factories.checkins(participant, 3)
    factories.checkins(other_participant, 5)
    mine = factories.interview(participant, by=program_staff, location="Room 4")
    theirs = factories.interview(other_participant, by=program_staff, location="Room 9")
    return mine, theirs


def test_a_participants_feed_is_valid_icalendar_with_her_own_items_only(client, participant, year):
    calendar = read(client, feed_url(participant.user))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert str(calendar["X-WR-CALNAME"]) == "CPSE calendar"
    assert summaries(calendar) == sorted(
        ["CPSE training session"] * 2
        + ["CPSE training week", "CPSE exam open", "Conversation with the program team"]
        + ["Check-in due"] * 3
    )
    text = calendar.to_ical().decode()
    assert "Room 4" in text and "Room 9" not in text  # her interview, not the other's


def test_the_intensive_week_is_whole_days_ending_the_day_after(client, participant, year):
    (week,) = [e for e in events(read(client, feed_url(participant.user))) if str(e["SUMMARY"]) == "CPSE training week"]
    cohort = participant.cohort
    assert week["DTSTART"].dt == cohort.intensive_start
    assert (week["DTEND"].dt - cohort.intensive_end).days == 1


def test_each_event_keeps_its_uid_so_calendars_update_it(client, participant, year):
    url = feed_url(participant.user)
    first = {str(e["UID"]) for e in events(read(client, url))}
    again = {str(e["UID"]) for e in events(read(client, url))}
    assert first == again and len(first) == len(events(read(client, url)))


def test_staff_get_their_panels_interviews_and_the_cohorts_dates(client, participant, program_staff, instructor, year):
    mine, theirs = year
    on_panel(mine, instructor)
    calendar = read(client, feed_url(instructor))
    found = summaries(calendar)
    assert found.count("Interview") == 1
    assert found.count("CPSE training session") == 2 and "CPSE exam open" in found
    assert "CPSE 2026: Graduation" in found and "CPSE 2026: In-person training intensive" in found
    assert "Check-in due" not in found
    text = calendar.to_ical().decode()
    assert "Room 4" in text and "Room 9" not in text


def test_an_interviewer_taken_off_the_panel_no_longer_has_the_interview(client, instructor, year):
    mine, _theirs = year
    on_panel(mine, instructor)
    mine.slot.assignments.update(removed_at=factories.NOW)
    assert "Interview" not in summaries(read(client, feed_url(instructor)))


def test_staff_do_not_get_cohorts_long_graduated(client, instructor, participant, year):
    CohortFactory(year=2020)
    found = summaries(read(client, feed_url(instructor)))
    assert not any(summary.startswith("CPSE 2020") for summary in found)


def test_someone_with_nothing_gets_an_empty_valid_calendar(client, sponsor):
    assert events(read(client, feed_url(sponsor))) == []


def test_the_feed_is_private_and_kept_out_of_search_engines(client, participant):
    response = client.get(feed_url(participant.user))
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]


def test_only_a_hash_of_the_token_is_stored(participant):
    token = calendar_feed_reset(user=participant.user)
    stored = CalendarFeed.objects.get(user=participant.user).token_hash
    assert token not in stored and stored == hashlib.sha256(token.encode()).hexdigest()


def test_a_new_token_ends_the_old_address(client, participant):
    old = feed_url(participant.user)
    new = feed_url(participant.user)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert CalendarFeed.objects.filter(user=participant.user).count() == 1


@pytest.mark.parametrize("wrong", ["not-a-token", "x" * 43, ""])
def test_a_wrong_token_is_404(client, participant, wrong):
    token = calendar_feed_reset(user=participant.user)
    url = reverse("calendar:feed", args=[token]).replace(token, wrong) if wrong else "/calendar/feed/.ics"
    assert client.get(url).status_code == 404


def test_a_near_miss_of_a_real_token_is_404(client, participant):
    token = calendar_feed_reset(user=participant.user)
    assert (
        client.get(reverse("calendar:feed", args=[token[:-1] + ("A" if token[-1] != "A" else "B")])).status_code == 404
    )


def test_a_deactivated_persons_feed_is_404(client, participant):
    url = feed_url(participant.user)
    participant.user.is_active = False
    participant.user.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404


def test_the_token_never_reaches_the_logs(participant):
    token = calendar_feed_reset(user=participant.user)
    line = f'"GET /calendar/feed/{token}.ics HTTP/1.1" 404'
    assert token not in redact(line) and "/calendar/feed/[token].ics" in redact(line)


def test_the_feed_costs_the_same_queries_with_more_events(client, participant, instructor, program_staff):
    participant_url, staff_url = feed_url(participant.user), feed_url(instructor)
    factories.sessions(participant.cohort, 3)
    factories.checkins(participant, 3)

    def grow():
        factories.sessions(participant.cohort, 27, title="More")
        factories.checkins(participant, 9, first=4)
        factories.exam(participant.cohort)
        on_panel(factories.interview(participant, by=program_staff), instructor)

    assert_queries_do_not_grow(client, [participant_url, staff_url], grow)


def test_my_data_says_when_the_address_was_made_and_erasure_ends_it(client, participant):
    url = feed_url(participant.user)
    exported = data_rights.export(participant.user)
    assert list(exported[0]) == ["calendar_address_made"]
    data_rights.erase(participant.user)
    assert client.get(url).status_code == 404
