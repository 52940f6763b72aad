"""Reads for program staff's certificate pages, each in a fixed number of queries, and
who is certified, for every app that asks.

Rules chosen here: a participant is certified while they hold a certificate that is valid
today (the site's local date): issued, neither revoked nor replaced by a reissue (the
newer certificate then counts), and not past its `expires_on` (a certificate is still
valid on its expiry day), whatever the credential. `valid_certificate_q` is the one
definition: `valid_certificates`, `certified_participant_ids`, `is_certified`,
`user_is_certified` and through them the sponsors' pages, mentorship, the participant
record and the reports are built on it. It is the query form of public verification's
state (`certificates.verification.certificate_state` says "valid" for the same rows;
tests/certificates/test_certified_rule.py holds them together). The graduation list
(`graduates`) is the ceremony's, of who was certified for the cohort, and does not
look at expiry.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from certificates.models import Certificate, CertificateBatch
from certificates.services import grid_eligibility
from cohorts.models import Cohort, Participant
from requirements_tracking.progress import cohort_grid, cohort_in_progress


def default_cohort() -> Cohort | None:
    """The cohort the certificates page opens on: the one in progress (the cohort grid's)."""
    return cohort_in_progress()


def graduation_cohort(*, today: datetime.date | None = None) -> Cohort | None:
    """The graduation list opens on the cohort whose graduation is next, else the most recent."""
    today = today or timezone.localdate()
    return (
        Cohort.objects.filter(graduation_date__gte=today).order_by("graduation_date", "pk").first()
        or Cohort.objects.order_by("-graduation_date", "-pk").first()
    )


@dataclass(frozen=True)
class CertificateRow:
    participant: Participant
    eligible: bool
    missing: list[str]
    # Their valid certificate for the cohort's credential, else the latest one (None: none).
    certificate: Certificate | None


def cohort_certificate_rows(cohort: Cohort) -> list[CertificateRow]:
    """Everyone in the cohort (the grid's people), eligible or what is missing, and their
    certificate: the cohort grid's queries and one for the certificates, whatever the
    cohort's size."""
    grid = cohort_grid(cohort)
    certificates: dict[int, Certificate] = {}
    for certificate in Certificate.objects.filter(participant__cohort=cohort, credential_id=cohort.credential_id).only(
        "public_id", "number", "status", "participant_id", "issued_on"
    ):
        # Ordered newest first: keep the valid one, else the newest.
        held = certificates.get(certificate.participant_id)
        if held is None or (certificate.status == Certificate.Status.VALID and held.status != Certificate.Status.VALID):
            certificates[certificate.participant_id] = certificate
    # Whoever holds a valid one has it kept above.
    certified = {pk for pk, certificate in certificates.items() if certificate.status == Certificate.Status.VALID}
    eligibility = grid_eligibility(grid, certified=certified)
    rows = [
        CertificateRow(
            participant=row.participant,
            eligible=eligibility[row.participant.pk][0],
            missing=eligibility[row.participant.pk][1],
            certificate=certificates.get(row.participant.pk),
        )
        for row in grid.rows
    ]
    return sorted(rows, key=lambda row: str(row.participant.user).casefold())


def certificate_for_staff(public_id) -> Certificate | None:
    return (
        Certificate.objects.select_related(
            "participant__user", "participant__cohort", "credential", "replaces", "replaced_by", "revoked_by"
        )
        .filter(public_id=public_id)
        .first()
    )


def participant_for_staff(public_id) -> Participant | None:
    return Participant.objects.select_related("user", "cohort__credential").filter(public_id=public_id).first()


def batch_for_staff(public_id) -> CertificateBatch | None:
    return CertificateBatch.objects.select_related("cohort").filter(public_id=public_id).first()


def batches_for_cohort(cohort: Cohort) -> QuerySet[CertificateBatch]:
    return CertificateBatch.objects.filter(cohort=cohort).order_by("-created_at")


def graduates(cohort: Cohort) -> list[Certificate]:
    """The cohort's certified participants for the ceremony: their valid certificates, in
    alphabetical order of the name they chose to be shown, in one query."""
    certificates = Certificate.objects.filter(
        participant__cohort=cohort,
        participant__status=Participant.Status.CERTIFIED,
        credential_id=cohort.credential_id,
        status=Certificate.Status.VALID,
    ).only("public_id", "number", "displayed_name", "issued_on")
    return sorted(certificates, key=lambda certificate: certificate.displayed_name.casefold())


def valid_certificate_q(*, today: datetime.date | None = None) -> Q:
    """The rule itself, as a condition on certificates (see the module's rules): valid
    status and not expired today."""
    today = today or timezone.localdate()
    return Q(status=Certificate.Status.VALID) & (Q(expires_on__isnull=True) | Q(expires_on__gte=today))


def valid_certificates(*, today: datetime.date | None = None) -> QuerySet[Certificate]:
    """Certificates valid today (`valid_certificate_q`). Filter it further (by participant,
    user...) or use it in an `Exists`."""
    return Certificate.objects.filter(valid_certificate_q(today=today))


def certified_participant_ids(participant_ids, *, today: datetime.date | None = None) -> set[int]:
    """Those of these participants who are certified today (`valid_certificates`): one query."""
    return set(
        valid_certificates(today=today)
        .filter(participant_id__in=list(participant_ids))
        .values_list("participant_id", flat=True)
    )


def is_certified(participant: Participant, *, today: datetime.date | None = None) -> bool:
    """Whether this participant is certified today: one query."""
    return participant.pk in certified_participant_ids([participant.pk], today=today)


def user_is_certified(user, *, today: datetime.date | None = None) -> bool:
    """Whether the person is certified today through any of their participations: one query."""
    if not user.is_authenticated:
        return False
    return valid_certificates(today=today).filter(participant__user=user).exists()


def certificates_for_participant(participant: Participant) -> QuerySet[Certificate]:
    """The participant's certificates, newest first (the participant record), each with
    `valid_today` (`valid_certificate_q`): a "valid" one past its expiry shows as expired."""
    return (
        Certificate.objects.filter(participant=participant)
        .annotate(valid_today=ExpressionWrapper(valid_certificate_q(), output_field=BooleanField()))
        .select_related("credential")
        .defer("revoked_reason")
        .order_by("-issued_on", "-pk")
    )
