import datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils.formats import date_format

from cohorts.models import Participant, Requirement
from cpse.notify.models import Notification
from requirements_tracking.hours import services
from requirements_tracking.hours.rules import HourEntryError, loggable_dates
from requirements_tracking.models import HourEntry
from requirements_tracking.practicum.services import practicum_hours_log, practicum_set
from requirements_tracking.progress import participant_progress
from tests.factories import ParticipantFactory
from tests.requirements_tracking.conftest import REFLECTION, TODAY, self_care

S = HourEntry.Status


def refused(code, call, *args, **kwargs):
    with pytest.raises(HourEntryError) as error:
        call(*args, **kwargs)
    assert error.value.code == code, str(error.value)
    assert str(error.value)  # a message a person can read
    return error.value


@pytest.mark.django_db
def test_a_participant_logs_hours_that_wait_for_review(log, participant):
    entry = log("2.5")
    entry.refresh_from_db()
    assert (entry.status, entry.hours, entry.date, entry.reflection) == (S.SUBMITTED, Decimal("2.5"), TODAY, REFLECTION)
    assert entry.participant == participant and entry.requirement == self_care(participant)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours", "code"),
    [("-1", "not_positive"), ("0", "not_positive"), ("0.3", "not_quarter"), ("1.1", "not_quarter"), ("25", "too_many")],
)
def test_hours_must_be_positive_quarter_hours_within_a_day(log, hours, code):
    refused(code, log, hours)
    assert not HourEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("hours", ["0.25", "0.5", "0.75", "23.75", "24"])
def test_quarter_hours_up_to_a_whole_day_are_accepted(log, hours):
    assert log(hours).hours == Decimal(hours)


@pytest.mark.django_db
def test_no_more_than_24_hours_on_one_day_over_several_entries(log, participant):
    log("12")
    log("12")
    refused("day_full", log, "0.25")
    # Another day, and another person on the same day, are separate.
    log("0.25", date=TODAY - datetime.timedelta(days=1))
    other = ParticipantFactory(cohort=participant.cohort)
    log("24", who=other)


@pytest.mark.django_db
def test_24_and_a_quarter_split_over_two_entries_is_refused(log):
    log("20")
    refused("day_full", log, "4.25")


@pytest.mark.django_db
def test_returned_hours_do_not_fill_the_day_until_sent_again(log, program_staff):
    entry = log("20")
    services.hour_entry_return(entry=entry, by=program_staff, comment="Please split this over the days")
    log("10")
    refused(
        "day_full",
        services.hour_entry_update,
        entry=entry,
        participant=entry.participant,
        date=TODAY,
        hours=Decimal("20"),
        kind="journaling",
        reflection="x",
        today=TODAY,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("date", "code"),
    [
        (TODAY + datetime.timedelta(days=1), "future"),
        (datetime.date(2026, 3, 31), "outside_program"),  # the day before the program starts
    ],
)
def test_dates_must_be_in_the_past_and_inside_the_program(log, date, code):
    refused(code, log, date=date)


@pytest.mark.django_db
def test_a_date_after_the_program_ended_is_refused(log):
    refused("outside_program", log, date=datetime.date(2026, 9, 1), today=datetime.date(2026, 9, 15))
    # The program's first and last days count.
    log(date=datetime.date(2026, 4, 1))
    log(date=datetime.date(2026, 8, 31), today=datetime.date(2026, 9, 15))


@pytest.mark.django_db
def test_only_the_self_care_requirement_of_the_persons_own_set_is_loggable(participant):
    def submit(requirement):
        return services.hour_entry_submit(
            participant=participant,
            requirement=requirement,
            date=TODAY,
            hours=Decimal("1"),
            kind="other",
            reflection="x",
            today=TODAY,
        )

    requirements = participant.cohort.requirement_set.requirements
    refused("wrong_requirement", submit, requirements.get(category=Requirement.Category.ONLINE))
    refused("wrong_requirement", submit, requirements.get(category=Requirement.Category.EXAM))
    other_set = participant.cohort.requirement_set
    other_set.pk = None
    other_set.save()
    foreign = Requirement.objects.create(
        requirement_set=other_set, kind="hours", category="self_care", amount=Decimal("10")
    )
    refused("wrong_requirement", submit, foreign)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (Participant.Status.ENROLLED, True),
        (Participant.Status.ON_LEAVE, True),
        (Participant.Status.WITHDRAWN, False),
        (Participant.Status.COMPLETED, False),
        (Participant.Status.CERTIFIED, False),
    ],
)
def test_hours_are_logged_while_enrolled_or_on_leave(log, participant, status, allowed):
    Participant.objects.filter(pk=participant.pk).update(status=status)
    if allowed:
        log()
    else:
        refused("not_active", log)


