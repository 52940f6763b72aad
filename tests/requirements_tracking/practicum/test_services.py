import datetime
from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications.confirmers.services import confirmer_verify
from cohorts.models import Participant, Requirement
from cpse import data_rights
from cpse.notify.models import Notification
from requirements_tracking.hours.rules import HourEntryError
from requirements_tracking.hours.selectors import entries_awaiting_review
from requirements_tracking.hours.services import hour_entry_submit
from requirements_tracking.models import HourEntry, Practicum, SupervisorConfirmation
from requirements_tracking.practicum import services
from requirements_tracking.progress import participant_progress
from tests.requirements_tracking.conftest import TODAY
from tests.requirements_tracking.practicum.conftest import TOKENS

S = HourEntry.Status
C = SupervisorConfirmation.Status
WHAT_I_DID = "Sat in on the intake calls and wrote up the notes"


def token_of(entry: HourEntry) -> str:
    """The raw token of the entry's newest link, as an email sent before the daily list
    existed held it (only its hash is stored; conftest keeps the tokens as they are made)."""
    return TOKENS[entry.supervisor_confirmations.order_by("-pk").first().token_hash]


def refused(code, call, *args, **kwargs):
    with pytest.raises(HourEntryError) as error:
        call(*args, **kwargs)
    assert error.value.code == code, str(error.value)
    assert str(error.value)  # a message a person can read
    return error.value


@pytest.fixture
def practicum(participant):
    return services.practicum_set(
        participant=participant,
        host_agency="Harbor House",
        supervisor_name="Sam Rivera",
        supervisor_email="sam@harbor.example.org",
    )


@pytest.fixture
def log_practicum(participant):
    """Log practicum hours for `participant` (or another), today being TODAY unless given."""

    def log(hours="1", *, date=TODAY, who=None, today=TODAY, reflection=WHAT_I_DID):
        return services.practicum_hours_log(
            participant=who or participant, date=date, hours=Decimal(hours), reflection=reflection, today=today
        )

    return log


def confirmation_of(entry) -> SupervisorConfirmation:
    return entry.supervisor_confirmations.get(status=C.PENDING)


# --- Host agency and supervisor ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_participant_names_their_host_and_supervisor(participant, practicum):
    assert (practicum.participant, practicum.is_current, practicum.supervisor_user) == (participant, True, None)
    assert practicum.host_agency == "Harbor House" and practicum.supervisor_email == "sam@harbor.example.org"


@pytest.mark.django_db
def test_a_new_host_keeps_the_earlier_one_and_its_confirmed_hours(participant, practicum, log_practicum):
    entry = log_practicum("2")
    services.supervisor_confirmation_decide(confirmation=confirmation_of(entry), decision="confirm")
    newer = services.practicum_set(
        participant=participant, host_agency="Bright Path", supervisor_name="Lee", supervisor_email="lee@bp.example"
    )
    practicum.refresh_from_db()
    assert not practicum.is_current and newer.is_current
    assert Practicum.objects.filter(participant=participant).count() == 2
    entry.refresh_from_db()
    assert (entry.status, entry.practicum) == (S.APPROVED, practicum)
    assert log_practicum("1", date=TODAY - datetime.timedelta(days=1)).practicum == newer


@pytest.mark.django_db
def test_a_new_supervisor_never_silently_gets_the_hours_still_waiting(participant, practicum, log_practicum):
    entry = log_practicum("2")
    old_token = token_of(entry)
    newer = services.practicum_set(
        participant=participant, host_agency="harbor house", supervisor_name="Kim", supervisor_email="kim@h.example"
    )
    entry.refresh_from_db()
    assert entry.practicum == practicum
    assert services.confirmation_for_token(old_token).practicum == practicum  # the one asked can still answer
    assert not Notification.objects.filter(to_email="kim@h.example").exists()
    assert newer.supervisor_email_key == "kim@h.example"


