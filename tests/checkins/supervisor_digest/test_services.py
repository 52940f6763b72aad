"""A supervisor's day: one email per supervisor per day with counts only, on day 0, 3 and
7 of the oldest item waiting, a link that lists everything waiting for that mailbox and
is replaced by the next email's, and an email at once when someone asks for a new link."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from checkins.models import SupervisorListLink
from checkins.supervision.services import supervision_contract_propose
from checkins.supervisor_digest import services
from cpse.notify.models import Notification
from cpse.notify.reminders import reminders_run
from requirements_tracking.practicum.services import practicum_hours_log, practicum_set, supervisor_confirmation_decide
from tests.factories import ParticipantFactory

SAM = "sam@harbor.example.org"
# 09:00 in the program's time zone (America/New_York in summer), after HOURS_DIGEST_HOUR (8).
NOW = datetime.datetime(2026, 5, 10, 13, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 5, 10)


@pytest.fixture(autouse=True)
def _now(time_machine):
    time_machine.move_to(NOW, tick=False)


def on_day(days: int, hour: int = 9) -> datetime.datetime:
    """`hour` o'clock local time, `days` after TODAY (whatever the offset that day)."""
    day = TODAY + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def supervised_by(participant, email=SAM, agency="Harbor House"):
    return practicum_set(
        participant=participant, host_agency=agency, supervisor_name="Sam Rivera", supervisor_email=email
    )


def log_hours(participant, hours="2.25", date=TODAY - datetime.timedelta(days=1)):
    return practicum_hours_log(
        participant=participant, date=date, hours=Decimal(hours), reflection="Very private words", today=TODAY
    )


def contract_waiting(participant, email=SAM):
    return supervision_contract_propose(
        participant=participant,
        setting="practicum",
        supervisor_name="Sam Rivera",
        supervisor_email=email,
        frequency="weekly",
        session_minutes=60,
        expectations="We meet and both come prepared.",
        feedback_channels="In our sessions.",
        confidentiality="Stays between us, within the law.",
        raising_concerns="In a session or to the program team.",
        agree=True,
    )


