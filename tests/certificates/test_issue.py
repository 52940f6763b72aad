"""Issuing certificates: eligibility, one certificate, numbers, expiry, status, notice."""

import datetime
import re

import pytest
from django.db import IntegrityError, transaction

from certificates import services
from certificates.models import Certificate, CertificateName
from cohorts.models import Participant, ParticipantStatusChange, Requirement
from cpse.notify.models import Notification
from tests.certificates.helpers import complete

TODAY = datetime.date(2026, 10, 1)
pytestmark = pytest.mark.django_db


def hours_categories(participant):
    return list(
        participant.cohort.requirement_set.requirements.exclude(kind=Requirement.Kind.CHECKINS).values_list(
            "category", flat=True
        )
    )


def test_a_complete_participant_is_eligible_and_check_ins_do_not_block(participant):
    assert participant.cohort.requirement_set.requirements.filter(kind=Requirement.Kind.CHECKINS).exists()
    complete(participant)
    assert services.certificate_eligibility(participant) == (True, [])


@pytest.mark.parametrize("index", range(6))
def test_each_missing_requirement_is_refused_and_named(participant, program_staff, index):
    categories = hours_categories(participant)
    if index >= len(categories):
        pytest.skip("fewer requirements in this set")
    category = categories[index]
    complete(participant, skip=(category,))
    label = str(Requirement.Category(category).label)
    eligible, missing = services.certificate_eligibility(participant)
    assert not eligible and missing == [label]
    with pytest.raises(services.CertificateError) as refused:
        services.certificate_issue(participant=participant, by=program_staff)
    assert refused.value.code == "not_eligible" and label in str(refused.value)
    assert not Certificate.objects.exists()


@pytest.mark.parametrize("status", [Participant.Status.WITHDRAWN, Participant.Status.ON_LEAVE])
def test_withdrawn_or_on_leave_is_not_eligible(participant, status):
    complete(participant)
    Participant.objects.filter(pk=participant.pk).update(status=status)
    participant.refresh_from_db()
    eligible, missing = services.certificate_eligibility(participant)
    assert not eligible and len(missing) == 1


def test_issue_makes_one_valid_certificate_and_certifies(
    participant, program_staff, django_capture_on_commit_callbacks
):
    complete(participant)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        certificate = services.certificate_issue(participant=participant, by=program_staff, today=TODAY)
    assert callbacks  # the rendering (and the notice) wait for the commit
    assert re.fullmatch(r"CPSE-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", certificate.number)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.issued_on == TODAY and certificate.issued_by == program_staff
    assert certificate.displayed_name == "Participant Cora"
    participant.refresh_from_db()
    assert participant.status == Participant.Status.CERTIFIED
    change = ParticipantStatusChange.objects.get(participant=participant)
    assert (change.from_status, change.to_status, change.changed_by) == ("enrolled", "certified", program_staff)


def test_issue_twice_gives_one_certificate(participant, program_staff):
    complete(participant)
    services.certificate_issue(participant=participant, by=program_staff)
    with pytest.raises(services.CertificateError):
        services.certificate_issue(participant=participant, by=program_staff)
    assert Certificate.objects.filter(participant=participant).count() == 1


def test_the_database_refuses_a_second_valid_certificate(participant, program_staff):
    complete(participant)
    first = services.certificate_issue(participant=participant, by=program_staff)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            number="CPSE-X", participant=participant, credential=first.credential, displayed_name="x", issued_on=TODAY
        )


def test_numbers_are_random(participant, other_participant, program_staff):
    for person in (participant, other_participant):
        complete(person)
    numbers = {
        services.certificate_issue(participant=p, by=program_staff).number for p in (participant, other_participant)
    }
    assert len(numbers) == 2


def test_a_clash_of_numbers_draws_again(participant, other_participant, program_staff, monkeypatch):
    complete(participant)
    complete(other_participant)
    taken = services.certificate_issue(participant=participant, by=program_staff).number
    draws = iter([taken, "CPSE-AAAA-BBBB-CCCC"])
    monkeypatch.setattr(services, "certificate_number", lambda abbreviation: next(draws))
    assert services.certificate_issue(participant=other_participant, by=program_staff).number == "CPSE-AAAA-BBBB-CCCC"


def test_legal_name_when_chosen(participant, program_staff):
    complete(participant)
    participant.user.legal_name = "Cora Legal Smith"
    participant.user.save()
    CertificateName.objects.create(participant=participant, use=CertificateName.Use.LEGAL)
    assert services.certificate_issue(participant=participant, by=program_staff).displayed_name == "Cora Legal Smith"


def test_legal_name_chosen_but_missing_falls_back_to_display_name(participant, program_staff):
    complete(participant)
    CertificateName.objects.create(participant=participant, use=CertificateName.Use.LEGAL)
    assert services.certificate_issue(participant=participant, by=program_staff).displayed_name == "Participant Cora"


@pytest.mark.parametrize(
    ("months", "issued", "expires"),
    [
        (None, datetime.date(2026, 10, 1), None),
        (24, datetime.date(2026, 10, 1), datetime.date(2028, 10, 1)),
        (1, datetime.date(2026, 1, 31), datetime.date(2026, 2, 28)),
        (12, datetime.date(2028, 2, 29), datetime.date(2029, 2, 28)),
    ],
)
def test_expiry_from_validity_months(participant, program_staff, months, issued, expires):
    credential = participant.cohort.credential
    credential.validity_months = months
    credential.save()
    complete(participant)
    certificate = services.certificate_issue(participant=participant, by=program_staff, today=issued)
    assert certificate.expires_on == expires


def test_the_notice_says_nothing_personal(participant, program_staff):
    complete(participant)
    certificate = services.certificate_issue(participant=participant, by=program_staff)
    notice = Notification.objects.get(kind="certificate_issued")
    text = notice.subject + notice.body
    assert "/my-certificate/" in notice.body
    for private in (certificate.number, "Cora", participant.cohort.credential.abbreviation + "-"):
        assert private not in text