@pytest.mark.django_db
def test_staff_may_send_waiting_hours_to_the_current_supervisor(participant, practicum, log_practicum, program_staff):
    entry = log_practicum("2")
    old_token = token_of(entry)
    refused("not_movable", services.supervisor_confirmation_move, entry=entry, by=program_staff)
    newer = services.practicum_set(
        participant=participant, host_agency="Harbor House", supervisor_name="Kim", supervisor_email="kim@h.example"
    )
    services.supervisor_confirmation_move(entry=entry, by=program_staff)
    entry.refresh_from_db()
    assert entry.practicum == newer
    refused("replaced", services.confirmation_for_token, old_token)
    assert services.confirmation_for_token(token_of(entry)).practicum == newer
    assert Notification.objects.filter(to_email="kim@h.example").count() == 1
    refused("not_movable", services.supervisor_confirmation_move, entry=entry, by=program_staff)


@pytest.mark.django_db
def test_a_supervisor_with_a_sponsor_account_is_linked(participant, sponsor):
    practicum = services.practicum_set(
        participant=participant, host_agency="Harbor", supervisor_name="Sam", supervisor_email=sponsor.email.upper()
    )
    assert practicum.supervisor_user == sponsor


@pytest.mark.django_db
def test_an_account_that_is_not_a_sponsor_is_not_linked(participant, other_participant, program_staff):
    for email in (other_participant.user.email, program_staff.email, "nobody@example.org"):
        practicum = services.practicum_set(
            participant=participant, host_agency="Harbor", supervisor_name="Sam", supervisor_email=email
        )
        assert practicum.supervisor_user is None


@pytest.mark.django_db
def test_naming_a_practicum_needs_every_answer_and_an_active_participation(participant):
    refused(
        "missing",
        services.practicum_set,
        participant=participant,
        host_agency="  ",
        supervisor_name="Sam",
        supervisor_email="s@x.example",
    )
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    refused(
        "not_active",
        services.practicum_set,
        participant=participant,
        host_agency="Harbor",
        supervisor_name="Sam",
        supervisor_email="s@x.example",
    )
    assert not Practicum.objects.exists()


# --- Logging hours ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_practicum_hours_wait_for_the_supervisor_with_a_one_time_link(participant, practicum, log_practicum):
    entry = log_practicum("2.25")
    entry.refresh_from_db()
    assert (entry.kind, entry.status, entry.hours, entry.practicum) == (
        HourEntry.Kind.PRACTICUM,
        S.SUBMITTED,
        Decimal("2.25"),
        practicum,
    )
    assert entry.requirement.category == Requirement.Category.PRACTICUM
    assert entry.requirement.requirement_set == participant.cohort.requirement_set
    confirmation = confirmation_of(entry)
    token = token_of(entry)
    # Only the hash is stored.
    assert confirmation.token_hash == services._hash(token) and token not in confirmation.token_hash
    assert (
        datetime.timedelta(days=29) < confirmation.expires_at - confirmation.created_at <= datetime.timedelta(days=30)
    )


@pytest.mark.django_db
def test_logged_hours_send_no_email_of_their_own(participant, practicum, log_practicum):
    """The supervisor's daily list tells them (checkins.supervisor_digest), one email for all."""
    log_practicum("2.25", reflection="Very private words")
    log_practicum("1")
    assert not Notification.objects.filter(to_email="sam@harbor.example.org").exists()


