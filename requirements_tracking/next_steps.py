"""A participant's next steps on the page she lands on (`cohorts.next_steps`): the hours
still needed for each requirement with the last day they can count, and the exam window.

Rules chosen here:
- Hours come from `progress.participant_progress`, the one place progress is worked out
  (so the page agrees with "My hours" to the quarter hour); the last day from
  `progress.last_counting_day`. Hours waiting for review are not "still needed".
- The exam is mentioned while its window has not closed and she has not passed it, and not
  while an attempt waits for scoring.
- A fixed number of queries: the progress (one per kind of requirement) and the exam.
"""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorts.models import Participant
from cohorts.next_steps import NextStep, Provider, Stage, register
from cpse.dates import moment_with_zone
from requirements_tracking.exam.selectors import exam_for_participant
from requirements_tracking.progress import RequirementProgress, last_counting_day, participant_progress
from requirements_tracking.templatetags.hours import hours as hours_text


def _hours_line(row: RequirementProgress, participant: Participant, today: datetime.date) -> str:
    still = row.remaining - row.pending
    last_day = last_counting_day(row.requirement, participant.cohort)
    values = {"name": row.requirement, "hours": hours_text(still), "date": date_format(last_day)}
    plural = 1 if still == 1 else 2
    if last_day < today:
        return (
            ngettext(
                "%(name)s: %(hours)s more hour still needed. The last day to count it was %(date)s; "
                "we can talk about what is possible.",
                "%(name)s: %(hours)s more hours still needed. The last day to count them was %(date)s; "
                "we can talk about what is possible.",
                plural,
            )
            % values
        )
    return (
        ngettext(
            "%(name)s: %(hours)s more hour still needed. The last day that counts is %(date)s.",
            "%(name)s: %(hours)s more hours still needed. The last day that counts is %(date)s.",
            plural,
        )
        % values
    )


def _exam_step(participant: Participant, progress: list[RequirementProgress], now: datetime.datetime):
    exam_row = next((row for row in progress if row.is_exam), None)
    if exam_row is None or exam_row.complete or exam_row.pending:
        return None
    exam = exam_for_participant(participant)
    if exam is None or now >= exam.closes_at:
        return None
    if now < exam.opens_at:
        message = _("Your final exam opens on %(opens)s and closes on %(closes)s.") % {
            "opens": moment_with_zone(exam.opens_at),
            "closes": moment_with_zone(exam.closes_at),
        }
    else:
        message = _("Your final exam is open until %(closes)s.") % {"closes": moment_with_zone(exam.closes_at)}
    return NextStep("exam", message, (), reverse("exam:mine"), _("My exam"))


def participant_steps(*, user, participant: Participant, now: datetime.datetime) -> list[NextStep]:
    today = timezone.localdate(now)
    progress = participant_progress(participant)
    steps = []
    needed = [row for row in progress if row.counts_hours and row.remaining > row.pending]
    if needed:
        steps.append(
            NextStep(
                "hours",
                _("Hours still needed for your certificate:"),
                tuple(_hours_line(row, participant, today) for row in needed),
                reverse("requirements_tracking:mine"),
                _("My hours"),
            )
        )
    exam = _exam_step(participant, progress, now)
    return steps + ([exam] if exam else [])


def register_next_steps() -> None:
    register(Provider(name="requirements", stage=Stage.TAKING_PART, order=20, steps=participant_steps))
