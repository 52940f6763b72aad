"""Everything that changes an hour entry: logged or changed by its participant,
approved or returned by program staff (once: a double click acts once)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts.models import Participant, Requirement
from cpse.notify.services import notification_queue
from requirements_tracking.models import HourEntry
from requirements_tracking.templatetags.hours import hours as hours_filter

S = HourEntry.Status
MAX_HOURS_A_DAY = Decimal("24")
ACTIVE = (Participant.Status.ENROLLED, Participant.Status.ON_LEAVE)
# The requirements participants log themselves; the others come from sessions and
# placements (later).
LOGGABLE_CATEGORIES = (Requirement.Category.SELF_CARE,)


class HourEntryError(Exception):
    code = "hour_entry_error"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.code = code or self.code


def _check(
    *,
    participant: Participant,
    requirement: Requirement,
    date: datetime.date,
    hours: Decimal,
    today: datetime.date,
    categories: tuple[str, ...] = LOGGABLE_CATEGORIES,
) -> None:
    """The rules for an entry; the daily total is checked by the caller under a lock.
    `categories`: practicum hours pass their own (practicum_services), never this form's."""
    cohort = participant.cohort
    if participant.status not in ACTIVE:
        raise HourEntryError(_("Hours can be logged while you are enrolled or on leave."), code="not_active")
    if (
        requirement.requirement_set_id != cohort.requirement_set_id
        or requirement.kind != Requirement.Kind.HOURS
        or requirement.category not in categories
    ):
        raise HourEntryError(_("These hours cannot be logged here."), code="wrong_requirement")
    if hours is None or hours <= 0:
        raise HourEntryError(_("Please enter more than 0 hours."), code="not_positive")
    if hours > MAX_HOURS_A_DAY:
        raise HourEntryError(_("A day has 24 hours at most."), code="too_many")
    if (hours * 4) % 1:
        raise HourEntryError(_("Please use quarter hours, for example 1, 1.25, 1.5 or 1.75."), code="not_quarter")
    if date > today:
        raise HourEntryError(_("The date cannot be in the future."), code="future")
    if not cohort.program_start <= date <= cohort.program_end:
        raise HourEntryError(
            _("Please choose a date between %(start)s and %(end)s, the dates of your program.")
            % {"start": date_format(cohort.program_start), "end": date_format(cohort.program_end)},
            code="outside_program",
        )


def _check_day_total(*, participant: Participant, date: datetime.date, hours: Decimal, entry=None) -> None:
    """Returned entries do not count until they are sent again (then they are checked)."""
    others = HourEntry.objects.filter(participant=participant, date=date, status__in=(S.SUBMITTED, S.APPROVED))
    if entry is not None:
        others = others.exclude(pk=entry.pk)
    logged = others.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    if logged + hours > MAX_HOURS_A_DAY:
        raise HourEntryError(
            _("You have already logged %(hours)s hours on that day; a day has 24 hours at most.")
            % {"hours": _number(logged)},
            code="day_full",
        )


def _number(value: Decimal) -> str:
    """6.5, 10 (in the reader's own number format)."""
    return hours_filter(value)


def _lock(participant: Participant) -> Participant:
    """Entries of one person are checked and written one at a time (the daily total)."""
    return Participant.objects.select_for_update().select_related("cohort").get(pk=participant.pk)


def hour_entry_submit(
    *,
    participant: Participant,
    requirement: Requirement,
    date: datetime.date,
    hours: Decimal,
    kind: str,
    reflection: str,
    today: datetime.date | None = None,
) -> HourEntry:
    today = today or timezone.localdate()
    with transaction.atomic():
        participant = _lock(participant)
        _check(participant=participant, requirement=requirement, date=date, hours=hours, today=today)
        _check_day_total(participant=participant, date=date, hours=hours)
        return HourEntry.objects.create(
            participant=participant,
            requirement=requirement,
            date=date,
            hours=hours,
            kind=kind,
            reflection=reflection,
        )


def hour_entry_update(
    *,
    entry: HourEntry,
    participant: Participant,
    date: datetime.date,
    hours: Decimal,
    kind: str,
    reflection: str,
    today: datetime.date | None = None,
) -> HourEntry:
    """The owner changes an entry that is waiting or was returned; it waits for review again."""
    today = today or timezone.localdate()
    if entry.participant_id != participant.pk:
        raise HourEntryError(_("This entry is not yours."), code="not_yours")
    with transaction.atomic():
        participant = _lock(participant)
        _check(participant=participant, requirement=entry.requirement, date=date, hours=hours, today=today)
        _check_day_total(participant=participant, date=date, hours=hours, entry=entry)
        changed = HourEntry.objects.filter(pk=entry.pk, status__in=(S.SUBMITTED, S.RETURNED)).update(
            date=date, hours=hours, kind=kind, reflection=reflection, status=S.SUBMITTED
        )
        if not changed:
            raise HourEntryError(_("This entry is approved and can no longer be changed."), code="already_approved")
    entry.date, entry.hours, entry.kind, entry.reflection, entry.status = date, hours, kind, reflection, S.SUBMITTED
    return entry


def _refuse_review(entry: HourEntry) -> None:
    current = HourEntry.objects.filter(pk=entry.pk).values_list("status", flat=True).first()
    if current == S.APPROVED:
        raise HourEntryError(_("These hours are already approved."), code="already_approved")
    if current == S.RETURNED:
        raise HourEntryError(_("These hours were already returned to the participant."), code="already_returned")
    raise HourEntryError(_("This entry was changed a moment ago. Please look at it again."), code="stale")


def _refuse_practicum(entry: HourEntry) -> None:
    """Practicum hours are the supervisor's to confirm (practicum_services); staff resend
    the supervisor's link instead of deciding for them."""
    if entry.practicum_id:
        raise HourEntryError(
            _("Practicum hours are confirmed by the participant's supervisor, not here."), code="supervisor_confirms"
        )


def hour_entry_approve(*, entry: HourEntry, by) -> HourEntry:
    _refuse_practicum(entry)
    now = timezone.now()
    with transaction.atomic():
        approved = HourEntry.objects.filter(pk=entry.pk, status=S.SUBMITTED).update(
            status=S.APPROVED, reviewed_by=by, reviewed_at=now
        )
        if not approved:
            _refuse_review(entry)
    entry.status, entry.reviewed_by, entry.reviewed_at = S.APPROVED, by, now
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
        returned = HourEntry.objects.filter(pk=entry.pk, status=S.SUBMITTED).update(
            status=S.RETURNED, reviewed_by=by, reviewed_at=now, staff_comment=comment
        )
        if not returned:
            _refuse_review(entry)
        user = entry.participant.user
        notification_queue(
            kind="hours_returned",
            # One message per review: an entry returned, changed and returned again is news twice.
            key=f"hours-returned:{entry.pk}:{now.isoformat()}",
            recipient=user,
            context={"path": reverse("requirements_tracking:mine")},
        )
    entry.status, entry.reviewed_by, entry.reviewed_at, entry.staff_comment = S.RETURNED, by, now, comment
    return entry