@pytest.mark.django_db
def test_hours_need_a_practicum_first(participant, log_practicum):
    refused("no_practicum", log_practicum)
    assert not HourEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours", "code"),
    [("-1", "not_positive"), ("0", "not_positive"), ("0.3", "not_quarter"), ("1.1", "not_quarter"), ("25", "too_many")],
)
def test_practicum_hours_must_be_positive_quarter_hours_within_a_day(practicum, log_practicum, hours, code):
    refused(code, log_practicum, hours)
    assert not HourEntry.objects.exists() and not SupervisorConfirmation.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_practicum_hours_cannot_be_in_the_future_or_outside_the_program(practicum, log_practicum):
    refused("future", log_practicum, date=TODAY + datetime.timedelta(days=1))
    refused("outside_program", log_practicum, date=datetime.date(2026, 3, 31))
    refused("outside_program", log_practicum, date=datetime.date(2026, 9, 1), today=datetime.date(2026, 9, 15))
    assert log_practicum(date=datetime.date(2026, 4, 1)).date == datetime.date(2026, 4, 1)


@pytest.mark.django_db
def test_the_day_counts_self_care_and_practicum_hours_together(participant, practicum, log_practicum):
    hour_entry_submit(
        participant=participant,
        requirement=participant.cohort.requirement_set.requirements.get(category="self_care"),
        date=TODAY,
        hours=Decimal("20"),
        kind="journaling",
        reflection="x",
        today=TODAY,
    )
    log_practicum("4")
    refused("day_full", log_practicum, "0.25")


@pytest.mark.django_db
def test_only_enrolled_or_on_leave_participants_log_hours(participant, practicum, log_practicum):
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.ON_LEAVE)
    log_practicum()
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    refused("not_active", log_practicum, date=TODAY - datetime.timedelta(days=1))


@pytest.mark.django_db
def test_the_self_care_form_cannot_log_practicum_hours(participant):
    refused(
        "wrong_requirement",
        hour_entry_submit,
        participant=participant,
        requirement=participant.cohort.requirement_set.requirements.get(category="practicum"),
        date=TODAY,
        hours=Decimal("1"),
        kind="practicum",
        reflection="x",
        today=TODAY,
    )


# --- The supervisor's answer ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_supervisor_confirms_once_through_the_link(practicum, log_practicum):
    entry = log_practicum("2.25")
    token = token_of(entry)
    confirmation = services.confirmation_for_token(token)
    services.supervisor_confirmation_decide(confirmation=confirmation, decision="confirm")
    entry.refresh_from_db()
    confirmation.refresh_from_db()
    assert (entry.status, entry.reviewed_by) == (S.APPROVED, None) and entry.reviewed_at is not None
    assert (confirmation.status, confirmation.decided_by) == (C.CONFIRMED, None) and confirmation.decided_at
    # A second click, or the link opened again, says it is already answered.
    refused("used", services.supervisor_confirmation_decide, confirmation=confirmation, decision="decline", comment="x")
    refused("used", services.confirmation_for_token, token)
    assert HourEntry.objects.get().status == S.APPROVED
    # Confirming is not news the participant is emailed about.
    assert not Notification.objects.filter(kind="practicum_news").exists()


@pytest.mark.django_db
def test_declining_needs_a_comment_and_tells_the_participant_there_is_news(participant, practicum, log_practicum):
    entry = log_practicum("3")
    confirmation = services.confirmation_for_token(token_of(entry))
    refused("comment_required", services.supervisor_confirmation_decide, confirmation=confirmation, decision="decline")
    refused(
        "comment_required",
        services.supervisor_confirmation_decide,
        confirmation=confirmation,
        decision="decline",
        comment="   ",
    )
    assert HourEntry.objects.get().status == S.SUBMITTED
    services.supervisor_confirmation_decide(
        confirmation=confirmation, decision="decline", comment="That day we were closed"
    )
    entry.refresh_from_db()
    confirmation.refresh_from_db()
    assert (entry.status, entry.staff_comment) == (S.RETURNED, "")
    assert (confirmation.status, confirmation.comment) == (C.DECLINED, "That day we were closed")
    news = Notification.objects.get(kind="practicum_news")
    assert news.recipient == participant.user
    assert "closed" not in news.body and "3" not in news.body.replace("/practicum/", "")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT comment FROM requirements_tracking_supervisorconfirmation WHERE id = %s", [confirmation.pk]
        )
        assert "closed" not in cursor.fetchone()[0]


