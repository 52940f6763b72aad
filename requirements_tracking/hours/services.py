"""Everything that changes an hour entry: logged, changed or withdrawn by its participant,
approved or returned by program staff (once: a double click acts once).

Rules chosen here: an entry holds one evidence document at most. A new one replaces the
old, which is deleted once the change commits (`cpse.uploads.file_replacement`); a
withdrawn entry takes its document with it, after the commit too.
"""

import datetime
from decimal import Decimal

from auditlog.context import set_actor
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Participant, Requirement
from cohorts.services import participant_lock
from cpse.audit.services import review_decide
from cpse.notify.services import notification_queue
from cpse.uploads import file_delete_on_commit, file_replacement
from requirements_tracking.hours.rules import (
    HourEntryError,
    S,
    day_total_check,
    entry_check,
    evidence_check,
    withdraw_check,
)
from requirements_tracking.models import HourEntry


def hour_entry_submit(
    *,
    participant: Participant,
    requirement: Requirement,
    date: datetime.date,
    hours: Decimal,
    kind: str,
    reflection: str,
    evidence=None,
    today: datetime.date | None = None,
) -> HourEntry:
    """`evidence`: an uploaded document already checked by `cpse.uploads.validate_document`, or None."""
    today = today or timezone.localdate()
    with transaction.atomic():
        participant = participant_lock(participant)
        entry_check(participant=participant, requirement=requirement, date=date, hours=hours, today=today)
        day_total_check(participant=participant, date=date, hours=hours)
        evidence_check(requirement=requirement, has_evidence=bool(evidence))
        entry = HourEntry(
            participant=participant, requirement=requirement, date=date, hours=hours, kind=kind, reflection=reflection
        )
        # A failed save deletes the document it stored.
        with file_replacement(entry, "evidence"):
            if evidence:
                entry.evidence = evidence
            entry.save()
        return entry


def hour_entry_update(
    *,
    entry: HourEntry,
    participant: Participant,
    date: datetime.date,
    hours: Decimal,
    kind: str,
    reflection: str,
    evidence=None,
    remove_evidence: bool = False,
    today: datetime.date | None = None,
) -> HourEntry:
    """The owner changes an entry that is waiting or was returned; it waits for review again.
    `evidence`: a new document replacing any earlier one; `remove_evidence`: take the
    earlier one away (ignored when a new document comes)."""
    today = today or timezone.localdate()
    if entry.participant_id != participant.pk:
        raise HourEntryError(_("This entry is not yours."), code="not_yours")
    with transaction.atomic():
        participant = participant_lock(participant)
        entry_check(participant=participant, requirement=entry.requirement, date=date, hours=hours, today=today)
        day_total_check(participant=participant, date=date, hours=hours, entry=entry)
        # Waiting or returned (either): the row is locked and saved, so its history shows which.
        locked = HourEntry.objects.select_for_update().filter(pk=entry.pk, status__in=(S.SUBMITTED, S.RETURNED)).first()
        if locked is None:
            raise HourEntryError(_("This entry is approved and can no longer be changed."), code="already_approved")
        evidence_check(
            requirement=entry.requirement, has_evidence=bool(evidence or (locked.evidence and not remove_evidence))
        )
        with file_replacement(locked, "evidence"):
            if evidence:
                locked.evidence = evidence
            elif remove_evidence:
                locked.evidence = ""
            locked.date, locked.hours, locked.kind = date, hours, kind
            locked.reflection, locked.status = reflection, S.SUBMITTED
            locked.save(update_fields=["date", "hours", "kind", "reflection", "status", "evidence"])
    entry.date, entry.hours, entry.kind, entry.reflection, entry.status = date, hours, kind, reflection, S.SUBMITTED
    entry.evidence = locked.evidence
    return entry


def hour_entry_withdraw(*, entry: HourEntry, by) -> None:
    """The owner (`by`) takes back hours logged by mistake: the entry is deleted, and the
    change history keeps a deletion row naming who (the reflection, encrypted, is never in
    it). A second call for the same entry (a double click) is refused and changes nothing."""
    if entry.participant.user_id != by.pk:
        raise HourEntryError(_("This entry is not yours."), code="not_yours")
    with transaction.atomic(), set_actor(by):
        locked = HourEntry.objects.select_for_update().filter(pk=entry.pk).first()
        if locked is None:
            raise HourEntryError(_("These hours are already withdrawn."), code="already_withdrawn")
        withdraw_check(locked)
        hour_entry_evidence_delete_on_commit(locked)
        # Deleted as an instance, inside `set_actor`, so the change history names who.
        locked.delete()


def hour_entry_evidence_delete_on_commit(entry: HourEntry) -> None:
    """For an entry about to be deleted: its document goes once the deletion commits."""
    file_delete_on_commit(entry.evidence.storage, entry.evidence.name)


def _refuse_review(entry: HourEntry) -> None:
    current = HourEntry.objects.filter(pk=entry.pk).values_list("status", flat=True).first()
    if current == S.APPROVED:
        raise HourEntryError(_("These hours are already approved."), code="already_approved")
    if current == S.RETURNED:
        raise HourEntryError(_("These hours were already returned to the participant."), code="already_returned")
    raise HourEntryError(_("This entry was changed a moment ago. Please look at it again."), code="stale")


def _refuse_practicum(entry: HourEntry) -> None:
    """Practicum hours are the supervisor's to confirm (requirements_tracking.practicum); staff resend
    the supervisor's link instead of deciding for them."""
    if entry.practicum_id:
        raise HourEntryError(
            _("Practicum hours are confirmed by the participant's supervisor, not here."), code="supervisor_confirms"
        )


def hour_entry_approve(*, entry: HourEntry, by) -> HourEntry:
    _refuse_practicum(entry)
    with transaction.atomic():
        if not review_decide(entry, status=S.APPROVED, by=by, now=timezone.now(), waiting=S.SUBMITTED):
            _refuse_review(entry)
    return entry


def hour_entries_approve(*, entries, by) -> list[HourEntry]:
    """Approve several entries at once (the inbox's "Approve selected"), each through
    `hour_entry_approve`, in one transaction. Entries no longer waiting (reviewed in the
    meantime, or practicum hours) are skipped; the approved ones are returned."""
    approved = []
    with transaction.atomic():
        for entry in entries:
            try:
                approved.append(hour_entry_approve(entry=entry, by=by))
            except HourEntryError:
                continue
    return approved


def hour_entry_return(*, entry: HourEntry, by, comment: str) -> HourEntry:
    """Back to the participant with a comment; they are told there is news (no details)."""
    _refuse_practicum(entry)
    comment = (comment or "").strip()
    if not comment:
        raise HourEntryError(
            _("Please write a comment, so the participant knows what to change."), code="comment_required"
        )
    now = timezone.now()
    with transaction.atomic():
        if not review_decide(
            entry,
            status=S.RETURNED,
            by=by,
            now=now,
            waiting=S.SUBMITTED,
            also={"staff_comment": comment},
            recorded=("staff_comment",),
        ):
            _refuse_review(entry)
        notification_queue(
            kind="hours_returned",
            # One message per review: an entry returned, changed and returned again is news twice.
            key=f"hours-returned:{entry.pk}:{now.isoformat()}",
            recipient=entry.participant.user,
            context={"path": reverse("requirements_tracking:mine")},
        )
    return entry