@pytest.mark.django_db
def test_approving_acts_once(log, program_staff):
    entry = log()
    services.hour_entry_approve(entry=entry, by=program_staff)
    entry.refresh_from_db()
    assert entry.status == S.APPROVED and entry.reviewed_by == program_staff and entry.reviewed_at
    # A double click: the second approval is refused with a code, nothing changes.
    refused("already_approved", services.hour_entry_approve, entry=entry, by=program_staff)
    refused("already_approved", services.hour_entry_return, entry=entry, by=program_staff, comment="x")


@pytest.mark.django_db
def test_a_stale_copy_cannot_approve_returned_hours(log, program_staff):
    entry = log()
    stale = HourEntry.objects.get(pk=entry.pk)
    services.hour_entry_return(entry=entry, by=program_staff, comment="Please add the activity")
    refused("already_returned", services.hour_entry_approve, entry=stale, by=program_staff)
    assert HourEntry.objects.get(pk=entry.pk).status == S.RETURNED


@pytest.mark.django_db
def test_returning_needs_a_comment(log, program_staff):
    entry = log()
    refused("comment_required", services.hour_entry_return, entry=entry, by=program_staff, comment="  ")
    assert HourEntry.objects.get(pk=entry.pk).status == S.SUBMITTED


@pytest.mark.django_db
def test_returning_tells_the_participant_there_is_news_without_details(
    log, participant, program_staff, django_capture_on_commit_callbacks
):
    entry = log(reflection="My sister's birthday was hard")
    with django_capture_on_commit_callbacks(execute=True):
        services.hour_entry_return(entry=entry, by=program_staff, comment="Could you say how long the walk was?")
    entry.refresh_from_db()
    assert entry.status == S.RETURNED and entry.staff_comment == "Could you say how long the walk was?"
    assert Notification.objects.get().key.startswith(f"hours-returned:{entry.pk}:")
    [message] = mail.outbox
    assert message.to == [participant.user.email]
    for private in ("sister", "birthday", "walk", participant.user.display_name, "2.5", "journaling"):
        assert private not in message.subject and private not in message.body
    assert "/hours/" in message.body


@pytest.mark.django_db
def test_the_owner_changes_a_returned_entry_and_it_waits_again(log, participant, program_staff):
    entry = log("1")
    services.hour_entry_return(entry=entry, by=program_staff, comment="One more sentence please")
    services.hour_entry_update(
        entry=entry,
        participant=participant,
        date=TODAY,
        hours=Decimal("1.5"),
        kind="support_group",
        reflection="Longer now",
        today=TODAY,
    )
    entry.refresh_from_db()
    assert (entry.status, entry.hours, entry.kind, entry.reflection) == (
        S.SUBMITTED,
        Decimal("1.5"),
        "support_group",
        "Longer now",
    )
    # A second return is news again: a new message.
    services.hour_entry_return(entry=entry, by=program_staff, comment="Thank you, one more thing")
    assert Notification.objects.filter(kind="hours_returned").count() == 2


@pytest.mark.django_db
def test_an_approved_entry_or_someone_elses_cannot_be_changed(log, participant, other_participant, program_staff):
    entry = log()
    change = {"date": TODAY, "hours": Decimal("2"), "kind": "other", "reflection": "x", "today": TODAY}
    refused("not_yours", services.hour_entry_update, entry=entry, participant=other_participant, **change)
    services.hour_entry_approve(entry=entry, by=program_staff)
    refused("already_approved", services.hour_entry_update, entry=entry, participant=participant, **change)
    assert HourEntry.objects.get(pk=entry.pk).hours == Decimal("1")


@pytest.mark.django_db
def test_changes_follow_the_same_rules(log, participant):
    entry = log()
    change = {"entry": entry, "participant": participant, "kind": "other", "reflection": "x", "today": TODAY}
    refused("future", services.hour_entry_update, date=TODAY + datetime.timedelta(days=2), hours=Decimal(1), **change)
    refused("not_quarter", services.hour_entry_update, date=TODAY, hours=Decimal("0.3"), **change)
    # Its own hours do not count against it: 24 on its own day is fine.
    services.hour_entry_update(date=TODAY, hours=Decimal("24"), **change)


@pytest.mark.django_db
def test_the_database_refuses_impossible_hours_too(participant):
    for hours in ("0", "-1", "24.25"):
        with pytest.raises(IntegrityError), transaction.atomic():
            HourEntry.objects.create(
                participant=participant,
                requirement=self_care(participant),
                date=TODAY,
                hours=Decimal(hours),
                kind="other",
                reflection="x",
            )