@pytest.mark.django_db
def test_an_unknown_decision_is_refused(practicum, log_practicum):
    confirmation = confirmation_of(log_practicum())
    refused("bad_decision", services.supervisor_confirmation_decide, confirmation=confirmation, decision="maybe")


@pytest.mark.django_db
def test_an_expired_link_is_refused_calmly(practicum, log_practicum, time_machine):
    entry = log_practicum()
    token = token_of(entry)
    confirmation = services.confirmation_for_token(token)
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=31))
    refused("expired", services.confirmation_for_token, token)
    refused("expired", services.supervisor_confirmation_decide, confirmation=confirmation, decision="confirm")
    assert HourEntry.objects.get().status == S.SUBMITTED


@pytest.mark.django_db
def test_an_unknown_link_is_refused(practicum):
    refused("invalid_link", services.confirmation_for_token, "not-a-token")


@pytest.mark.django_db
def test_a_changed_entry_replaces_its_link(participant, practicum, log_practicum):
    entry = log_practicum("2")
    first_token = token_of(entry)
    first = services.confirmation_for_token(first_token)
    services.practicum_hours_update(
        entry=entry, participant=participant, date=TODAY, hours=Decimal("2.5"), reflection="More", today=TODAY
    )
    refused("replaced", services.confirmation_for_token, first_token)
    refused("replaced", services.supervisor_confirmation_decide, confirmation=first, decision="confirm")
    second = services.confirmation_for_token(token_of(entry))
    assert second.pk != first.pk
    services.supervisor_confirmation_decide(confirmation=second, decision="confirm")
    entry.refresh_from_db()
    assert (entry.status, entry.hours) == (S.APPROVED, Decimal("2.5"))
    assert SupervisorConfirmation.objects.filter(entry=entry, status=C.REPLACED).count() == 1


@pytest.mark.django_db
def test_a_declined_entry_is_changed_and_waits_again_with_a_fresh_link(participant, practicum, log_practicum):
    entry = log_practicum("2")
    services.supervisor_confirmation_decide(
        confirmation=confirmation_of(entry), decision="decline", comment="It was 1.5"
    )
    services.practicum_hours_update(
        entry=entry, participant=participant, date=TODAY, hours=Decimal("1.5"), reflection="x", today=TODAY
    )
    entry.refresh_from_db()
    assert (entry.status, entry.hours, entry.reviewed_at) == (S.SUBMITTED, Decimal("1.5"), None)
    assert confirmation_of(entry).status == C.PENDING
    assert list(entry.supervisor_confirmations.values_list("status", flat=True)) == [C.PENDING, C.DECLINED]


@pytest.mark.django_db
def test_confirmed_or_someone_elses_hours_are_not_changed(participant, other_participant, practicum, log_practicum):
    entry = log_practicum("2")
    change = {"date": TODAY, "hours": Decimal("5"), "reflection": "x", "today": TODAY}
    refused("not_yours", services.practicum_hours_update, entry=entry, participant=other_participant, **change)
    services.supervisor_confirmation_decide(confirmation=confirmation_of(entry), decision="confirm")
    refused("already_approved", services.practicum_hours_update, entry=entry, participant=participant, **change)
    assert HourEntry.objects.get().hours == Decimal("2")


@pytest.mark.django_db
def test_a_supervisor_confirms_signed_in_even_after_the_link_expired(participant, sponsor, log_practicum, time_machine):
    services.practicum_set(
        participant=participant, host_agency="Harbor", supervisor_name="Sam", supervisor_email=sponsor.email
    )
    entry = log_practicum("1.75")
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=40))
    confirmation = confirmation_of(entry)
    services.supervisor_confirmation_decide(confirmation=confirmation, decision="confirm", by=sponsor)
    entry.refresh_from_db()
    confirmation.refresh_from_db()
    assert (entry.status, entry.reviewed_by, confirmation.decided_by) == (S.APPROVED, sponsor, sponsor)


