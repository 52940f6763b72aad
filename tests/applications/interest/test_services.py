"""The interest list's rules (applications.interest.services): a cohort per sign-up,
invitations to every cohort that opens its window, nobody dropped, invite again once per
window, mark as contacted, remove on request."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.db import IntegrityError, transaction

from accounts.models import User
from applications.interest import services
from applications.models import Application, InterestSignup
from cpse.notify.models import Notification
from tests.factories import ApplicationFactory, CohortFactory, UserFactory

# Before the 2030 cohort's window (5 Jan to 15 Mar 2030, tests.factories.CohortFactory).
BEFORE = datetime.datetime(2029, 11, 2, 15, tzinfo=datetime.UTC)
IN_WINDOW = datetime.datetime(2030, 1, 20, 15, tzinfo=datetime.UTC)
OPEN_DAY = datetime.date(2030, 1, 20)


# --- The public form and the first invitation (moved from tests/applications/test_services.py) ---


@pytest.mark.django_db
def test_interested_people_are_invited_once_when_the_window_opens(django_capture_on_commit_callbacks):
    CohortFactory(year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_signup_create(
            display_name="Lu",
            email="lu@example.org",
            phone="",
            safe_contact="email",
            safe_contact_note="",
            state="TX",
            note="",
        )
        services.interest_signup_create(
            display_name="Bo",
            email="",
            phone="555 0100",
            safe_contact="phone",
            safe_contact_note="",
            state="TX",
            note="",
        )
    assert [m.subject for m in mail.outbox] == ["Thank you for your interest"]
    assert services.interest_invitations_send(today=datetime.date(2025, 12, 1)) == 0  # not open yet
    with django_capture_on_commit_callbacks(execute=True):
        assert services.interest_invitations_send(today=datetime.date(2026, 1, 10)) == 1
        assert services.interest_invitations_send(today=datetime.date(2026, 1, 11)) == 0
    assert [m.subject for m in mail.outbox][1:] == ["Applications are open"]
    assert "Lu" not in mail.outbox[1].body


def interest(**answers) -> InterestSignup:
    typed = {
        "display_name": "Lu",
        "email": "",
        "phone": "",
        "safe_contact": "email",
        "safe_contact_note": "",
        "state": "",
        "note": "",
    }
    return services.interest_signup_create(**{**typed, **answers})


@pytest.mark.django_db
def test_an_email_given_only_as_a_fallback_is_never_written_to(django_capture_on_commit_callbacks):
    CohortFactory(year=2026)
    with django_capture_on_commit_callbacks(execute=True):
        interest(email="lu@example.org", phone="555 0100", safe_contact="phone")
        interest(display_name="Bo", email="bo@example.org", phone="555 0101", safe_contact="text")
        assert services.interest_invitations_send(today=datetime.date(2026, 1, 10)) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_phone_counts_as_the_same_person_only_with_the_same_name():
    first = interest(phone="555 0100", safe_contact="phone", note="Mornings")
    assert interest(display_name="lu", phone="555 0100", safe_contact="text") == first
    # A phone shared in a household or a shelter: someone else's sign-up is her own row.
    other = interest(display_name="Mae", phone="555 0100", safe_contact="phone")
    assert other != first
    # Sending it again with an email address added: still her row, now with the address.
    again = interest(email="lu@example.org", phone="555 0100", safe_contact="email")
    first.refresh_from_db()
    assert (again, first.email, first.safe_contact, first.note) == (first, "lu@example.org", "email", "Mornings")
    assert InterestSignup.objects.count() == 2


@pytest.mark.django_db
def test_two_sendings_at_the_same_moment_leave_one_row(monkeypatch, django_capture_on_commit_callbacks):
    first = interest(email="lu@example.org", state="TX")
    # The other sending did not see her row yet when it looked: the database refuses the
    # second row and the service updates hers instead.
    look_up = services._interest_signup_same_person
    calls = []

    def not_seen_the_first_time(answers):
        calls.append(answers)
        return look_up(answers) if len(calls) > 1 else None

    monkeypatch.setattr(services, "_interest_signup_same_person", not_seen_the_first_time)
    with django_capture_on_commit_callbacks(execute=True):
        again = interest(email="LU@example.org", state="NM")
    assert again == first and len(calls) == 2
    assert InterestSignup.objects.get().state == "NM"
    assert Notification.objects.filter(kind="interest_received").count() == 1


@pytest.mark.django_db
def test_the_database_keeps_one_interest_row_per_email():
    InterestSignup.objects.create(display_name="Lu", email="lu@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        InterestSignup.objects.create(display_name="Lu", email="Lu@Example.org")


# --- Each sign-up is for a cohort ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_signup_is_for_the_cohort_open_now_else_the_next_else_none(time_machine):
    time_machine.move_to(BEFORE)
    assert interest(email="early@example.org").cohort is None  # nothing announced yet
    next_one = CohortFactory(year=2030)
    assert interest(email="lu@example.org").cohort == next_one
    time_machine.move_to(IN_WINDOW)
    CohortFactory(year=2031)
    assert interest(email="mae@example.org").cohort == next_one  # the open one before the next


@pytest.mark.django_db
def test_sending_the_form_again_moves_her_to_the_cohort_of_now(time_machine):
    time_machine.move_to(BEFORE)
    CohortFactory(year=2030)
    first = interest(email="lu@example.org")
    time_machine.move_to(datetime.datetime(2030, 6, 1, 15, tzinfo=datetime.UTC))  # 2030's window closed
    later = CohortFactory(year=2031)
    again = interest(email="lu@example.org")
    assert again == first and again.cohort == later


# --- Invitations: every cohort that opens, nobody dropped ----------------------------------------------


def _signup(cohort, **fields) -> InterestSignup:
    values = {"display_name": "Lu", "email": "lu@example.org", "cohort": cohort, **fields}
    return InterestSignup.objects.create(**values)


@pytest.mark.django_db
def test_each_cohort_that_opens_invites_its_own_list(django_capture_on_commit_callbacks):
    first = CohortFactory(year=2030)
    # Another cohort whose window is open at the same time (not the one the public page features).
    second = CohortFactory(year=2031, applications_open=datetime.date(2030, 1, 10))
    lu, mae = _signup(first), _signup(second, display_name="Mae", email="mae@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.interest_invitations_send(today=OPEN_DAY) == 2
        assert services.interest_invitations_send(today=OPEN_DAY) == 0  # a second run sends nothing
    lu.refresh_from_db()
    mae.refresh_from_db()
    assert (lu.invited_cohort, mae.invited_cohort) == (first, second)
    assert sorted(message.to[0] for message in mail.outbox) == ["lu@example.org", "mae@example.org"]


@pytest.mark.django_db
def test_a_later_cohorts_list_waits_for_its_own_window():
    CohortFactory(year=2030)
    later = CohortFactory(year=2031)
    waiting = _signup(later)
    assert services.interest_invitations_send(today=OPEN_DAY) == 0
    waiting.refresh_from_db()
    assert (waiting.cohort, waiting.invited_cohort) == (later, None)


@pytest.mark.django_db
def test_those_waiting_without_a_cohort_or_missed_join_the_opening_cohort():
    closed, opening = CohortFactory(year=2029), CohortFactory(year=2030)
    waiting = _signup(None)
    missed = _signup(closed, display_name="Mae", email="mae@example.org")
    invited_before = _signup(closed, display_name="Bo", email="bo@example.org", invited_cohort=closed)
    phone = _signup(None, display_name="Ivy", email="", phone="555 0100", safe_contact=User.SafeContact.TEXT)
    assert services.interest_invitations_send(today=OPEN_DAY) == 2
    for signup in (waiting, missed, invited_before, phone):
        signup.refresh_from_db()
    assert (waiting.cohort, missed.cohort, phone.cohort) == (opening, opening, opening)
    assert invited_before.cohort == closed  # she was invited for the cohort she chose
    # Nobody emails the person who asked for a text: she is on the call-or-text list instead.
    assert phone.invited_cohort is None
    assert not Notification.objects.filter(key__contains=str(phone.public_id)).exists()


@pytest.mark.django_db
def test_someone_who_applied_for_a_closed_cohort_is_not_moved():
    closed = CohortFactory(year=2029)
    CohortFactory(year=2030)
    applicant = UserFactory(email="Lu@Example.org")
    ApplicationFactory(applicant=applicant, cohort=closed, status=Application.Status.SUBMITTED)
    applied = _signup(closed)
    services.interest_invitations_send(today=OPEN_DAY)
    applied.refresh_from_db()
    assert applied.cohort == closed


# --- Invite again --------------------------------------------------------------------------------------


@pytest.fixture
def invited(time_machine):
    time_machine.move_to(IN_WINDOW)
    cohort = CohortFactory(year=2030)
    signup = _signup(cohort)
    services.interest_invitations_send(today=OPEN_DAY)
    signup.refresh_from_db()
    return signup


@pytest.mark.django_db
def test_invite_again_once_per_window(invited, program_staff, time_machine):
    services.interest_invite_again(signup=invited, by=program_staff, today=OPEN_DAY)
    invited.refresh_from_db()
    assert invited.invited_again_by == program_staff and invited.invited_again_at is not None
    assert Notification.objects.filter(key__startswith="interest-invitation-again:").count() == 1
    with pytest.raises(services.InterestError) as refused:
        services.interest_invite_again(signup=invited, by=program_staff, today=OPEN_DAY)
    assert refused.value.code == "already_invited_again"
    assert "Lu was invited again on" in str(refused.value)
    # The next year's window: once more is allowed again.
    time_machine.move_to(datetime.datetime(2031, 1, 20, 15, tzinfo=datetime.UTC))
    next_year = CohortFactory(year=2031)
    interest(email="lu@example.org")  # she asks again for the next cohort
    services.interest_invitations_send(today=datetime.date(2031, 1, 20))
    invited.refresh_from_db()
    assert invited.cohort == next_year
    services.interest_invite_again(signup=invited, by=program_staff, today=datetime.date(2031, 1, 20))
    assert Notification.objects.filter(key__startswith="interest-invitation-again:").count() == 2


@pytest.mark.django_db
def test_invite_again_is_refused_kindly_when_it_cannot_go(invited, program_staff):
    def refusal(signup, today=OPEN_DAY):
        with pytest.raises(services.InterestError) as refused:
            services.interest_invite_again(signup=signup, by=program_staff, today=today)
        return refused.value.code

    assert refusal(invited, today=datetime.date(2030, 3, 16)) == "window_not_open"
    by_text = _signup(invited.cohort, display_name="Ivy", email="", phone="555", safe_contact=User.SafeContact.TEXT)
    assert refusal(by_text) == "not_by_email"
    # An email kept only as a fallback is never written to.
    by_phone = _signup(invited.cohort, display_name="Bo", email="bo@example.org", phone="555", safe_contact="phone")
    assert refusal(by_phone) == "not_by_email"
    ApplicationFactory(
        applicant=UserFactory(email="lu@example.org"), cohort=invited.cohort, status=Application.Status.SUBMITTED
    )
    assert refusal(invited) == "already_applied"
    assert not Notification.objects.filter(key__startswith="interest-invitation-again:").exists()


@pytest.mark.django_db
def test_invite_again_before_the_first_went_counts_as_her_invitation(time_machine, program_staff):
    time_machine.move_to(IN_WINDOW)
    cohort = CohortFactory(year=2030)
    signup = _signup(cohort)
    services.interest_invite_again(signup=signup, by=program_staff, today=OPEN_DAY)
    assert services.interest_invitations_send(today=OPEN_DAY) == 0
    signup.refresh_from_db()
    assert signup.invited_cohort == cohort


# --- Call or text ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_mark_as_contacted_keeps_who_and_when_once_per_window(time_machine, program_staff):
    time_machine.move_to(IN_WINDOW)
    cohort = CohortFactory(year=2030)
    ivy = _signup(cohort, display_name="Ivy", email="", phone="555 0100", safe_contact=User.SafeContact.PHONE)
    services.interest_mark_contacted(signup=ivy, by=program_staff, today=OPEN_DAY)
    ivy.refresh_from_db()
    assert ivy.contacted_by == program_staff and ivy.contacted_at is not None
    with pytest.raises(services.InterestError) as refused:
        services.interest_mark_contacted(signup=ivy, by=program_staff, today=OPEN_DAY)
    assert refused.value.code == "already_contacted"


@pytest.mark.django_db
def test_mark_as_contacted_is_refused_before_the_window_and_for_email(time_machine, program_staff):
    time_machine.move_to(BEFORE)
    cohort = CohortFactory(year=2030)
    ivy = _signup(cohort, display_name="Ivy", email="", phone="555 0100", safe_contact=User.SafeContact.PHONE)
    waiting = _signup(None, display_name="Bo", email="", phone="555 0101", safe_contact=User.SafeContact.TEXT)
    lu = _signup(cohort)
    for signup, code in ((ivy, "window_not_open"), (waiting, "window_not_open"), (lu, "not_by_phone")):
        with pytest.raises(services.InterestError) as refused:
            services.interest_mark_contacted(signup=signup, by=program_staff, today=BEFORE.date())
        assert refused.value.code == code
    assert "open on" in str(_refusal_text(ivy, program_staff))


def _refusal_text(signup, by) -> str:
    try:
        services.interest_mark_contacted(signup=signup, by=by, today=BEFORE.date())
    except services.InterestError as error:
        return str(error)
    return ""


# --- Remove on request -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_remove_on_request_deletes_her_row_and_messages_and_keeps_one_nameless_line(invited, program_staff):
    other = _signup(invited.cohort, display_name="Mae", email="mae@example.org")
    services.interest_invitations_send(today=OPEN_DAY)
    services.interest_signup_remove(signup=invited, by=program_staff)
    assert list(InterestSignup.objects.all()) == [other]
    assert not Notification.objects.filter(key__contains=str(invited.public_id)).exists()
    assert Notification.objects.filter(key__contains=str(other.public_id)).exists()
    entry = LogEntry.objects.get(action=LogEntry.Action.DELETE, object_pk=str(invited.pk))
    assert entry.actor == program_staff and entry.object_repr == "—" and entry.changes in ({}, None, "{}")
    assert "Lu" not in str(entry.changes) and "lu@example.org" not in entry.object_repr
    # A second click finds nothing to remove and writes nothing more.
    services.interest_signup_remove(signup=invited, by=program_staff)
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE, object_pk=str(invited.pk)).count() == 1


@pytest.mark.django_db
def test_erasing_her_account_data_takes_the_interest_messages_too(invited):
    from applications.data_rights import erase_interest_signups

    assert Notification.objects.filter(key__contains=str(invited.public_id)).exists()
    erase_interest_signups(UserFactory(email="LU@example.org"))
    assert not InterestSignup.objects.exists()
    assert not Notification.objects.filter(key__contains=str(invited.public_id)).exists()
