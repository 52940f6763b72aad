"""Everything that changes a continuing-education entry: logged, changed or deleted by the
graduate, approved or returned by program staff.

Rules chosen here:
- an entry belongs to a valid certificate that expires and whose credential asks for
  renewal hours (`ce_certificate_check`); its hours follow the renewal module's limits
  (`certificates.renewal.services.quarter_hours`); it was completed on a day not in the
  future. Whether it counts for the next renewal is the renewal rule's (`renewal_window`):
  an entry outside the window may still be logged, and the page says it does not count.
- the graduate changes an entry waiting or returned (it waits again) and deletes one not
  yet approved; an approved entry stays as it is.
- staff decide once: approve or return (with a reason) an entry that is waiting, by a
  conditional update, so a double click acts once. A return tells the graduate there is
  news, without details.
- an evidence file replaced or removed is deleted once the change commits; a deleted
  entry's file too.
"""

import datetime
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from certificates.models import Certificate, ContinuingEducation
from certificates.renewal.services import RenewalError, quarter_hours
from cpse.audit.services import review_decide
from cpse.notify.services import notification_queue
from cpse.uploads import file_delete_on_commit, file_replacement

S = ContinuingEducation.Status
RETURNED_KIND = "continuing_education_returned"


class ContinuingEducationError(RenewalError):
    code = "continuing_education"


def ce_certificate_check(certificate: Certificate) -> None:
    credential = certificate.credential
    if (
        certificate.status != Certificate.Status.VALID
        or certificate.expires_on is None
        or credential.validity_months is None
        or credential.renewal_hours is None
    ):
        raise ContinuingEducationError(
            _("This certificate asks for no continuing-education hours."), code="no_renewal_rule"
        )


def _entry_check(*, certificate: Certificate, hours, completed_on: datetime.date, today: datetime.date) -> Decimal:
    ce_certificate_check(certificate)
    hours = quarter_hours(hours, code="bad_hours")
    if completed_on > today:
        raise ContinuingEducationError(_("The completion date cannot be in the future."), code="bad_date")
    return hours


def continuing_education_submit(
    *,
    certificate: Certificate,
    activity: str,
    provider: str,
    completed_on: datetime.date,
    hours,
    evidence=None,
    today: datetime.date | None = None,
) -> ContinuingEducation:
    """`evidence`: an upload already checked by `cpse.uploads.validate_document`, or None."""
    today = today or timezone.localdate()
    hours = _entry_check(certificate=certificate, hours=hours, completed_on=completed_on, today=today)
    return ContinuingEducation.objects.create(
        certificate=certificate,
        activity=activity.strip(),
        provider=provider.strip(),
        completed_on=completed_on,
        hours=hours,
        evidence=evidence or "",
    )


def continuing_education_update(
    *,
    entry: ContinuingEducation,
    activity: str,
    provider: str,
    completed_on: datetime.date,
    hours,
    evidence=None,
    remove_evidence: bool = False,
    today: datetime.date | None = None,
) -> ContinuingEducation:
    """The graduate changes an entry waiting or returned; it waits for review again.
    A new file replaces the one attached; `remove_evidence` takes it off."""
    today = today or timezone.localdate()
    hours = _entry_check(certificate=entry.certificate, hours=hours, completed_on=completed_on, today=today)
    with transaction.atomic():
        locked = (
            ContinuingEducation.objects.select_for_update()
            .filter(pk=entry.pk, status__in=(S.SUBMITTED, S.RETURNED))
            .first()
        )
        if locked is None:
            raise ContinuingEducationError(
                _("These hours are approved and can no longer be changed."), code="already_approved"
            )
        fields = ["activity", "provider", "completed_on", "hours", "status", "updated_at"]
        locked.activity, locked.provider = activity.strip(), provider.strip()
        locked.completed_on, locked.hours, locked.status = completed_on, hours, S.SUBMITTED
        with file_replacement(locked, "evidence"):
            if evidence:
                locked.evidence = evidence
                fields.append("evidence")
            elif remove_evidence and locked.evidence:
                locked.evidence = ""
                fields.append("evidence")
            locked.save(update_fields=fields)
    return locked


def continuing_education_delete(*, entry: ContinuingEducation, by: User) -> None:
    """The graduate (`by`) deletes an entry not yet approved; its file goes once this
    commits. A second call (a double click) is refused and changes nothing."""
    with transaction.atomic(), set_actor(by):
        locked = ContinuingEducation.objects.select_for_update().filter(pk=entry.pk).first()
        if locked is None:
            raise ContinuingEducationError(_("These hours are already deleted."), code="already_deleted")
        if locked.status == S.APPROVED:
            raise ContinuingEducationError(
                _("These hours are approved, so they stay on your record."), code="already_approved"
            )
        file_delete_on_commit(locked.evidence.storage, locked.evidence.name)
        locked.delete()


def _refuse_review(entry: ContinuingEducation) -> None:
    current = ContinuingEducation.objects.filter(pk=entry.pk).values_list("status", flat=True).first()
    if current == S.APPROVED:
        raise ContinuingEducationError(_("These hours are already approved."), code="already_approved")
    if current == S.RETURNED:
        raise ContinuingEducationError(_("These hours were already returned to the graduate."), code="already_returned")
    raise ContinuingEducationError(_("This entry was changed a moment ago. Please look at it again."), code="stale")


def continuing_education_approve(*, entry: ContinuingEducation, by: User) -> ContinuingEducation:
    now = timezone.now()
    with transaction.atomic():
        if not review_decide(entry, status=S.APPROVED, by=by, now=now, waiting=S.SUBMITTED, also={"updated_at": now}):
            _refuse_review(entry)
    return entry


def continuing_education_return(*, entry: ContinuingEducation, by: User, reason: str) -> ContinuingEducation:
    """Back to the graduate with a reason; she is told there is news (no details)."""
    reason = (reason or "").strip()
    if not reason:
        raise ContinuingEducationError(
            _("Please write a reason, so the graduate knows what to change."), code="reason_required"
        )
    now = timezone.now()
    with transaction.atomic():
        # The reason is encrypted at rest: the history says the entry was returned, not why.
        if not review_decide(
            entry,
            status=S.RETURNED,
            by=by,
            now=now,
            waiting=S.SUBMITTED,
            also={"return_reason": reason, "updated_at": now},
        ):
            _refuse_review(entry)
        notification_queue(
            kind=RETURNED_KIND,
            # One message per review: an entry returned, changed and returned again is news twice.
            key=f"continuing-education-returned:{entry.pk}:{now.isoformat()}",
            recipient=entry.certificate.participant.user,
            context={"path": reverse("continuing_education:mine")},
        )
    return entry
