"""The rules every hour entry meets, whoever logs it: the participant's own self-care
hours here, and practicum hours (`requirements_tracking.practicum`).

Rules chosen here:
- Hours are logged while the participant is taking part (`Participant.TAKING_PART`:
  enrolled or on leave), for a requirement of their own cohort's set in the categories
  the caller allows, in quarter hours, more than 0 and at most 24, dated within the
  program and not in the future (`loggable_dates`: the date picker offers the same days).
- A day holds 24 hours at most across the person's waiting and approved entries;
  returned entries count again once they are sent again. The caller checks the day's
  total under `participant_lock` (cohorts.services), so two entries at once cannot pass it.
- A participant may withdraw (delete) self-care hours they logged while the hours wait
  for review or were returned to them: they do not count yet (`HourEntry.can_withdraw`).
  Approved hours stay: staff decided on them and they count towards the certificate.
  Practicum hours (the supervisor's to confirm) and session hours (from attendance) are
  not withdrawn.
- An entry of more than LARGE_ENTRY_HOURS (8) is saved only once the person has
  confirmed the number (their form asks, showing it back): a slip such as 15 for 1,5 is
  caught before it counts. The rules above still apply; services do not ask.
- Examples of quarter hours are written the reader's way (1,25 in Spanish): QUARTER_EXAMPLES.
- Evidence (a document attached to an entry) is optional unless the requirement asks for
  it (`Requirement.evidence_required`, offered only for the requirements participants log
  themselves): then an entry is saved only with a document, new or kept (`evidence_check`).
"""

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts.models import Participant, Requirement
from cpse.errors import DomainError
from cpse.numbers import QUARTER_HOURS_MESSAGE, numbers_in, quarter_examples
from requirements_tracking.models import HourEntry
from requirements_tracking.templatetags.hours import hours as hours_filter

S = HourEntry.Status
MAX_HOURS_A_DAY = Decimal("24")
LARGE_ENTRY_HOURS = Decimal("8")
# The numbers of "for example 1, 1.25, 1.5 or 1.75", written the reader's way when shown.
QUARTER_EXAMPLES = quarter_examples(1)
# The requirements participants log themselves; the others come from sessions and
# placements (later).
LOGGABLE_CATEGORIES = Requirement.PARTICIPANT_LOGGED


class HourEntryError(DomainError):
    code = "hour_entry_error"


def entry_check(
    *,
    participant: Participant,
    requirement: Requirement,
    date: datetime.date,
    hours: Decimal,
    today: datetime.date,
    categories: tuple[str, ...] = LOGGABLE_CATEGORIES,
) -> None:
    """The rules for an entry; the daily total is checked by the caller under a lock.
    `categories`: practicum hours pass their own (requirements_tracking.practicum), never this form's."""
    cohort = participant.cohort
    if participant.status not in Participant.TAKING_PART:
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
        raise HourEntryError(str(numbers_in(QUARTER_HOURS_MESSAGE, **QUARTER_EXAMPLES)), code="not_quarter")
    first, last = loggable_dates(participant, today)
    if last < first:
        raise HourEntryError(
            _("Your program starts on %(start)s. You can log hours from that day on.") % {"start": date_format(first)},
            code="not_started",
        )
    if date > today:
        raise HourEntryError(
            _("That day is in the future. Please choose a date from %(first)s to %(last)s.")
            % {"first": date_format(first), "last": date_format(last)},
            code="future",
        )
    if not first <= date <= last:
        raise HourEntryError(
            _("That day is outside the dates of your program. Please choose a date from %(first)s to %(last)s.")
            % {"first": date_format(first), "last": date_format(last)},
            code="outside_program",
        )


def evidence_check(*, requirement: Requirement, has_evidence: bool) -> None:
    if requirement.evidence_required and not has_evidence:
        raise HourEntryError(
            _("These hours need a document, such as a certificate of attendance or a receipt. Please attach one."),
            code="evidence_required",
        )


def loggable_dates(participant: Participant, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and the last day an entry may be dated: the program's first day, and its
    last day or today, whichever comes first. Before the program starts the last day is
    before the first: no day can count yet."""
    cohort = participant.cohort
    return cohort.program_start, min(cohort.program_end, today)


def withdraw_check(entry: HourEntry) -> None:
    """Refuses an entry its participant may not withdraw (the service checks it again under a lock)."""
    if entry.status == S.APPROVED:
        raise HourEntryError(_("These hours are approved, so they stay in your record."), code="already_approved")
    if not entry.can_withdraw:
        raise HourEntryError(_("Only self-care hours you logged yourself can be withdrawn."), code="not_withdrawable")


def day_total_check(*, participant: Participant, date: datetime.date, hours: Decimal, entry=None) -> None:
    """Returned entries do not count until they are sent again (then they are checked)."""
    others = HourEntry.objects.filter(participant=participant, date=date, status__in=(S.SUBMITTED, S.APPROVED))
    if entry is not None:
        others = others.exclude(pk=entry.pk)
    logged = others.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    if logged + hours > MAX_HOURS_A_DAY:
        raise HourEntryError(
            _("You have already logged %(hours)s hours on that day; a day has 24 hours at most.")
            % {"hours": hours_number(logged)},
            code="day_full",
        )


def is_large_entry(hours: Decimal) -> bool:
    """More than LARGE_ENTRY_HOURS, yet possible in one day: the person is asked to confirm."""
    return LARGE_ENTRY_HOURS < hours <= MAX_HOURS_A_DAY


def hours_number(value: Decimal) -> str:
    """6.5, 10 (in the reader's own number format)."""
    return hours_filter(value)
