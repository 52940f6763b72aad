"""Reads for continuing education: the graduate's certificate and entries, staff's queue."""

from django.db.models import QuerySet

from certificates.models import Certificate, ContinuingEducation
from cohorts.models import Credential

S = ContinuingEducation.Status


def ce_certificate(user) -> Certificate | None:
    """The person's valid certificate that asks for continuing-education hours (it expires
    and its credential sets renewal hours), the newest if several; None without one."""
    return (
        Certificate.objects.filter(
            participant__user=user,
            status=Certificate.Status.VALID,
            expires_on__isnull=False,
            credential__validity_months__isnull=False,
            credential__renewal_hours__isnull=False,
        )
        .select_related("credential")
        .defer("revoked_reason")
        .order_by("-issued_on", "-pk")
        .first()
    )


def entries_for_certificate(certificate: Certificate) -> QuerySet[ContinuingEducation]:
    """Newest completion first; return reasons are loaded (the graduate reads them here)."""
    return ContinuingEducation.objects.filter(certificate=certificate).order_by("-completed_on", "-pk")


def entry_for_graduate(*, user, public_id) -> ContinuingEducation | None:
    """One of the person's own entries; None for anybody else's (the view answers 404)."""
    return (
        ContinuingEducation.objects.filter(public_id=public_id, certificate__participant__user=user)
        .select_related("certificate__credential")
        .first()
    )


def entries_for_review(*, status: str = S.SUBMITTED, credential: Credential | None = None) -> QuerySet:
    """Staff's queue, oldest first (waiting entries by default). Return reasons are not
    loaded: the queue does not show them (the entry's page does, and logs the view)."""
    entries = (
        ContinuingEducation.objects.filter(status=status)
        .select_related("certificate__participant__user", "certificate__credential")
        .defer("return_reason", "certificate__revoked_reason")
        .order_by("created_at", "pk")
    )
    if credential is not None:
        entries = entries.filter(certificate__credential=credential)
    return entries


def entry_for_staff(public_id) -> ContinuingEducation | None:
    return (
        ContinuingEducation.objects.filter(public_id=public_id)
        .select_related("certificate__participant__user", "certificate__credential", "reviewed_by")
        .first()
    )


def entry_with_evidence(*, user, public_id) -> ContinuingEducation | None:
    """An entry whose file the person may open: their own, or any for program staff."""
    entries = ContinuingEducation.objects.filter(public_id=public_id).exclude(evidence="")
    if not user.is_program_staff:
        entries = entries.filter(certificate__participant__user=user)
    return entries.select_related("certificate__participant__user").first()
