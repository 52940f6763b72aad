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

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Certificate, CertificateBatch, CertificateName
from certificates.services import grid_eligibility, print_name
from cohorts.models import Cohort, Credential, Participant
from requirements_tracking.progress import CohortGrid, cohort_grid


@dataclass(frozen=True)
class CertificateRow:
    participant: Participant
    eligible: bool
    missing: list[str]
    # Their valid certificate for the cohort's credential, else the latest one (None: none).
    certificate: Certificate | None


def certificate_annotations() -> dict[str, Exists]:
    """For the cohort grid's participants (`cohort_grids(annotations=...)`): whether each
    holds a valid certificate for their cohort's credential, read in the grid's own query."""
    held = Certificate.objects.filter(
        participant=OuterRef("pk"), credential_id=OuterRef("cohort__credential_id"), status=Certificate.Status.VALID
    )
    return {"holds_cohort_certificate": Exists(held)}


def certificate_eligibility(grid: CohortGrid) -> dict[int, tuple[bool, list[str]]]:
    """Participant id → (can be certified now, what is missing), for a grid read with
    `certificate_annotations`: the certificates page's rows, and the staff dashboard's count
    of people ready to be certified (`ready_to_certify_count`)."""
    certified = {row.participant.pk for row in grid.rows if row.participant.holds_cohort_certificate}
    return grid_eligibility(grid, certified=certified)


def ready_to_certify_count(grid: CohortGrid) -> int:
    return sum(1 for eligible, _missing in certificate_eligibility(grid).values() if eligible)


def cohort_certificate_rows(cohort: Cohort) -> list[CertificateRow]:
    """Everyone in the cohort (the grid's people), eligible or what is missing, and their
    certificate: the cohort grid's queries and one for the certificates, whatever the
    cohort's size."""
    grid = cohort_grid(cohort, annotations=certificate_annotations(), annotations_key="certificate_annotations")
    certificates: dict[int, Certificate] = {}
    for certificate in Certificate.objects.filter(participant__cohort=cohort, credential_id=cohort.credential_id).only(
        "public_id", "number", "status", "participant_id", "issued_on"
    ):
        # Ordered newest first: keep the valid one, else the newest.
        held = certificates.get(certificate.participant_id)
        if held is None or (certificate.status == Certificate.Status.VALID and held.status != Certificate.Status.VALID):
            certificates[certificate.participant_id] = certificate
    eligibility = certificate_eligibility(grid)
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


@dataclass(frozen=True)
class PrintPreview:
    """What a certificate issued now would print for one participant, and why."""

    participant: Participant
    name: str
    choice: str | None  # CertificateName.Use, or None: never chose (the name they use prints)

    @property
    def choice_label(self) -> str:
        return CertificateName.Use(self.choice).label if self.choice else _("Not chosen: the name they use")


def print_previews(participants) -> list[PrintPreview]:
    """The name each participant's certificate would print (`services.print_name`), in
    the order given: one query for their choices, the users being loaded with them."""
    participants = list(participants)
    choices = dict(CertificateName.objects.filter(participant__in=participants).values_list("participant_id", "use"))
    return [
        PrintPreview(
            participant, print_name(participant.user, choices.get(participant.pk)), choices.get(participant.pk)
        )
        for participant in participants
    ]


def eligible_previews(cohort: Cohort) -> list[PrintPreview]:
    """Who "Issue all eligible" would certify now, each with the name that would print:
    the certificates page's rows (`cohort_certificate_rows`) and one query for the names."""
    eligible = [row.participant.pk for row in cohort_certificate_rows(cohort) if row.eligible]
    participants = Participant.objects.select_related("user").filter(pk__in=eligible)
    return sorted(print_previews(participants), key=lambda preview: preview.name.casefold())


def batch_recipients(batch: CertificateBatch) -> QuerySet[Certificate]:
    """The certificates a cohort's issue made, by printed name (one query)."""
    return (
        batch.certificates.select_related("participant__user").defer("revoked_reason").order_by("displayed_name", "pk")
    )


def batch_not_issued(batch: CertificateBatch) -> QuerySet[Participant]:
    """Those staff confirmed for the batch who received no certificate from it (no longer
    eligible when it ran, or certified meanwhile), by name (one query)."""
    return (
        batch.previewed.select_related("user").exclude(certificates__batch=batch).order_by("user__display_name", "pk")
    )


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


def credential_by_abbreviation(abbreviation: str) -> Credential | None:
    """The credential a public badge picture is drawn for (abbreviations are unique)."""
    return Credential.objects.filter(abbreviation=abbreviation).first()


def own_valid_certificate(user, public_id) -> Certificate | None:
    """The person's own valid certificate with this public id (None for anyone else's)."""
    return Certificate.objects.filter(
        public_id=public_id, status=Certificate.Status.VALID, participant__user=user
    ).first()
