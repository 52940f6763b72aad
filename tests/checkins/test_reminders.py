import datetime

import pytest
import time_machine
from django.test.utils import override_settings

from checkins.models import CheckIn, Concern
from checkins.placement.services import pause_start, placement_record
from checkins.reminders import checkin_reminders_send
from cohorts.models import Participant
from cpse.notify.models import Notification
from cpse.notify.reminders import reminders_run
from tests.factories import ParticipantFactory
from tests.queries import count_queries

D = datetime.date
START = D(2027, 1, 4)  # check-in 1 is due 4 February 2027


def at(day: datetime.date) -> datetime.datetime:
    # Noon in Chicago whatever the settings' zone: the same local day.
    return datetime.datetime.combine(day, datetime.time(18), tzinfo=datetime.UTC)


def place(participant, *, recorded_on=START, start=START, by=None):
    """A placement recorded on `recorded_on` (time-travelled, so its created_at is that day)."""
    with time_machine.travel(at(recorded_on), tick=False):
        placement_record(
            participant=participant,
            agency="Harbor Light",
            role="advocacy",
            terms="paid",
            start_date=start,
            by=by or participant.user,
        )


def kinds(participant) -> list[str]:
    return list(
        Notification.objects.filter(recipient=participant.user)
        .order_by("created_at", "pk")
        .values_list("kind", flat=True)
    )


@pytest.mark.django_db
def test_a_missed_check_in_is_reminded_gently_then_followed_up(participant, program_staff, mailoutbox):
    place(participant)
    assert checkin_reminders_send(at(D(2027, 2, 3))) == 0
    assert checkin_reminders_send(at(D(2027, 2, 4))) == 1
    assert kinds(participant) == ["checkin_due"]
    assert checkin_reminders_send(at(D(2027, 2, 10))) == 0
    assert checkin_reminders_send(at(D(2027, 2, 11))) == 1  # grace: 7 days
    assert checkin_reminders_send(at(D(2027, 2, 18))) == 1  # twice the grace
    assert kinds(participant) == ["checkin_due", "checkin_missed", "checkin_missed"]
    assert not Concern.objects.exists()
    assert checkin_reminders_send(at(D(2027, 2, 25))) == 1  # 21 days: staff follow up
    concern = Concern.objects.get()
    assert (concern.checkin.number, concern.reason, concern.participant) == (1, "missed", participant)
    assert Notification.objects.filter(recipient=program_staff, kind="checkin_attention").count() == 1
    # Nothing more to the person about it.
    assert checkin_reminders_send(at(D(2027, 3, 1))) == 0
    assert len(kinds(participant)) == 3


@pytest.mark.django_db
def test_running_twice_sends_each_reminder_once(participant, program_staff):
    place(participant)
    for day in (D(2027, 2, 4), D(2027, 2, 11), D(2027, 2, 18), D(2027, 2, 25)):
        first, second = checkin_reminders_send(at(day)), checkin_reminders_send(at(day))
        assert (first, second) == (1, 0)
    assert len(set(Notification.objects.values_list("key", flat=True))) == Notification.objects.count() == 4
    assert Concern.objects.count() == 1


@pytest.mark.django_db
def test_the_schedule_runs_it(participant):
    place(participant)
    assert reminders_run(now=at(D(2027, 2, 4)))["checkins"] == 1
    assert reminders_run(now=at(D(2027, 2, 4)))["checkins"] == 0


@pytest.mark.django_db
@override_settings(CHECKIN_GRACE_DAYS=3, CHECKIN_MISSED_FOLLOW_UP_DAYS=10)
def test_the_grace_period_is_a_setting(participant, program_staff):
    place(participant)
    assert checkin_reminders_send(at(D(2027, 2, 7))) == 1
    assert kinds(participant) == ["checkin_missed"]  # the latest step reached, not every earlier one
    checkin_reminders_send(at(D(2027, 2, 14)))
    assert Concern.objects.count() == 1


@pytest.mark.django_db
def test_nothing_for_submitted_paused_or_withdrawn(participant, other_participant, program_staff):
    third = ParticipantFactory(cohort=participant.cohort)
    for person in (participant, other_participant, third):
        place(person)
    CheckIn.objects.filter(participant=participant, number=1).update(submitted_at=at(D(2027, 2, 4)))
    Participant.objects.filter(pk=other_participant.pk).update(status=Participant.Status.WITHDRAWN)
    # A pause that began after check-in 1 was due still stops the reminders about it.
    pause_start(participant=third, starts_on=D(2027, 2, 6), by=program_staff, today=D(2027, 2, 6))
    for day in (D(2027, 2, 4), D(2027, 3, 1)):
        checkin_reminders_send(at(day))
    assert kinds(participant) == []
    assert not Notification.objects.filter(recipient=other_participant.user).exists()
    assert not Concern.objects.exists()
    # The third person got the "ready" message on the due date, before the pause, and nothing after.
    assert kinds(third) == ["checkin_due"]


@pytest.mark.django_db
def test_a_placement_recorded_late_does_not_escalate_at_once(participant, program_staff):
    # Recorded in May for a January start: check-ins 1 to 3 are due already.
    place(participant, recorded_on=D(2027, 5, 10))
    assert checkin_reminders_send(at(D(2027, 5, 10))) == 4  # four "ready" messages (Feb, Mar, Apr, May)
    assert set(kinds(participant)) == {"checkin_due"}
    assert not Concern.objects.exists()
    checkin_reminders_send(at(D(2027, 5, 31)))
    assert Concern.objects.count() == 4


@pytest.mark.django_db
def test_the_messages_carry_nothing_sensitive(participant):
    place(participant)
    checkin_reminders_send(at(D(2027, 2, 4)))
    checkin_reminders_send(at(D(2027, 2, 11)))
    for notification in Notification.objects.filter(recipient=participant.user):
        text = notification.subject + notification.body
        assert "Harbor Light" not in text and participant.user.display_name not in text
        assert "/check-ins/" in notification.body


@pytest.mark.django_db
def test_the_queries_do_not_grow_with_the_number_of_people():
    def people(n):
        for _ in range(n):
            place(ParticipantFactory())

    def steady_state_queries() -> int:
        checkin_reminders_send(at(D(2027, 2, 4)))  # sends
        with count_queries() as queries:
            assert checkin_reminders_send(at(D(2027, 2, 4))) == 0
        return len(queries.captured_queries)

    people(3)
    few = steady_state_queries()
    people(27)
    assert steady_state_queries() == few


@pytest.mark.django_db
def test_a_repeat_run_reads_no_check_in_already_reminded_at_its_step(participant):
    """The usual run, every 15 minutes, finds nothing to load for people already told;
    the next step brings the check-in back."""
    from checkins.placement.selectors import checkins_to_remind
    from checkins.reminders import _not_sent_already

    place(participant)

    def loaded(day):
        return list(_not_sent_already(checkins_to_remind(day), day).values_list("number", flat=True))

    assert loaded(D(2027, 2, 4)) == [1]
    checkin_reminders_send(at(D(2027, 2, 4)))
    assert loaded(D(2027, 2, 4)) == loaded(D(2027, 2, 10)) == []
    assert loaded(D(2027, 2, 11)) == [1]  # the grace is over: the gentle reminder is next
    checkin_reminders_send(at(D(2027, 2, 11)))
    assert loaded(D(2027, 2, 17)) == []
