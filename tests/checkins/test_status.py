"""Where a check-in stands (`schedule.checkin_status`): the rule on its own, its SQL twin
for the staff board, and every page that shows it saying the same for the same check-in
on the same day (the participant's check-ins, their placement page, the staff board, the
progress chart), with the first gentle reminder on the day the pages start saying "Missed".

Defaults: a check-in opens 3 days before its due date (OPENS_DAYS_BEFORE) and is missed
CHECKIN_GRACE_DAYS (7) days after it."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from checkins.models import CheckIn, Placement
from checkins.placement.selectors import placement_year
from checkins.placement.services import pause_end, pause_start
from checkins.reminders import checkin_reminders_send
from checkins.schedule import (
    OPENS_DAYS_BEFORE,
    CheckInStatus,
    checkin_status,
    checkin_status_case,
    first_recorded_at,
    missed_q,
    status_of,
    with_status_facts,
)
from cpse.notify.models import Notification
from tests.checkins.test_reminders import at, place  # recorded on a given day
from tests.factories import ParticipantFactory

D = datetime.date
START = D(2027, 1, 4)  # check-in 1 is due on 4 February 2027, check-in 2 on 4 March
DUE = D(2027, 2, 4)
S = CheckInStatus


# --- The rule --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2027, 1, 31), S.UPCOMING),  # the day before it opens
        (D(2027, 2, 1), S.DUE),  # it opens 3 days before its due date
        (DUE, S.DUE),
        (D(2027, 2, 10), S.DUE),  # the last day of the grace period
        (D(2027, 2, 11), S.MISSED),  # 7 days after the due date
        (D(2027, 12, 1), S.MISSED),  # and after that: it can still be sent
    ],
)
def test_the_status_by_date(today, expected):
    assert checkin_status(due_on=DUE, today=today) == expected


def test_sent_is_done_whatever_the_dates():
    for today in (D(2027, 1, 1), DUE, D(2027, 6, 1)):
        assert checkin_status(due_on=DUE, today=today, submitted=True) == S.DONE
        assert checkin_status(due_on=DUE, today=today, submitted=True, paused=True) == S.DONE


def test_a_paused_check_in_waits_even_when_its_date_has_passed():
    for today in (D(2027, 1, 1), DUE, D(2027, 6, 1)):
        assert checkin_status(due_on=DUE, today=today, paused=True) == S.PAUSED


def test_a_placement_recorded_late_gives_the_full_grace_period_from_that_day():
    recorded = D(2027, 4, 20)
    assert checkin_status(due_on=DUE, today=D(2027, 4, 20), recorded_on=recorded) == S.DUE
    assert checkin_status(due_on=DUE, today=D(2027, 4, 26), recorded_on=recorded) == S.DUE
    assert checkin_status(due_on=DUE, today=D(2027, 4, 27), recorded_on=recorded) == S.MISSED
    # Recorded before the due date: the due date counts.
    assert checkin_status(due_on=DUE, today=D(2027, 2, 11), recorded_on=D(2027, 1, 2)) == S.MISSED


@override_settings(CHECKIN_GRACE_DAYS=3)
def test_the_grace_period_is_the_setting():
    assert checkin_status(due_on=DUE, today=D(2027, 2, 6)) == S.DUE
    assert checkin_status(due_on=DUE, today=D(2027, 2, 7)) == S.MISSED


def test_every_status_has_its_words():
    assert [str(status.label) for status in S] == [
        "Done",
        "Ready to fill in",
        "Not open yet",
        "Missed",
        "Waiting (paused)",
    ]


# --- The same rule in SQL (the board) --------------------------------------------------------

DAYS = [DUE + datetime.timedelta(days=offset) for offset in range(-OPENS_DAYS_BEFORE - 2, 12)]


@pytest.mark.django_db
@pytest.mark.parametrize("recorded_on", [START, D(2027, 2, 6)], ids=["recorded-in-time", "recorded-late"])
@pytest.mark.parametrize("paused", [False, True], ids=["running", "paused"])
@pytest.mark.parametrize("sent", [False, True], ids=["not-sent", "sent"])
def test_the_sql_and_the_python_agree_on_every_day(participant, program_staff, recorded_on, paused, sent):
    place(participant, recorded_on=recorded_on)
    if paused:
        pause_start(participant=participant, starts_on=D(2027, 2, 2), by=program_staff, today=D(2027, 2, 2))
    if sent:
        CheckIn.objects.filter(participant=participant, number=1).update(submitted_at=at(D(2027, 2, 3)))
    for today in DAYS:
        checkins = with_status_facts(CheckIn.objects.filter(participant=participant, number=1))
        sql = checkins.annotate(
            status=checkin_status_case(
                today=today,
                due_on="due_on",
                submitted_at="submitted_at",
                participant="participant",
                recorded_at="recorded_at",
            ),
            missed=missed_q(today),
        ).get()
        python = status_of(sql, today=today)
        assert (sql.status, sql.missed) == (python, python == S.MISSED), today


# --- Every page says the same ----------------------------------------------------------------

BADGE = re.compile(r'<span class="badge [^"]*">([^<]+)</span>')


def _badges(response) -> list[str]:
    return [label.strip() for label in BADGE.findall(response.content.decode())]


def _what_each_page_says(participant, program_staff, day: datetime.date) -> dict:
    person, staff = Client(), Client()
    with time_machine.travel(at(day), tick=False):
        person.force_login(participant.user)
        staff.force_login(program_staff)
        mine = person.get(reverse("checkins:mine"))
        placement = person.get(reverse("placements:mine"))
        staff_placement = staff.get(reverse("placements:staff_detail", args=[participant.public_id]))
        board = staff.get(reverse("checkins_staff:board"))
        year = placement_year(participant)
    assert {mine.status_code, placement.status_code, staff_placement.status_code, board.status_code} == {200}
    (row,) = board.context["page_obj"].object_list
    return {
        "checkins": [row.status for row in mine.context["page"].rows],
        "placement": [row.status for row in placement.context["schedule"]],
        "staff placement": [row.status for row in staff_placement.context["schedule"]],
        "checkins words": _badges(mine),
        "placement words": _badges(placement),
        "board": (row.month_number, row.month_status),
        "board words": _badges(board)[:1],  # the status; the supervision column follows
        "board missed": row.missed,
        "behind": year.has_missed(day),
    }


CASES = [
    # (the day, check-in 1's status; check-in 2 is due on 4 March, so not open yet on all of these)
    pytest.param(D(2027, 1, 31), S.UPCOMING, id="the day before it opens"),
    pytest.param(D(2027, 2, 1), S.DUE, id="the day it opens"),
    pytest.param(DUE, S.DUE, id="its due date"),
    pytest.param(D(2027, 2, 10), S.DUE, id="the last day of its window"),
    pytest.param(D(2027, 2, 11), S.MISSED, id="the day after the window"),
    pytest.param(D(2027, 2, 25), S.MISSED, id="weeks later"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("day", "expected"), CASES)
def test_every_page_says_the_same_around_each_boundary(participant, program_staff, day, expected):
    place(participant)
    pages = _what_each_page_says(participant, program_staff, day)
    statuses = [expected] + [S.UPCOMING] * 11
    words = [str(status.label) for status in statuses]
    assert pages["checkins"] == pages["placement"] == pages["staff placement"] == statuses
    assert pages["checkins words"] == pages["placement words"] == words
    assert pages["board"] == (1, expected)
    assert pages["board words"] == [words[0]]
    assert pages["board missed"] == (expected == S.MISSED)
    assert pages["behind"] == (expected == S.MISSED)


@pytest.mark.django_db
def test_every_page_says_the_same_while_the_year_is_paused_and_after(participant, program_staff):
    place(participant)
    pause_start(participant=participant, starts_on=D(2027, 2, 2), by=program_staff, today=D(2027, 2, 2))
    for day in (D(2027, 2, 2), D(2027, 2, 11), D(2027, 3, 20)):
        pages = _what_each_page_says(participant, program_staff, day)
        statuses = [S.PAUSED] * 12
        assert pages["checkins"] == pages["placement"] == pages["staff placement"] == statuses, day
        assert pages["checkins words"] == pages["placement words"] == ["Waiting (paused)"] * 12
        # The board shows the latest that would have opened by its date: check-in 2 on 20 March.
        assert pages["board"][1] == S.PAUSED and pages["board words"] == ["Waiting (paused)"]
        assert (pages["board missed"], pages["behind"]) == (0, False)
    # Back on 21 March after 47 days away: check-in 1 moves from 4 February to 23 March.
    pause_end(participant=participant, ends_on=D(2027, 3, 21), by=program_staff)
    pages = _what_each_page_says(participant, program_staff, D(2027, 3, 21))
    assert pages["checkins"][:2] == pages["placement"][:2] == [S.DUE, S.UPCOMING]
    assert pages["board"] == (1, S.DUE)


@pytest.mark.django_db
def test_every_page_says_the_same_once_sent(participant, program_staff):
    place(participant)
    CheckIn.objects.filter(participant=participant, number=1).update(submitted_at=at(D(2027, 2, 12)))
    pages = _what_each_page_says(participant, program_staff, D(2027, 2, 12))
    assert pages["checkins"] == pages["placement"] == [S.DONE] + [S.UPCOMING] * 11
    assert pages["checkins words"] == pages["placement words"] == ["Done"] + ["Not open yet"] * 11
    assert pages["board"] == (1, S.DONE) and pages["board words"] == ["Done"]
    assert (pages["board missed"], pages["behind"]) == (0, False)


@pytest.mark.django_db
def test_a_placement_recorded_late_is_not_missed_at_once_on_any_page(participant, program_staff):
    # Recorded on 20 April for a January start: check-ins 1 to 3 were due already (4 February,
    # March, April); they are ready to fill in for the whole grace period from that day.
    place(participant, recorded_on=D(2027, 4, 20))
    pages = _what_each_page_says(participant, program_staff, D(2027, 4, 26))
    assert pages["checkins"] == pages["placement"] == [S.DUE] * 3 + [S.UPCOMING] * 9
    assert pages["checkins words"] == pages["placement words"] == ["Ready to fill in"] * 3 + ["Not open yet"] * 9
    assert pages["board"] == (3, S.DUE) and (pages["board missed"], pages["behind"]) == (0, False)
    pages = _what_each_page_says(participant, program_staff, D(2027, 4, 27))
    assert pages["checkins"] == pages["placement"] == [S.MISSED] * 3 + [S.UPCOMING] * 9
    assert pages["board"] == (3, S.MISSED) and (pages["board missed"], pages["behind"]) == (3, True)


@pytest.mark.django_db
def test_a_board_row_with_no_schedule_yet_is_not_open_yet(client, program_staff, participant):
    Placement.objects.create(
        participant=participant, agency="Harbor Light", role="advocacy", terms="paid", start_date=START
    )
    with time_machine.travel(at(D(2027, 2, 20)), tick=False):
        client.force_login(program_staff)
        (row,) = client.get(reverse("checkins_staff:board")).context["page_obj"].object_list
    assert row.month_status == S.UPCOMING


# --- The reminders -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("recorded_on", [START, D(2027, 4, 20)], ids=["recorded-in-time", "recorded-late"])
def test_the_first_gentle_reminder_goes_out_the_day_the_pages_say_missed(participant, recorded_on):
    place(participant, recorded_on=recorded_on)
    day, first_missed = recorded_on, None
    while first_missed is None:
        day += datetime.timedelta(days=1)
        with time_machine.travel(at(day), tick=False):
            checkin_reminders_send(at(day))
            checkin = with_status_facts(CheckIn.objects.filter(participant=participant, number=1)).get()
            if status_of(checkin, today=day) == S.MISSED:
                first_missed = day
    missed = Notification.objects.filter(recipient=participant.user, kind="checkin_missed", key__endswith=":1")
    assert missed.count() == 1
    assert missed.get().created_at.date() == first_missed


@pytest.mark.django_db
def test_first_recorded_at_is_the_first_placements(participant):
    place(participant)
    first = Placement.objects.get(participant=participant)
    ParticipantFactory()  # someone else's placement does not count
    with time_machine.travel(at(D(2027, 7, 1)), tick=False):
        later = Placement.objects.create(
            participant=participant,
            agency="Elm House",
            role="advocacy",
            terms="paid",
            start_date=D(2027, 6, 1),
            end_date=D(2027, 6, 30),
        )
    assert later.created_at > first.created_at
    annotated = CheckIn.objects.filter(participant=participant).annotate(recorded=first_recorded_at())
    assert set(annotated.values_list("recorded", flat=True)) == {first.created_at}
