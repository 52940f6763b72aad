"""Expiry and renewal services: off by default, month arithmetic, the renewal rules and
doubles, the credential settings, the participant's summary, and the reminders."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from certificates.models import Certificate, Renewal
from certificates.renewal.services import (
    RenewalError,
    certificate_renew,
    credential_renewal_set,
    expiry_reminders_send,
    renewal_summary,
)
from cpse.dates import add_months
from cpse.notify.models import Notification
from tests.factories import ParticipantFactory, cpse_credential

TODAY = datetime.date(2026, 5, 10)
EXPIRY = datetime.date(2026, 6, 30)

# Builders (also used by the views and browser tests): certificates are made directly,
# not through the issuing service.
_numbers = itertools.count(1)


def credential_with_validity(months: int | None = 24, hours: str | None = "10"):
    credential = cpse_credential()
    credential.validity_months = months
    credential.renewal_hours = Decimal(hours) if hours is not None else None
    credential.save()
    return credential


def certificate(participant=None, *, expires_on: datetime.date | None, credential=None, **fields) -> Certificate:
    participant = participant or ParticipantFactory()
    return Certificate.objects.create(
        number=f"CPSE-TEST-{next(_numbers):05d}",
        participant=participant,
        credential=credential or cpse_credential(),
        displayed_name=participant.user.display_name,
        issued_on=datetime.date(2024, 10, 17),
        expires_on=expires_on,
        **fields,
    )


def renew(cert, by, *, hours="10", completed_on=datetime.date(2026, 5, 1), notes="", today=TODAY):
    return certificate_renew(certificate=cert, hours=hours, completed_on=completed_on, notes=notes, by=by, today=today)


# --- Off by default ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_cpse_credential_has_no_validity_and_its_certificates_are_not_renewed(participant, program_staff):
    credential = cpse_credential()
    assert credential.validity_months is None and credential.renewal_hours is None
    cert = certificate(participant, expires_on=None)
    with pytest.raises(RenewalError) as error:
        renew(cert, program_staff)
    assert error.value.code == "no_expiry"
    assert "does not expire" in str(error.value)
    assert not Renewal.objects.exists()
    assert renewal_summary(cert, today=TODAY).expires_on is None
    assert expiry_reminders_send(today=TODAY) == 0


# --- Month arithmetic --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 4, 30)),
        (datetime.date(2026, 11, 15), 2, datetime.date(2027, 1, 15)),
        (datetime.date(2026, 6, 30), 24, datetime.date(2028, 6, 30)),
        (datetime.date(2026, 6, 30), -12, datetime.date(2025, 6, 30)),
        (datetime.date(2028, 2, 29), 12, datetime.date(2029, 2, 28)),
        (datetime.date(2026, 1, 15), 120, datetime.date(2036, 1, 15)),
    ],
)
def test_months_are_added_with_the_day_clamped_to_the_month(day, months, expected):
    assert add_months(day, months) == expected


# --- Renewal rules -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_renewal_moves_the_expiry_by_the_validity_from_the_current_expiry(participant, program_staff):
    credential_with_validity(24, "10")
    cert = certificate(participant, expires_on=EXPIRY)
    record = renew(cert, program_staff, hours="12.5", notes="  Course certificates seen  ")
    cert.refresh_from_db()
    assert cert.expires_on == record.new_expires_on == datetime.date(2028, 6, 30)
    assert record.hours == Decimal("12.5") and record.recorded_by == program_staff
    assert record.notes == "Course certificates seen"
    # Encrypted at rest.
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM certificates_renewal WHERE id = %s", [record.pk])
        assert "Course" not in cursor.fetchone()[0]


@pytest.mark.django_db
def test_an_expired_certificate_renews_from_the_completion_date(participant, program_staff):
    credential_with_validity(12, None)
    cert = certificate(participant, expires_on=datetime.date(2026, 1, 31))
    record = renew(cert, program_staff, hours="0.25", completed_on=datetime.date(2026, 3, 31))
    assert record.new_expires_on == datetime.date(2027, 3, 31)


@pytest.mark.django_db
def test_a_renewal_with_jan_31_expiry_and_one_month_validity_clamps(participant, program_staff):
    credential_with_validity(1, None)
    cert = certificate(participant, expires_on=datetime.date(2026, 1, 31))
    record = renew(cert, program_staff, completed_on=datetime.date(2026, 1, 20), today=datetime.date(2026, 1, 25))
    assert record.new_expires_on == datetime.date(2026, 2, 28)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours", "completed_on", "code", "words"),
    [
        ("ten", datetime.date(2026, 5, 1), "bad_hours", "quarter hours"),
        ("-2", datetime.date(2026, 5, 1), "bad_hours", "quarter hours"),
        ("0", datetime.date(2026, 5, 1), "bad_hours", "quarter hours"),
        ("10.1", datetime.date(2026, 5, 1), "bad_hours", "quarter hours"),
        ("501", datetime.date(2026, 5, 1), "bad_hours", "quarter hours"),
        ("NaN", datetime.date(2026, 5, 1), "bad_hours", "quarter hours"),
        ("9.75", datetime.date(2026, 5, 1), "too_few_hours", "at least 10 continuing-education hours"),
        ("10", datetime.date(2026, 5, 11), "bad_date", "future"),
        ("10", datetime.date(2025, 6, 29), "bad_date", "June 30, 2025"),
    ],
)
def test_bad_renewals_are_refused_with_a_clear_message(participant, program_staff, hours, completed_on, code, words):
    credential_with_validity(24, "10")
    cert = certificate(participant, expires_on=EXPIRY)
    with pytest.raises(RenewalError) as error:
        renew(cert, program_staff, hours=hours, completed_on=completed_on)
    assert error.value.code == code
    assert words in str(error.value)
    cert.refresh_from_db()
    assert cert.expires_on == EXPIRY and not Renewal.objects.exists()


@pytest.mark.django_db
def test_the_earliest_completion_date_counts(participant, program_staff):
    credential_with_validity(24, "10")
    cert = certificate(participant, expires_on=EXPIRY)
    assert renew(cert, program_staff, completed_on=datetime.date(2025, 6, 30)).new_expires_on == datetime.date(
        2028, 6, 30
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Certificate.Status.REVOKED, Certificate.Status.REPLACED])
def test_a_revoked_or_replaced_certificate_is_not_renewed(participant, program_staff, status):
    credential_with_validity(24, "10")
    cert = certificate(participant, expires_on=EXPIRY, status=status)
    with pytest.raises(RenewalError) as error:
        renew(cert, program_staff)
    assert error.value.code == "not_valid"
    assert not Renewal.objects.exists()


@pytest.mark.django_db
def test_a_certificate_whose_credential_no_longer_sets_validity_is_not_renewed(participant, program_staff):
    credential_with_validity(None, None)
    cert = certificate(participant, expires_on=EXPIRY)
    with pytest.raises(RenewalError) as error:
        renew(cert, program_staff)
    assert error.value.code == "no_expiry"


@pytest.mark.django_db
def test_a_double_submission_renews_once(participant, program_staff):
    credential_with_validity(24, "10")
    cert = certificate(participant, expires_on=EXPIRY)
    stale = Certificate.objects.get(pk=cert.pk)
    renew(cert, program_staff)
    # The same form sent again (the page reloaded the certificate): the same hours never count twice.
    with pytest.raises(RenewalError) as again:
        renew(Certificate.objects.get(pk=cert.pk), program_staff)
    assert again.value.code == "bad_date"
    # A second request that read the certificate before the first one saved.
    with pytest.raises(RenewalError) as raced:
        renew(stale, program_staff, completed_on=datetime.date(2026, 5, 5))
    assert raced.value.code == "changed"
    assert Renewal.objects.count() == 1
    cert.refresh_from_db()
    assert cert.expires_on == datetime.date(2028, 6, 30)


@pytest.mark.django_db
def test_a_later_renewal_moves_the_expiry_again(participant, program_staff):
    credential_with_validity(24, None)
    cert = certificate(participant, expires_on=EXPIRY)
    renew(cert, program_staff)
    record = renew(cert, program_staff, completed_on=datetime.date(2027, 9, 1), today=datetime.date(2027, 9, 2))
    assert record.new_expires_on == datetime.date(2030, 6, 30)
    summary = renewal_summary(cert, today=datetime.date(2027, 9, 2))
    assert [r.completed_on for r in summary.renewals] == [datetime.date(2027, 9, 1), datetime.date(2026, 5, 1)]


# --- The credential's settings -----------------------------------------------------------------


@pytest.mark.django_db
def test_changing_validity_keeps_certificates_already_issued(participant, program_staff):
    credential = cpse_credential()
    cert = certificate(participant, expires_on=EXPIRY)
    credential_renewal_set(credential=credential, validity_months=36, renewal_hours=Decimal("20.25"), by=program_staff)
    credential.refresh_from_db()
    assert (credential.validity_months, credential.renewal_hours) == (36, Decimal("20.25"))
    cert.refresh_from_db()
    assert cert.expires_on == EXPIRY
    credential_renewal_set(credential=credential, validity_months=None, renewal_hours=None, by=program_staff)
    credential.refresh_from_db()
    assert credential.validity_months is None and credential.renewal_hours is None
    cert.refresh_from_db()
    assert cert.expires_on == EXPIRY


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("months", "hours", "code"),
    [
        (0, None, "bad_validity"),
        (121, None, "bad_validity"),
        (-1, None, "bad_validity"),
        (24, Decimal("0.1"), "bad_renewal_hours"),
        (24, Decimal("0"), "bad_renewal_hours"),
        (24, Decimal("500.25"), "bad_renewal_hours"),
        (None, Decimal("10"), "bad_renewal_hours"),
    ],
)
def test_bad_credential_settings_are_refused(program_staff, months, hours, code):
    credential = cpse_credential()
    with pytest.raises(RenewalError) as error:
        credential_renewal_set(credential=credential, validity_months=months, renewal_hours=hours, by=program_staff)
    assert error.value.code == code
    credential.refresh_from_db()
    assert credential.validity_months is None


# --- The participant's summary -----------------------------------------------------------------


@pytest.mark.django_db
def test_the_summary_tells_expiry_days_left_and_hours_asked(participant):
    credential_with_validity(24, "10")
    cert = certificate(participant, expires_on=EXPIRY)
    summary = renewal_summary(cert, today=TODAY)
    assert (summary.expires_on, summary.days_left, summary.renewal_hours) == (EXPIRY, 51, Decimal("10"))
    assert summary.renew_soon and not summary.expired and summary.renewals == []
    assert renewal_summary(cert, today=datetime.date(2026, 7, 1)).expired


# --- Reminders ---------------------------------------------------------------------------------


def expiry_notes(cert):
    return sorted(
        Notification.objects.filter(
            kind="certificate_expiry", key__startswith=f"certificate-expiry:{cert.pk}:"
        ).values_list("key", flat=True)
    )


@pytest.mark.django_db
def test_each_window_is_reminded_once(participant, program_staff, time_machine):
    credential_with_validity(24, "10")
    cert = certificate(participant, expires_on=EXPIRY)
    days = {}
    day = EXPIRY - datetime.timedelta(days=100)
    while day < EXPIRY + datetime.timedelta(days=3):
        time_machine.move_to(datetime.datetime.combine(day, datetime.time(12)))
        expiry_reminders_send()
        expiry_reminders_send()  # beat runs hourly: twice the same day changes nothing
        for key in expiry_notes(cert):
            days.setdefault(key, day)
        day += datetime.timedelta(days=1)
    assert days == {
        f"certificate-expiry:{cert.pk}:90": EXPIRY - datetime.timedelta(days=90),
        f"certificate-expiry:{cert.pk}:30": EXPIRY - datetime.timedelta(days=30),
        f"certificate-expiry:{cert.pk}:7": EXPIRY - datetime.timedelta(days=7),
    }
    note = Notification.objects.get(key=f"certificate-expiry:{cert.pk}:7")
    assert note.recipient == participant.user
    assert "Your certificate will need renewing soon. Please sign in to see what to do." in note.body
    assert cert.number not in note.body and participant.user.display_name not in note.body


@pytest.mark.django_db
def test_running_twice_sends_once(participant, program_staff):
    credential_with_validity(24, "10")
    certificate(participant, expires_on=TODAY + datetime.timedelta(days=30))
    assert expiry_reminders_send(today=TODAY) == 2  # the participant's note and one staff digest
    assert expiry_reminders_send(today=TODAY) == 0
    assert Notification.objects.filter(kind="certificate_expiry").count() == 1


@pytest.mark.django_db
def test_a_missed_day_still_sends_the_window_but_not_the_ones_already_past(participant):
    credential_with_validity(24, "10")
    cert = certificate(participant, expires_on=TODAY + datetime.timedelta(days=88))
    expiry_reminders_send(today=TODAY)  # beat missed the 90-day mark by two days
    assert expiry_notes(cert) == [f"certificate-expiry:{cert.pk}:90"]
    late = certificate(expires_on=TODAY + datetime.timedelta(days=20))
    expiry_reminders_send(today=TODAY)  # issued close to expiry: only the 30-day window
    assert expiry_notes(late) == [f"certificate-expiry:{late.pk}:30"]


@pytest.mark.django_db
def test_no_reminder_for_revoked_replaced_expired_or_never_expiring(participant, other_participant, program_staff):
    credential_with_validity(24, "10")
    soon = TODAY + datetime.timedelta(days=7)
    certificate(participant, expires_on=soon, status=Certificate.Status.REVOKED)
    certificate(other_participant, expires_on=soon, status=Certificate.Status.REPLACED)
    certificate(expires_on=TODAY)
    certificate(expires_on=TODAY - datetime.timedelta(days=3))
    certificate(expires_on=None)
    assert expiry_reminders_send(today=TODAY) == 0
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_program_staff_get_one_digest_a_day_without_names(participant, program_staff, instructor):
    credential_with_validity(24, "10")
    certificate(participant, expires_on=TODAY + datetime.timedelta(days=30))
    certificate(expires_on=TODAY + datetime.timedelta(days=5))
    certificate(expires_on=TODAY + datetime.timedelta(days=60))
    expiry_reminders_send(today=TODAY)
    expiry_reminders_send(today=TODAY)
    digests = Notification.objects.filter(kind="certificate_expiry_digest")
    assert [d.recipient for d in digests] == [program_staff]
    assert "2 certificates expire within 30 days" in digests[0].body
    assert participant.user.display_name not in digests[0].body
    expiry_reminders_send(today=TODAY + datetime.timedelta(days=1))
    assert Notification.objects.filter(kind="certificate_expiry_digest").count() == 2


@pytest.mark.django_db
def test_the_task_sends_through_the_outbox(participant, time_machine, django_capture_on_commit_callbacks):
    from cpse.notify import tasks

    credential_with_validity(24, "10")
    certificate(participant, expires_on=datetime.date(2026, 6, 30))
    time_machine.move_to(datetime.datetime(2026, 6, 23, 12))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.run_reminders.delay()
    # The one schedule runs every reminder (this participant is also behind on hours).
    assert [m.subject for m in mail.outbox].count("Your certificate will need renewing soon") == 1


@pytest.mark.django_db
def test_the_change_history_records_who_changed_the_settings(program_staff):
    from auditlog.models import LogEntry

    credential = cpse_credential()
    credential_renewal_set(credential=credential, validity_months=24, renewal_hours=None, by=program_staff)
    entry = LogEntry.objects.get_for_object(credential).latest("timestamp")
    assert entry.actor == program_staff and "validity_months" in entry.changes_dict