@pytest.mark.django_db
def test_only_the_named_supervisor_answers_signed_in(practicum, log_practicum, sponsor):
    confirmation = confirmation_of(log_practicum())
    refused(
        "not_supervisor",
        services.supervisor_confirmation_decide,
        confirmation=confirmation,
        decision="confirm",
        by=sponsor,
    )
    assert HourEntry.objects.get().status == S.SUBMITTED


@pytest.mark.django_db
def test_staff_send_a_new_link_and_the_old_one_stops_working(practicum, log_practicum):
    entry = log_practicum()
    old = token_of(entry)
    services.supervisor_confirmation_resend(entry=entry)
    refused("replaced", services.confirmation_for_token, old)
    assert services.confirmation_for_token(token_of(entry)).status == C.PENDING
    # Asked for: the supervisor's list goes at once, once per request.
    assert Notification.objects.filter(kind="supervisor_digest", to_email="sam@harbor.example.org").count() == 1
    services.supervisor_confirmation_decide(confirmation=confirmation_of(entry), decision="confirm")
    entry.refresh_from_db()
    refused("not_waiting", services.supervisor_confirmation_resend, entry=entry)


# --- Progress and the staff inbox -----------------------------------------------------------


@pytest.mark.django_db
def test_confirmed_practicum_hours_count_towards_progress_to_the_quarter_hour(participant, practicum, log_practicum):
    for hours, day in (("2.25", 1), ("1.5", 2), ("0.75", 3)):
        entry = log_practicum(hours, date=TODAY - datetime.timedelta(days=day))
        services.supervisor_confirmation_decide(confirmation=confirmation_of(entry), decision="confirm")
    waiting = log_practicum("1.25")
    declined = log_practicum("4", date=TODAY - datetime.timedelta(days=4))
    services.supervisor_confirmation_decide(confirmation=confirmation_of(declined), decision="decline", comment="No")

    def practicum_progress():
        progress = {item.requirement.category: item for item in participant_progress(participant)}
        assert progress[Requirement.Category.SELF_CARE].approved == 0
        item = progress[Requirement.Category.PRACTICUM]
        return item.approved, item.pending, item.remaining

    # Confirmed hours wait until program staff verified the supervisor (on by default).
    assert practicum_progress() == (0, Decimal("5.75"), Decimal("12"))
    confirmer_verify(
        email="SAM@harbor.example.org", name="Sam Rivera", organisation="Harbor House", method="phone_call", by=None
    )
    assert practicum_progress() == (Decimal("4.5"), Decimal("1.25"), Decimal("7.5"))
    assert waiting.status == S.SUBMITTED


@pytest.mark.django_db
def test_without_the_verification_rule_confirmed_hours_count_at_once(participant, practicum, log_practicum):
    requirement_set = participant.cohort.requirement_set
    requirement_set.practicum_requires_verified_supervisor = False
    requirement_set.save(update_fields=["practicum_requires_verified_supervisor"])
    entry = log_practicum("2")
    services.supervisor_confirmation_decide(confirmation=confirmation_of(entry), decision="confirm")
    item = next(i for i in participant_progress(participant) if i.requirement.category == "practicum")
    assert (item.approved, item.pending) == (Decimal("2"), 0)


@pytest.mark.django_db
def test_the_staff_hours_inbox_does_not_list_practicum_hours(participant, practicum, log_practicum):
    log_practicum()
    self_care = hour_entry_submit(
        participant=participant,
        requirement=participant.cohort.requirement_set.requirements.get(category="self_care"),
        date=TODAY,
        hours=Decimal("1"),
        kind="journaling",
        reflection="x",
        today=TODAY,
    )
    # Self-care hours whose activity is called "practicum" are still self-care: staff see them.
    named_practicum = hour_entry_submit(
        participant=participant,
        requirement=participant.cohort.requirement_set.requirements.get(category="self_care"),
        date=TODAY,
        hours=Decimal("1"),
        kind="practicum",
        reflection="x",
        today=TODAY,
    )
    assert list(entries_awaiting_review()) == [self_care, named_practicum]


