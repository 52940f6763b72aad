"""The rules every hour entry meets, whoever logs it: the participant's own self-care
hours here, and practicum hours (`requirements_tracking.practicum`).

Rules chosen here:
- Hours are logged while the participant is taking part (`Participant.TAKING_PART`:
  enrolled or on leave), for a requirement of their own cohort's set in the categories
  the caller allows, in quarter hours, more than 0 and at most 24, dated within the
  program and not in the future.
- A day holds 24 hours at most across the person's waiting and approved entries;
  returned entries count again once they are sent again. The caller checks the day's
  total under `participant_lock` (cohorts.services), so two entries at once cannot pass it.
"""

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorts.models import Participant, Requirement
from cpse.errors import DomainError
from requirements_tracking.models import HourEntry
from requirements_tracking.templatetags.hours import hours as hours_filter

S = HourEntry.Status
MAX_HOURS_A_DAY = Decimal("24")
# The requirements participants log themselves; the others come from sessions and
# placements (later).
LOGGABLE_CATEGORIES = (Requirement.Category.SELF_CARE,)


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
        raise HourEntryError(_("Please use quarter hours, for example 1, 1.25, 1.5 or 1.75."), code="not_quarter")
    if date > today:
        raise HourEntryError(_("The date cannot be in the future."), code="future")
    if not cohort.program_start <= date <= cohort.program_end:
        raise HourEntryError(
            _("Please choose a date between %(start)s and %(end)s, the dates of your program.")
            % {"start": date_format(cohort.program_start), "end": date_format(cohort.program_end)},
            code="outside_program",
        )


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


def hours_number(value: Decimal) -> str:
    """6.5, 10 (in the reader's own number format)."""
    return hours_filter(value)
