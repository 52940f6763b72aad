"""Issuing a whole cohort, revoking and reissuing."""

import datetime
import uuid

import pytest

from certificates import selectors, services, tasks
from certificates.models import Certificate, CertificateBatch
from cohorts import services as cohort_services
from tests.certificates.helpers import complete
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_a_batch_issues_each_eligible_once_even_run_twice(
    participant, other_participant, program_staff, django_capture_on_commit_callbacks, monkeypatch
):
    rendered = []
    monkeypatch.setattr(tasks.render, "delay", rendered.append)
    complete(participant)
    not_ready = ParticipantFactory(cohort=participant.cohort)
    complete(not_ready, skip=("practicum",))
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.certificate_batch_start(
            cohort=participant.cohort, previewed=[participant.public_id], by=program_staff
        )
    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.issued, batch.skipped) == (CertificateBatch.Status.DONE, 1, 1, 0)
    assert batch.finished_at is not None
    assert rendered == [Certificate.objects.get().pk]
    # The same batch again (the task delivered twice): nothing new.
    services.certificate_batch_run(batch_id=batch.pk)
    # A new batch for the same cohort and person: nothing new either.
    again = services.certificate_batch_start(
        cohort=participant.cohort, previewed=[participant.public_id], by=program_staff
    )
    again = services.certificate_batch_run(batch_id=again.pk)
    assert (again.total, again.issued, again.skipped) == (1, 0, 1)
    assert Certificate.objects.count() == 1
    assert Certificate.objects.get().participant == participant


def test_a_running_batch_refuses_another(participant, program_staff):
    services.certificate_batch_start(cohort=participant.cohort, previewed=[participant.public_id], by=program_staff)
    with pytest.raises(services.CertificateError) as refused:
        services.certificate_batch_start(cohort=participant.cohort, previewed=[participant.public_id], by=program_staff)
    assert refused.value.code == "running"


def test_a_batch_issues_only_those_previewed_and_still_eligible(participant, other_participant, program_staff):
    """Issue #26: the confirmation pins its list. Someone previewed who is no longer
    eligible is skipped (and named on the batch page); someone who became eligible after
    the preview is not issued."""
    complete(participant)
    previewed = [participant.public_id, other_participant.public_id]
    complete(other_participant)
    latecomer = complete(ParticipantFactory(cohort=participant.cohort))  # eligible, never previewed
    batch = services.certificate_batch_start(cohort=participant.cohort, previewed=previewed, by=program_staff)
    cohort_services.participant_leave(participant=other_participant, by=program_staff, reason="")
    batch = services.certificate_batch_run(batch_id=batch.pk)
    assert (batch.total, batch.issued, batch.skipped) == (2, 1, 1)
    assert [c.participant for c in Certificate.objects.all()] == [participant]
    assert list(selectors.batch_not_issued(batch)) == [other_participant]
    assert not Certificate.objects.filter(participant=latecomer).exists()


@pytest.mark.parametrize("case", ["empty", "other_cohort", "unknown"])
def test_a_list_that_is_empty_or_not_the_cohorts_is_refused(participant, program_staff, case):
    complete(participant)
    elsewhere = ParticipantFactory(cohort__year=2027)
    previewed = {
        "empty": [],
        "other_cohort": [participant.public_id, elsewhere.public_id],
        "unknown": [participant.public_id, uuid.uuid4()],
    }[case]
    with pytest.raises(services.CertificateError) as refused:
        services.certificate_batch_start(cohort=participant.cohort, previewed=previewed, by=program_staff)
    assert refused.value.code == ("empty" if case == "empty" else "not_in_cohort")
    assert not CertificateBatch.objects.exists()


def test_a_batch_skips_someone_certified_meanwhile(participant, program_staff, monkeypatch):
    complete(participant)
    batch = services.certificate_batch_start(
        cohort=participant.cohort, previewed=[participant.public_id], by=program_staff
    )
    real_issue = services.certificate_issue

    def issued_first_by_a_click(**kwargs):
        real_issue(**kwargs)
        return real_issue(**kwargs)

    monkeypatch.setattr(services, "certificate_issue", issued_first_by_a_click)
    batch = services.certificate_batch_run(batch_id=batch.pk)
    assert (batch.total, batch.issued, batch.skipped) == (1, 0, 1)
    assert Certificate.objects.count() == 1


@pytest.fixture
def certificate(participant, program_staff):
    complete(participant)
    credential = participant.cohort.credential
    credential.validity_months = 24
    credential.save()
    return services.certificate_issue(participant=participant, by=program_staff, today=datetime.date(2026, 10, 1))


def test_revoke_once_with_a_reason_kept(certificate, program_staff):
    with pytest.raises(services.CertificateError) as refused:
        services.certificate_revoke(certificate=certificate, reason="  ", by=program_staff)
    assert refused.value.code == "reason_required"
    services.certificate_revoke(certificate=certificate, reason="Found to be issued in error", by=program_staff)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED and certificate.revoked_at and certificate.revoked_by
    assert certificate.revoked_reason == "Found to be issued in error"
    with pytest.raises(services.CertificateError) as twice:
        services.certificate_revoke(certificate=certificate, reason="Again", by=program_staff)
    assert twice.value.code == "not_valid"
    assert certificate.participant.user.notifications.filter(kind="certificate_news").count() == 1


def test_reissue_keeps_history(certificate, program_staff, participant):
    participant.user.display_name = "Cora New"
    participant.user.save()
    new = services.certificate_reissue(certificate=certificate, by=program_staff, reason="Name change")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REPLACED
    assert new.replaces == certificate and certificate.replaced_by == new
    assert new.number != certificate.number and new.status == Certificate.Status.VALID
    assert new.displayed_name == "Cora New" and certificate.displayed_name == "Participant Cora"
    assert new.expires_on == certificate.expires_on == datetime.date(2028, 10, 1)
    with pytest.raises(services.CertificateError):
        services.certificate_reissue(certificate=certificate, by=program_staff, reason="Again")
    assert Certificate.objects.filter(status=Certificate.Status.VALID).count() == 1
