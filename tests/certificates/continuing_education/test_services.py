"""Continuing education: logging, changing and deleting by the graduate, approving and
returning by staff (once), and the approved hours feeding the renewal rule."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from certificates.continuing_education import services
from certificates.models import ContinuingEducation, Renewal
from certificates.renewal.services import (
    RenewalError,
    approved_hours_counting,
    certificate_renew,
    renewal_summary,
    renewal_window,
)
from cpse.dates import add_months
from cpse.notify.models import Notification
from tests.certificates.renewal.test_services import certificate, credential_with_validity

TODAY = datetime.date(2026, 5, 10)
EXPIRY = datetime.date(2026, 6, 30)
PDF = b"%PDF-1.4 a certificate of attendance"

S = ContinuingEducation.Status


@pytest.fixture
def cert(participant):
    credential_with_validity(24, "10")
    return certificate(participant, expires_on=EXPIRY)


def log(cert, *, hours="4", completed_on=datetime.date(2026, 4, 1), **fields):
    return services.continuing_education_submit(
        certificate=cert,
        activity=fields.pop("activity", "Trauma-informed care workshop"),
        provider=fields.pop("provider", "State coalition"),
        completed_on=completed_on,
        hours=hours,
        today=TODAY,
        **fields,
    )


def approve(entry, by):
    return services.continuing_education_approve(entry=entry, by=by)


# --- Continuing-education approval feeds renewal ------------------------------------------------


@pytest.mark.django_db
def test_approved_hours_feed_the_renewal_and_never_count_twice(cert, program_staff):
    first = log(cert, hours="6", completed_on=datetime.date(2026, 3, 2))
    second = log(cert, hours="4.25", completed_on=datetime.date(2026, 4, 20))
    waiting = log(cert, hours="20", completed_on=datetime.date(2026, 4, 21))
    # Waiting hours do not count: nothing approved, no renewal.
    assert renewal_summary(cert, today=TODAY).approved_hours == 0
    with pytest.raises(RenewalError) as refused:
        certificate_renew(certificate=cert, notes="", by=program_staff, today=TODAY)
    assert refused.value.code == "no_approved_hours"

    approve(first, program_staff)
    summary = renewal_summary(cert, today=TODAY)
    assert (summary.approved_hours, summary.enough_hours) == (Decimal("6"), False)
    with pytest.raises(RenewalError) as refused:
        certificate_renew(certificate=cert, notes="", by=program_staff, today=TODAY)
    assert refused.value.code == "too_few_hours"

    approve(second, program_staff)
    summary = renewal_summary(cert, today=TODAY)
    assert (summary.approved_hours, summary.enough_hours) == (Decimal("10.25"), True)
    renewal = certificate_renew(certificate=cert, notes="", by=program_staff, today=TODAY)
    # The total and the latest completion day come from the approved hours.
    assert (renewal.hours, renewal.completed_on) == (Decimal("10.25"), datetime.date(2026, 4, 20))
    assert renewal.new_expires_on == add_months(EXPIRY, 24)
    cert.refresh_from_db()
    assert cert.expires_on == renewal.new_expires_on

    # Approved after the renewal, completed before it: never counted again.
    approve(waiting, program_staff)
    summary = renewal_summary(cert, today=TODAY)
    assert summary.approved_hours == 0
    # The next renewal counts hours from a year before the new expiry (the renewal rule).
    assert summary.counts_from == add_months(renewal.new_expires_on, -12)
    with pytest.raises(RenewalError):
        certificate_renew(certificate=cert, notes="", by=program_staff, today=TODAY)
    assert Renewal.objects.count() == 1


@pytest.mark.django_db
def test_only_hours_inside_the_window_count(cert, program_staff):
    earliest = add_months(EXPIRY, -12)
    too_early = log(cert, hours="8", completed_on=earliest - datetime.timedelta(days=1))
    first_day = log(cert, hours="2", completed_on=earliest)
    for entry in (too_early, first_day):
        approve(entry, program_staff)
    window = renewal_window(cert)
    assert window.first_day() == earliest
    assert approved_hours_counting(cert, window=window, today=TODAY) == (Decimal("2"), earliest)


@pytest.mark.django_db
def test_a_total_shown_on_paper_still_renews_and_moves_the_window(cert, program_staff):
    entry = log(cert, hours="12", completed_on=datetime.date(2026, 4, 1))
    certificate_renew(
        certificate=cert,
        hours="10",
        completed_on=datetime.date(2026, 4, 5),
        notes="Paper",
        by=program_staff,
        today=TODAY,
    )
    approve(entry, program_staff)
    assert renewal_summary(cert, today=TODAY).approved_hours == 0


# --- The graduate's entries ---------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hours", "completed_on", "code"),
    [
        ("0", datetime.date(2026, 4, 1), "bad_hours"),
        ("1.1", datetime.date(2026, 4, 1), "bad_hours"),
        ("500.25", datetime.date(2026, 4, 1), "bad_hours"),
        ("nonsense", datetime.date(2026, 4, 1), "bad_hours"),
        ("2", TODAY + datetime.timedelta(days=1), "bad_date"),
    ],
)
def test_bad_entries_are_refused(cert, hours, completed_on, code):
    with pytest.raises(RenewalError) as refused:
        log(cert, hours=hours, completed_on=completed_on)
    assert refused.value.code == code
    assert not ContinuingEducation.objects.exists()


@pytest.mark.django_db
def test_without_a_renewal_rule_nothing_is_logged(participant):
    credential_with_validity(24, None)
    cert = certificate(participant, expires_on=EXPIRY)
    with pytest.raises(services.ContinuingEducationError) as refused:
        log(cert)
    assert refused.value.code == "no_renewal_rule"


@pytest.mark.django_db
def test_a_returned_entry_is_changed_and_waits_again_an_approved_one_stays(cert, program_staff):
    entry = log(cert)
    services.continuing_education_return(entry=entry, by=program_staff, reason="Please add the provider's name.")
    entry.refresh_from_db()
    assert (entry.status, entry.return_reason) == (S.RETURNED, "Please add the provider's name.")
    changed = services.continuing_education_update(
        entry=entry,
        activity="Workshop",
        provider="Coalition",
        completed_on=datetime.date(2026, 4, 2),
        hours="3.5",
        today=TODAY,
    )
    assert (changed.status, changed.hours, changed.provider) == (S.SUBMITTED, Decimal("3.5"), "Coalition")
    approve(entry, program_staff)
    with pytest.raises(services.ContinuingEducationError) as refused:
        services.continuing_education_update(
            entry=entry, activity="x", provider="y", completed_on=datetime.date(2026, 4, 2), hours="1", today=TODAY
        )
    assert refused.value.code == "already_approved"
    with pytest.raises(services.ContinuingEducationError):
        services.continuing_education_delete(entry=entry, by=cert.participant.user)
    assert ContinuingEducation.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_deleting_twice_deletes_once_and_takes_the_file(cert, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = tmp_path
    entry = log(cert, evidence=SimpleUploadedFile("attendance.pdf", PDF))
    stored = entry.evidence.name
    assert entry.evidence.storage.exists(stored) and "attendance" not in stored
    with django_capture_on_commit_callbacks(execute=True):
        services.continuing_education_delete(entry=entry, by=cert.participant.user)
    assert not entry.evidence.storage.exists(stored)
    with pytest.raises(services.ContinuingEducationError) as refused:
        services.continuing_education_delete(entry=entry, by=cert.participant.user)
    assert refused.value.code == "already_deleted"


# --- Staff decide once ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_double_approval_acts_once(cert, program_staff):
    entry = log(cert)
    approve(entry, program_staff)
    with pytest.raises(services.ContinuingEducationError) as refused:
        approve(ContinuingEducation.objects.get(pk=entry.pk), program_staff)
    assert refused.value.code == "already_approved"
    with pytest.raises(services.ContinuingEducationError) as refused:
        services.continuing_education_return(entry=entry, by=program_staff, reason="No")
    assert refused.value.code == "already_approved"


@pytest.mark.django_db
def test_a_return_needs_a_reason_and_the_email_says_nothing_sensitive(
    cert, program_staff, django_capture_on_commit_callbacks
):
    entry = log(cert, activity="Survivor leadership retreat")
    with pytest.raises(services.ContinuingEducationError) as refused:
        services.continuing_education_return(entry=entry, by=program_staff, reason="  ")
    assert refused.value.code == "reason_required"
    with django_capture_on_commit_callbacks(execute=True):
        services.continuing_education_return(entry=entry, by=program_staff, reason="The date looks wrong.")
    assert Notification.objects.filter(kind=services.RETURNED_KIND, recipient=cert.participant.user).count() == 1
    sent = "".join(f"{message.subject} {message.body}" for message in mail.outbox)
    assert "/my-certificate/continuing-education/" in sent
    for private in ("Survivor leadership", "The date looks wrong", cert.participant.user.display_name):
        assert private not in sent


@pytest.mark.django_db
def test_with_a_short_validity_only_hours_after_the_last_renewal_count(participant, program_staff):
    credential_with_validity(6, "2")
    cert = certificate(participant, expires_on=EXPIRY)
    certificate_renew(
        certificate=cert, hours="2", completed_on=datetime.date(2026, 5, 1), notes="", by=program_staff, today=TODAY
    )
    same_day = log(cert, hours="3", completed_on=datetime.date(2026, 5, 1))
    day_after = log(cert, hours="1.5", completed_on=datetime.date(2026, 5, 2))
    for entry in (same_day, day_after):
        approve(entry, program_staff)
    summary = renewal_summary(cert, today=TODAY)
    assert (summary.counts_from, summary.approved_hours) == (datetime.date(2026, 5, 2), Decimal("1.5"))