# --- Data rights --------------------------------------------------------------------------


@pytest.mark.django_db
def test_data_rights_export_and_erase_practicums_and_answers(participant, other_participant, log_practicum, sponsor):
    services.practicum_set(
        participant=participant, host_agency="Harbor", supervisor_name="Sam", supervisor_email=sponsor.email
    )
    entry = log_practicum("2")
    services.supervisor_confirmation_decide(confirmation=confirmation_of(entry), decision="decline", comment="Not me")
    services.practicum_set(
        participant=other_participant, host_agency="Elsewhere", supervisor_name="Jo", supervisor_email="jo@x.example"
    )
    log_practicum(who=other_participant)
    [section] = [s for s in data_rights.sections() if s.name == "practicum"]
    assert {Practicum, SupervisorConfirmation} <= set(section.models)
    exported = section.export(participant.user)
    assert [p["host_agency"] for p in exported["practicums"]] == ["Harbor"]
    assert [(a["status"], a["comment"]) for a in exported["supervisor_answers"]] == [("Declined", "Not me")]
    assert section.export(sponsor)["answers_you_gave"] == []  # answered by link, not signed in

    section.erase(participant.user)
    assert not Practicum.objects.filter(participant=participant).exists()
    assert not HourEntry.objects.filter(participant=participant).exists()
    assert not SupervisorConfirmation.objects.filter(entry__participant=participant).exists()
    assert HourEntry.objects.filter(participant=other_participant).count() == 1


@pytest.mark.django_db
def test_erasing_a_supervisors_data_unlinks_their_account(participant, sponsor, log_practicum):
    practicum = services.practicum_set(
        participant=participant, host_agency="Harbor", supervisor_name="Sam", supervisor_email=sponsor.email
    )
    entry = log_practicum()
    services.supervisor_confirmation_decide(confirmation=confirmation_of(entry), decision="confirm", by=sponsor)
    [section] = [s for s in data_rights.sections() if s.name == "practicum"]
    assert len(section.export(sponsor)["answers_you_gave"]) == 1
    section.erase(sponsor)
    practicum.refresh_from_db()
    assert practicum.supervisor_user is None
    assert HourEntry.objects.get().status == S.APPROVED


# --- Property test ---------------------------------------------------------------------------

hours_values = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-100, max_value=100),
    st.sampled_from([Decimal("0"), Decimal("24"), Decimal("24.25"), Decimal("0.25"), Decimal("-0.25")]),
)
dates = st.dates(min_value=datetime.date(2025, 1, 1), max_value=datetime.date(2027, 12, 31))


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hours=hours_values, date=dates)
def test_the_log_service_either_logs_a_valid_entry_or_refuses_with_a_code(participant, hours, date):
    HourEntry.objects.all().delete()
    Practicum.objects.all().delete()
    services.practicum_set(
        participant=participant, host_agency="Harbor", supervisor_name="Sam", supervisor_email="s@x.example"
    )
    try:
        entry = services.practicum_hours_log(
            participant=participant, date=date, hours=hours, reflection="x", today=TODAY
        )
    except HourEntryError as error:
        assert error.code in {"not_positive", "too_many", "not_quarter", "future", "outside_program"}
        assert not HourEntry.objects.exists()
    else:
        assert Decimal(0) < entry.hours <= 24 and (entry.hours * 4) % 1 == 0
        assert datetime.date(2026, 4, 1) <= entry.date <= TODAY
        assert SupervisorConfirmation.objects.filter(entry=entry, status=C.PENDING).count() == 1