def send(moment: datetime.datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return services.supervisor_lists_send(timezone.now())


def emails_to(email=SAM):
    return Notification.objects.filter(kind=services.KIND, to_email=email).order_by("created_at")


def list_path(notification: Notification) -> str:
    return re.search(r"https?://[^/\s]+(/supervising/[^/\s]+/)", notification.body).group(1)


@pytest.mark.django_db
def test_one_email_per_supervisor_per_day_with_counts_only(participant, other_participant):
    supervised_by(participant)
    supervised_by(other_participant, email="Sam+practicum@Harbor.example.org", agency="Harbor House East")
    log_hours(participant, "2.25")
    log_hours(participant, "1.5", date=TODAY - datetime.timedelta(days=2))
    log_hours(other_participant, "3")
    contract_waiting(participant)

    assert send(NOW) == 1
    [email] = emails_to(SAM)  # the same mailbox, however its address was typed
    text = email.subject + email.body
    assert "3 practicum hour entries to confirm" in text and "1 supervision contract to read and agree to" in text
    for detail in (
        participant.user.display_name,
        other_participant.user.display_name,
        "Sam Rivera",
        "Harbor House",
        "2.25",
        "2,25",
        "1.5",
        "Very private",
        "May 9",
        "May 8",
        "2026-05",
    ):
        assert detail not in text, detail
    assert email.one_time_link

    # Once a day, whoever runs the schedule and how often.
    assert send(NOW + datetime.timedelta(hours=3)) == 0
    with time_machine.travel(NOW + datetime.timedelta(hours=4), tick=False):
        reminders_run()
        reminders_run()
    assert emails_to(SAM).count() == 1


@pytest.mark.django_db
def test_each_supervisor_gets_their_own_email(participant, other_participant):
    supervised_by(participant)
    supervised_by(other_participant, email="lee@agency.example.org")
    log_hours(participant)
    log_hours(other_participant)
    assert send(NOW) == 2
    assert emails_to(SAM).count() == emails_to("lee@agency.example.org").count() == 1
    assert "1 practicum hour entry to confirm" in emails_to(SAM).get().body
    assert "supervision contract" not in emails_to(SAM).get().body


@pytest.mark.django_db
def test_the_email_goes_on_day_0_3_and_7_of_the_oldest_item_not_every_day(participant):
    supervised_by(participant)
    log_hours(participant)
    sent = {day: send(on_day(day)) for day in range(12)}
    assert [day for day, count in sent.items() if count] == [0, 3, 7]
    assert emails_to().count() == 3


@pytest.mark.django_db
def test_items_asked_meanwhile_come_in_the_next_email(participant, other_participant):
    supervised_by(participant)
    supervised_by(other_participant)
    log_hours(participant)
    assert send(on_day(0)) == 1
    with time_machine.travel(on_day(1, 10), tick=False):
        log_hours(other_participant, date=TODAY)
    assert send(on_day(1, 11)) == send(on_day(2)) == 0
    assert send(on_day(3)) == 1
    assert "2 practicum hour entries" in emails_to().last().body


@pytest.mark.django_db
def test_nobody_is_emailed_at_night(participant, settings):
    settings.HOURS_DIGEST_HOUR = 8
    supervised_by(participant)
    log_hours(participant)  # day 0, 09:00; the schedule did not run until the night
    assert send(on_day(1, 7)) == 0
    assert send(on_day(1, 8)) == 1  # day 0's email, the next morning
    assert send(on_day(3, 0)) == 0
    assert send(on_day(3, 8)) == 1


@pytest.mark.django_db
def test_a_step_the_schedule_missed_goes_the_next_day_once(participant):
    supervised_by(participant)
    log_hours(participant)
    assert send(on_day(0)) == 1
    # Nothing ran on day 3.
    assert send(on_day(4)) == 1
    assert send(on_day(5)) == send(on_day(6)) == 0
    assert send(on_day(7)) == 1


@pytest.mark.django_db
def test_after_the_seventh_day_hours_asked_later_are_still_told(participant, other_participant):
    supervised_by(participant)
    supervised_by(other_participant)
    log_hours(participant)
    for day in (0, 3, 7):
        send(on_day(day))
    assert send(on_day(9)) == 0  # the oldest had its reminders: staff follow up
    with time_machine.travel(on_day(10, 8), tick=False):
        log_hours(other_participant, date=TODAY)
    assert send(on_day(10)) == 1
    assert "2 practicum hour entries" in emails_to().last().body


@pytest.mark.django_db
def test_answered_items_are_not_counted_and_nothing_waiting_sends_nothing(participant):
    supervised_by(participant)
    entry = log_hours(participant)
    supervisor_confirmation_decide(confirmation=entry.supervisor_confirmations.get(), decision="confirm")
    assert send(NOW) == 0
    assert not Notification.objects.filter(kind=services.KIND).exists()


@pytest.mark.django_db
def test_the_next_email_replaces_the_link_and_links_expire(participant):
    supervised_by(participant)
    log_hours(participant)
    send(on_day(0))
    first = list_path(emails_to().last()).split("/")[2]
    assert services.list_link_for_token(first).email_key == "sam@harbor.example.org"
    assert first not in SupervisorListLink.objects.get().token_hash  # only a hash is stored
    send(on_day(3))
    second = list_path(emails_to().last()).split("/")[2]
    with time_machine.travel(on_day(3, 10), tick=False):
        with pytest.raises(services.LinkError) as replaced:
            services.list_link_for_token(first)
        assert services.list_link_for_token(second)
        with pytest.raises(services.LinkError) as made_up:
            services.list_link_for_token("not-a-token")
    with (
        time_machine.travel(on_day(3 + services.LINK_DAYS, 10), tick=False),
        pytest.raises(services.LinkError) as expired,
    ):
        services.list_link_for_token(second)
    # One calm answer: a link never tells whether anything waits.
    assert str(replaced.value) == str(made_up.value) == str(expired.value)


@pytest.mark.django_db
def test_a_new_link_someone_asks_for_goes_at_once_even_the_same_day(participant):
    from requirements_tracking.practicum.services import supervisor_confirmation_resend

    supervised_by(participant)
    entry = log_hours(participant)
    send(on_day(0))
    with time_machine.travel(on_day(0, 11), tick=False):
        supervisor_confirmation_resend(entry=entry)
        supervisor_confirmation_resend(entry=entry)
    assert emails_to().count() == 3  # the daily one, and one per request
    assert send(on_day(0, 15)) == 0


@pytest.mark.django_db
def test_the_schedule_costs_the_same_for_1_and_10_supervisors(participant):
    from tests.queries import count_queries

    def supervisors(count):
        for n in range(count):
            person = ParticipantFactory(cohort=participant.cohort)
            supervised_by(person, email=f"s{person.pk}-{n}@agency.example.org")
            log_hours(person)

    supervisors(1)
    with time_machine.travel(NOW, tick=False), count_queries() as few:
        services.supervisor_lists_send(timezone.now())
    Notification.objects.all().delete()
    supervisors(9)
    with time_machine.travel(NOW, tick=False), count_queries() as many:
        assert services.supervisor_lists_send(timezone.now()) == 10
    assert len(few.captured_queries) == len(many.captured_queries)
