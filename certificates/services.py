"""Issuing, revoking, reissuing and renewing certificates."""

import datetime
import secrets
import uuid
from collections.abc import Collection

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import tasks
from certificates.models import Certificate, CertificateBatch, CertificateName
from cohorts.models import Cohort, Participant, Requirement
from cohorts.services import CERTIFIABLE, ParticipantStatusError, participant_certify
from cpse.audit.services import change_record
from cpse.dates import add_months
from cpse.errors import DomainError
from cpse.notify.services import notification_queue
from requirements_tracking.progress import CohortGrid, RequirementProgress, cohort_grid, participant_progress

PS = Participant.Status
# Who may be certified: check-ins and the rest of the program go on after certification
# for the others, but someone withdrawn or on leave is not certified until they return.
# Crockford's base32: no I, L, O or U, so a number read aloud or typed is not misread.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NUMBER_ATTEMPTS = 5
REASON_MAX_LENGTH = 2000


class CertificateError(DomainError):
    code = "certificate_error"


# --- Eligibility: one rule for one person and for a whole cohort --------------------


def eligibility_from(
    *, status: str, progress: list[RequirementProgress], has_valid_certificate: bool
) -> tuple[bool, list[str]]:
    """The rule, from facts already read (so the cohort page reads them once for everyone):
    every requirement complete except the check-ins, which continue after certification;
    enrolled or completed; no valid certificate yet. `missing` says what is not done."""
    if has_valid_certificate:
        return False, [_("Already holds a valid certificate")]
    # The labels looked up in a dict: get_category_display rebuilds the translated choices
    # on every call, and the staff home asks this for everyone in a cohort.
    labels = dict(Requirement.Category.choices)
    missing = [
        str(labels[row.requirement.category])
        for row in progress
        if row.requirement.kind != Requirement.Kind.CHECKINS and not row.complete
    ]
    if status not in CERTIFIABLE:
        missing.append(_("Status is “%(status)s”") % {"status": PS(status).label})
    return not missing, missing


def _has_valid_certificate(participant: Participant) -> bool:
    return Certificate.objects.filter(
        participant=participant, credential_id=participant.cohort.credential_id, status=Certificate.Status.VALID
    ).exists()


def certificate_eligibility(participant: Participant) -> tuple[bool, list[str]]:
    """May this participant be certified now, and if not, what is missing (plain words)."""
    return eligibility_from(
        status=participant.status,
        progress=participant_progress(participant),
        has_valid_certificate=_has_valid_certificate(participant),
    )


def cohort_eligibility(cohort: Cohort) -> dict[int, tuple[bool, list[str]]]:
    """Participant id → (eligible, missing) for a whole cohort, in a fixed number of
    queries (the cohort grid, and one query for the valid certificates)."""
    certified = set(
        Certificate.objects.filter(
            participant__cohort=cohort, credential_id=cohort.credential_id, status=Certificate.Status.VALID
        ).values_list("participant_id", flat=True)
    )
    return grid_eligibility(cohort_grid(cohort), certified=certified)


def grid_eligibility(grid: CohortGrid, *, certified: set[int]) -> dict[int, tuple[bool, list[str]]]:
    """`cohort_eligibility` from the cohort's grid, `certified` being the ids of those who
    hold a valid certificate for the cohort's credential (no query)."""
    return {
        row.participant.pk: eligibility_from(
            status=row.participant.status,
            progress=[cell.progress for cell in row.cells],
            has_valid_certificate=row.participant.pk in certified,
        )
        for row in grid.rows
    }


# --- Issue ----------------------------------------------------------------------------


def certificate_number(abbreviation: str) -> str:
    """The credential's abbreviation and 12 random characters (60 bits), in groups of
    four: unguessable and not counted through."""
    chars = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(12))
    return f"{abbreviation}-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def expiry_for(credential, issued_on: datetime.date) -> datetime.date | None:
    """`validity_months` after issue (the month's last day when it is shorter); None when
    the credential does not expire."""
    if not credential.validity_months:
        return None
    return add_months(issued_on, credential.validity_months)


def print_name(user, use: str | None) -> str:
    """The name a certificate prints, from the participant's choice (`use`; None when they
    never chose): the legal name when asked for and recorded, otherwise the name they use,
    as it stands (`display_name`). One rule for issuing and for the preview staff confirm."""
    if use == CertificateName.Use.LEGAL and user.legal_name:
        return user.legal_name
    return user.display_name


def displayed_name_for(participant: Participant) -> str:
    """The name the participant's certificate prints now (`print_name`)."""
    choice = CertificateName.objects.filter(participant=participant).values_list("use", flat=True).first()
    return print_name(participant.user, choice)