# --- The days that can count -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "last"),
    [
        (TODAY, TODAY),  # during the program: up to today
        (datetime.date(2026, 8, 31), datetime.date(2026, 8, 31)),
        (datetime.date(2026, 9, 15), datetime.date(2026, 8, 31)),  # after it: up to its last day
    ],
)
def test_the_days_that_can_count_run_from_the_program_start_to_today_or_its_end(participant, today, last):
    assert loggable_dates(participant, today) == (datetime.date(2026, 4, 1), last)
    # The bounds are the rule's own: both ends are accepted, the days beyond refused.
    first = datetime.date(2026, 4, 1)
    submit = {"participant": participant, "requirement": self_care(participant), "hours": Decimal(1)}
    for day in (first, last):
        services.hour_entry_submit(**submit, date=day, kind="other", reflection="x", today=today)
    for day in (first - datetime.timedelta(days=1), last + datetime.timedelta(days=1)):
        with pytest.raises(HourEntryError):
            services.hour_entry_submit(**submit, date=day, kind="other", reflection="x", today=today)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("date", "today", "code", "last"),
    [
        (TODAY + datetime.timedelta(days=1), TODAY, "future", TODAY),
        (datetime.date(2026, 3, 31), TODAY, "outside_program", TODAY),
        (datetime.date(2026, 9, 1), datetime.date(2026, 9, 15), "outside_program", datetime.date(2026, 8, 31)),
    ],
)
def test_a_refused_date_is_told_which_days_can_count(log, date, today, code, last):
    error = refused(code, log, date=date, today=today)
    assert date_format(datetime.date(2026, 4, 1)) in str(error) and date_format(last) in str(error)


@pytest.mark.django_db
def test_before_the_program_starts_no_day_can_count(log, participant):
    today = datetime.date(2026, 3, 20)
    first, last = loggable_dates(participant, today)
    assert last < first
    error = refused("not_started", log, date=today, today=today)
    assert date_format(datetime.date(2026, 4, 1)) in str(error)


# --- Withdrawing -------------------------------------------------------------------------


def deletions(entry) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(HourEntry),
            object_pk=str(entry.pk),
            action=LogEntry.Action.DELETE,
        )
    )


@pytest.mark.django_db
def test_a_waiting_entry_is_withdrawn_once_and_the_history_keeps_who(log, participant):
    entry = log("2.5")
    services.hour_entry_withdraw(entry=entry, by=participant.user)
    assert not HourEntry.objects.filter(pk=entry.pk).exists()
    [deleted] = deletions(entry)
    assert deleted.actor == participant.user
    assert REFLECTION not in str(deleted.changes) + str(deleted.serialized_data or "")
    # A double click: the second is refused with a code and nothing else happens.
    refused("already_withdrawn", services.hour_entry_withdraw, entry=entry, by=participant.user)
    assert len(deletions(entry)) == 1


@pytest.mark.django_db
def test_a_returned_entry_can_be_withdrawn(log, participant, program_staff):
    entry = log()
    services.hour_entry_return(entry=entry, by=program_staff, comment="Was this on the 9th?")
    services.hour_entry_withdraw(entry=entry, by=participant.user)
    assert not HourEntry.objects.exists()


@pytest.mark.django_db
def test_approved_hours_stay(log, participant, program_staff):
    entry = log()
    stale = HourEntry.objects.get(pk=entry.pk)
    services.hour_entry_approve(entry=entry, by=program_staff)
    # Approved while the participant's page was open: the lock sees it.
    refused("already_approved", services.hour_entry_withdraw, entry=stale, by=participant.user)
    assert HourEntry.objects.get(pk=entry.pk).status == S.APPROVED
    assert not deletions(entry)


@pytest.mark.django_db
def test_only_the_owner_withdraws(log, other_participant, program_staff):
    entry = log()
    refused("not_yours", services.hour_entry_withdraw, entry=entry, by=other_participant.user)
    refused("not_yours", services.hour_entry_withdraw, entry=entry, by=program_staff)
    assert HourEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_practicum_hours_are_not_withdrawn_here(participant):
    practicum_set(
        participant=participant, host_agency="Harbor House", supervisor_name="Sam", supervisor_email="sam@example.org"
    )
    entry = practicum_hours_log(participant=participant, date=TODAY, hours=Decimal(2), reflection="x", today=TODAY)
    assert not entry.can_withdraw
    refused("not_withdrawable", services.hour_entry_withdraw, entry=entry, by=participant.user)
    assert HourEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_withdrawn_hours_leave_the_progress(log, participant, program_staff):
    def self_care_progress():
        return next(item for item in participant_progress(participant) if item.requirement == self_care(participant))

    services.hour_entry_approve(entry=log("3", date=TODAY - datetime.timedelta(days=1)), by=program_staff)
    waiting = log("2.5")
    before = self_care_progress()
    assert (before.approved, before.pending) == (Decimal(3), Decimal("2.5"))
    services.hour_entry_withdraw(entry=waiting, by=participant.user)
    after = self_care_progress()
    assert (after.approved, after.pending, after.remaining) == (Decimal(3), Decimal(0), before.remaining)