def _create_certificate(
    *, participant: Participant, by, issued_on, expires_on, replaces=None, batch=None
) -> Certificate:
    """A new VALID certificate with a fresh number (a new one is drawn on the rare clash);
    inside the caller's transaction."""
    credential = participant.cohort.credential
    for attempt in range(NUMBER_ATTEMPTS):
        number = certificate_number(credential.abbreviation)
        if Certificate.objects.filter(number=number).exists() and attempt < NUMBER_ATTEMPTS - 1:
            continue
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    number=number,
                    participant=participant,
                    credential=credential,
                    displayed_name=displayed_name_for(participant),
                    issued_on=issued_on,
                    expires_on=expires_on,
                    issued_by=by,
                    replaces=replaces,
                    batch=batch,
                )
        except IntegrityError:
            if Certificate.objects.filter(
                participant=participant, credential=credential, status=Certificate.Status.VALID
            ).exists():
                raise CertificateError(
                    _("%(name)s already has a valid certificate.") % {"name": participant.user}, code="already"
                ) from None
    raise CertificateError(_("No certificate number could be drawn. Please try again."), code="number")


def _render_on_commit(certificate: Certificate) -> None:
    transaction.on_commit(lambda: tasks.render.delay(certificate.pk))


def _tell(certificate: Certificate, key: str) -> None:
    """There is news; the email names nothing and no one (see notify/certificate_*.txt)."""
    notification_queue(
        kind="certificate_issued",
        key=key,
        recipient=certificate.participant.user,
        context={"path": reverse("certificates:mine")},
    )


def certificate_issue(
    *, participant: Participant, by, today: datetime.date | None = None, batch: CertificateBatch | None = None
) -> Certificate:
    """Certify a participant who has done everything: the certificate, their status
    CERTIFIED (with its status-change row), the PDF rendered after commit, and a note
    that there is news. The participant row is locked, and one valid certificate per
    credential is a database constraint, so a double click issues one. `batch`: the
    issue of the whole cohort it is part of."""
    today = today or timezone.localdate()
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("user", "cohort__credential")
            .get(pk=participant.pk)
        )
        if _has_valid_certificate(participant):
            raise CertificateError(
                _("%(name)s already has a valid certificate.") % {"name": participant.user}, code="already"
            )
        eligible, missing = certificate_eligibility(participant)
        if not eligible:
            raise CertificateError(
                _("%(name)s cannot be certified yet. Not done: %(missing)s.")
                % {"name": participant.user, "missing": "; ".join(missing)},
                code="not_eligible",
            )
        certificate = _create_certificate(
            participant=participant,
            by=by,
            issued_on=today,
            expires_on=expiry_for(participant.cohort.credential, today),
            batch=batch,
        )
        try:
            participant_certify(
                participant=participant,
                by=by,
                reason=_("Certificate %(number)s issued") % {"number": certificate.number},
            )
        except ParticipantStatusError as error:
            raise CertificateError(str(error), code=error.code) from None
        _render_on_commit(certificate)
        _tell(certificate, f"certificate_issued:{certificate.pk}")
    return certificate


# --- A whole cohort ------------------------------------------------------------------


def certificate_batch_start(*, cohort: Cohort, previewed: Collection[uuid.UUID], by) -> CertificateBatch:
    """Queue the issue of the certificates of the people staff saw on the confirmation
    page (`previewed`: their public ids), all of this cohort. The worker issues those
    still eligible then; nobody else, even someone who became eligible since. One batch
    at a time per cohort (the cohort row is locked while checking)."""
    public_ids = {str(public_id) for public_id in previewed}
    if not public_ids:
        raise CertificateError(_("Nobody was on the list to confirm. Please look at the list again."), code="empty")
    with transaction.atomic():
        Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
        if CertificateBatch.objects.filter(
            cohort=cohort, status__in=(CertificateBatch.Status.QUEUED, CertificateBatch.Status.RUNNING)
        ).exists():
            raise CertificateError(
                _("Certificates for the %(cohort)s are already being issued.") % {"cohort": cohort}, code="running"
            )
        pinned = list(Participant.objects.filter(cohort=cohort, public_id__in=public_ids).values_list("pk", flat=True))
        if len(pinned) != len(public_ids):
            raise CertificateError(
                _("The list no longer matches the %(cohort)s. Please look at it again.") % {"cohort": cohort},
                code="not_in_cohort",
            )
        batch = CertificateBatch.objects.create(cohort=cohort, requested_by=by)
        batch.previewed.set(pinned)
        transaction.on_commit(lambda: tasks.issue_batch.delay(batch.pk))
    return batch


def certificate_batch_run(*, batch_id: int) -> CertificateBatch | None:
    """Issue the batch's certificates (the worker) to those staff confirmed who are still
    eligible; the others confirmed are skipped (the batch page names them). A batch
    already done is left alone, and everyone certified is skipped, so a second run issues
    nothing new. Counters are written as it goes so the batch page shows progress."""
    batch = CertificateBatch.objects.select_related("cohort").filter(pk=batch_id).first()
    if batch is None or batch.status == CertificateBatch.Status.DONE:
        return batch
    eligibility = cohort_eligibility(batch.cohort)
    previewed = set(batch.previewed.values_list("pk", flat=True))
    # Someone moved to another cohort since is not in this cohort's eligibility: skipped.
    eligible = [pk for pk in previewed if eligibility.get(pk, (False, []))[0]]
    # The counts are set when the run starts; a run picked up again (the worker stopped
    # half-way) keeps them and goes on with whoever is still eligible.
    started = CertificateBatch.objects.filter(pk=batch.pk, status=CertificateBatch.Status.QUEUED).update(
        status=CertificateBatch.Status.RUNNING, total=len(previewed), skipped=len(previewed) - len(eligible)
    )
    if started:
        change_record(
            batch,
            changes={
                "status": (CertificateBatch.Status.QUEUED, CertificateBatch.Status.RUNNING),
                "total": (batch.total, len(previewed)),
                "skipped": (batch.skipped, len(previewed) - len(eligible)),
            },
        )
    by = batch.requested_by
    for participant in Participant.objects.filter(pk__in=eligible).order_by("enrolled_at", "pk"):
        try:
            certificate_issue(participant=participant, by=by, batch=batch)
        except CertificateError:
            # Certified meanwhile (a click on "Issue"), or no longer eligible.
            CertificateBatch.objects.filter(pk=batch.pk).update(skipped=F("skipped") + 1)
        else:
            CertificateBatch.objects.filter(pk=batch.pk).update(issued=F("issued") + 1)
    now = timezone.now()
    finished = CertificateBatch.objects.filter(pk=batch.pk, status=CertificateBatch.Status.RUNNING).update(
        status=CertificateBatch.Status.DONE, finished_at=now
    )
    if finished:
        change_record(
            batch,
            changes={
                "status": (CertificateBatch.Status.RUNNING, CertificateBatch.Status.DONE),
                "finished_at": (batch.finished_at, now),
            },
        )
    batch.refresh_from_db()
    return batch


# --- Revoke and reissue --------------------------------------------------------------


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Please give the reason."), code="reason_required")
    if len(reason) > REASON_MAX_LENGTH:
        raise CertificateError(
            _("Please keep the reason under %(max)s characters.") % {"max": REASON_MAX_LENGTH}, code="reason_too_long"
        )
    return reason


def certificate_revoke(*, certificate: Certificate, reason: str, by) -> Certificate:
    """A valid certificate is revoked, once. The reason is internal (encrypted; the
    verification page says "revoked", never why)."""
    reason = _reason(reason)
    with transaction.atomic():
        now = timezone.now()
        changed = Certificate.objects.filter(pk=certificate.pk, status=Certificate.Status.VALID).update(
            status=Certificate.Status.REVOKED, revoked_at=now, revoked_by=by
        )
        if not changed:
            raise CertificateError(_("This certificate is no longer valid, so it cannot be revoked."), code="not_valid")
        change_record(
            certificate,
            changes={
                "status": (Certificate.Status.VALID, Certificate.Status.REVOKED),
                "revoked_at": (certificate.revoked_at, now),
                "revoked_by": (certificate.revoked_by_id, by),
            },
            by=by,
        )
        # The encrypted field is written through the model, not through update().
        certificate.refresh_from_db()
        certificate.revoked_reason = reason
        certificate.save(update_fields=["revoked_reason"])
        notification_queue(
            kind="certificate_news",
            key=f"certificate_revoked:{certificate.pk}",
            recipient=certificate.participant.user,
            context={"path": reverse("certificates:mine")},
        )
    return certificate


def certificate_reissue(*, certificate: Certificate, by, reason: str) -> Certificate:
    """A new certificate in place of a valid one (say, after a name change): a new
    number, the name as chosen now, issued today but expiring when the old one did (a
    reissue is not a renewal). The old one becomes REPLACED and points to the new one."""
    reason = _reason(reason)
    with transaction.atomic():
        Participant.objects.select_for_update().filter(pk=certificate.participant_id).first()
        changed = Certificate.objects.filter(pk=certificate.pk, status=Certificate.Status.VALID).update(
            status=Certificate.Status.REPLACED
        )
        if not changed:
            raise CertificateError(
                _("This certificate is no longer valid, so it cannot be reissued."), code="not_valid"
            )
        change_record(certificate, changes={"status": (Certificate.Status.VALID, Certificate.Status.REPLACED)}, by=by)
        participant = Participant.objects.select_related("user", "cohort__credential").get(
            pk=certificate.participant_id
        )
        new = _create_certificate(
            participant=participant,
            by=by,
            issued_on=timezone.localdate(),
            expires_on=certificate.expires_on,
            replaces=certificate,
        )
        certificate.status = Certificate.Status.REPLACED
        # Why it was reissued stays internal, with the old certificate.
        certificate.revoked_reason = reason
        certificate.save(update_fields=["revoked_reason"])
        _render_on_commit(new)
        _tell(new, f"certificate_issued:{new.pk}")
    return new
