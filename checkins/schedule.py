"""The check-in schedule of the placement year: the one place that computes due dates and
writes them into the `CheckIn` rows.

Rules chosen here (issue #24):
- How many check-ins a year has comes from the participant's requirement set
  (`cohorts.selectors.checkins_asked`: the amount of its check-ins requirement, 0 without
  one), never from a constant.
- A schedule once written keeps its length: a later set that asks fewer (a transfer to
  another cohort) never removes a check-in; one that asks more adds the missing ones. So
  the placements that existed before the count came from the set keep their twelve.

The year is anchored on the first placement's start: a change of placement does not
restart it. Check-in n is due `add_months(start, n)` (31 January → 28/29 February,
31 March, 30 April, …), moved on by the length of every ended pause that began on or
before it. A pause's length is `ends_on - starts_on` in days: `ends_on` is the day the
person is back.

While a pause is open, the check-ins due on or after its start have no due date yet
(`due_dates` gives None). Their rows keep the date they would have without the open
pause, and are *paused*: `paused_q()` finds them, and pages and reminders leave them out.
Resuming ends the pause, and the next sync moves them on by its whole length.
Submitted check-ins keep the date they had when they were filed.

It is also the one place that says where a check-in stands (`checkin_status`): the
participant's check-ins, the placement page, the staff board, the progress chart and the
reminders all ask it, so they never disagree.

Rules chosen here:
- *Done* once sent, whatever its dates.
- *Waiting (paused)* while an open pause holds it (`paused_q`), even if its date has passed.
- *Not open yet* until it opens, `OPENS_DAYS_BEFORE` days before its due date.
- *Ready to fill in* from the day it opens, for `CHECKIN_GRACE_DAYS` days from the day its
  lateness counts from: its due date, or the day the first placement was recorded when
  that is later (a placement recorded late does not make its early check-ins missed at once).
- *Missed* from then on, while not sent: the day the first gentle reminder goes out. A
  missed check-in can still be sent.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checkins.models import CheckIn, Placement, PlacementPause
from cohorts.models import Participant
from cohorts.selectors import checkins_asked_of
from cpse.dates import add_months, day_start

# A check-in opens a few days before its due date, so a person can file it when it suits them.
OPENS_DAYS_BEFORE = 3

Pause = tuple[datetime.date, datetime.date | None]


def due_dates(start: datetime.date, pauses: Iterable[Pause], *, count: int) -> list[datetime.date | None]:
    """The `count` due dates for a year starting on `start`, given the pauses as
    (starts_on, ends_on or None while open). None: paused, no date until the pause ends.

    Nothing here depends on today: a planned pause (starting later) already counts, and
    stored dates do not drift from one day to the next while a pause lasts."""
    ordered = sorted(
        ((max(starts_on, start), ends_on) for starts_on, ends_on in pauses if ends_on is None or ends_on > start),
        key=lambda pause: (pause[0], pause[1] is None),
    )
    dates: list[datetime.date | None] = []
    for number in range(1, count + 1):
        due: datetime.date | None = add_months(start, number)
        for starts_on, ends_on in ordered:
            if starts_on > due:
                break  # sorted: the later pauses began after it too
            if ends_on is None:
                due = None
                break
            due += ends_on - starts_on
        dates.append(due)
    return dates


def first_placement(participant: Participant) -> Placement | None:
    return Placement.objects.filter(participant=participant).order_by("start_date", "created_at", "pk").first()


def schedule_sync(*, participant: Participant) -> None:
    """Write the check-ins of `participant`'s placement year (as many as the module's rules
    say): create the missing rows and move the due date of those not yet submitted. Called
    by every service that changes a placement or a pause, inside its transaction. Without a
    placement, rows not yet submitted go (there is no year to check in on)."""
    with transaction.atomic():
        # One sync at a time per person: two at once would both try to create the rows.
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        first = first_placement(participant)
        rows = {row.number: row for row in CheckIn.objects.filter(participant=participant)}
        if first is None:
            CheckIn.objects.filter(participant=participant, submitted_at__isnull=True).delete()
            return
        count = max(checkins_asked_of(participant), max(rows, default=0))
        pauses = list(PlacementPause.objects.filter(participant=participant).values_list("starts_on", "ends_on"))
        dates = due_dates(first.start_date, pauses, count=count)
        # The dates a paused check-in keeps while it waits (as if the open pause were not there).
        unpaused = due_dates(first.start_date, [pause for pause in pauses if pause[1] is not None], count=count)
        create, update = [], []
        for number, (due, fallback) in enumerate(zip(dates, unpaused, strict=True), start=1):
            due = due or fallback
            row = rows.get(number)
            if row is None:
                create.append(CheckIn(participant=participant, number=number, due_on=due))
            elif not row.is_submitted and row.due_on != due:
                row.due_on = due
                update.append(row)
        if create:
            CheckIn.objects.bulk_create(create)
        if update:
            CheckIn.objects.bulk_update(update, ["due_on"])


def _held_by_open_pause(*, participant: str, due_on: str) -> Exists:
    """An open pause that began on or before the check-in's date (field names of the outer query)."""
    return Exists(
        PlacementPause.objects.filter(
            participant=OuterRef(participant), ends_on__isnull=True, starts_on__lte=OuterRef(due_on)
        )
    )


def paused_q() -> Q:
    """Check-ins waiting on an open pause: not submitted, due on or after its start."""
    return Q(submitted_at__isnull=True) & Q(_held_by_open_pause(participant="participant", due_on="due_on"))


# --- Where a check-in stands ----------------------------------------------------------------


class CheckInStatus(models.TextChoices):
    DONE = "done", _("Done")
    DUE = "due", _("Ready to fill in")
    UPCOMING = "upcoming", _("Not open yet")
    MISSED = "missed", _("Missed")
    PAUSED = "paused", _("Waiting (paused)")


def opens_on(due_on: datetime.date) -> datetime.date:
    return due_on - datetime.timedelta(days=OPENS_DAYS_BEFORE)


def opened_if_due_by(today: datetime.date) -> datetime.date:
    """A check-in due on or before this day has opened by `today` (`opens_on`), in SQL."""
    return today + datetime.timedelta(days=OPENS_DAYS_BEFORE)


def counted_from(*, due_on: datetime.date, recorded_on: datetime.date | None) -> datetime.date:
    """The day a check-in's lateness counts from: its due date, or the day the first
    placement was recorded when that is later (None: not known, the due date)."""
    return max(due_on, recorded_on) if recorded_on else due_on


def missed_before(today: datetime.date) -> datetime.date:
    """A check-in not sent whose lateness counts from a day before this one is missed today:
    `CHECKIN_GRACE_DAYS` days have passed since."""
    return today - datetime.timedelta(days=settings.CHECKIN_GRACE_DAYS - 1)


def checkin_status(
    *,
    due_on: datetime.date,
    today: datetime.date,
    submitted: bool = False,
    paused: bool = False,
    recorded_on: datetime.date | None = None,
) -> CheckInStatus:
    """Where a check-in stands on `today` (the rules are in the module's docstring).
    `paused`: held by an open pause (`paused_q`); `recorded_on`: the local day the first
    placement was recorded (`first_recorded_at`)."""
    if submitted:
        return CheckInStatus.DONE
    if paused:
        return CheckInStatus.PAUSED
    if today < opens_on(due_on):
        return CheckInStatus.UPCOMING
    if counted_from(due_on=due_on, recorded_on=recorded_on) < missed_before(today):
        return CheckInStatus.MISSED
    return CheckInStatus.DUE


def first_recorded_at(participant: str = "participant") -> Subquery:
    """When the first placement (the one the year runs from) was recorded, for a query whose
    `participant` field (or another name) is the person."""
    first = Placement.objects.filter(participant=OuterRef(participant)).order_by("start_date", "created_at", "pk")
    return Subquery(first.values("created_at")[:1])


def with_status_facts(checkins: models.QuerySet[CheckIn]) -> models.QuerySet[CheckIn]:
    """Check-ins with what `status_of` needs (`paused`, `recorded_at`), in the same query."""
    return checkins.annotate(paused=paused_q(), recorded_at=first_recorded_at())


def status_of(checkin: CheckIn, *, today: datetime.date) -> CheckInStatus:
    """`checkin_status` of a check-in read through `with_status_facts`."""
    return checkin_status(
        due_on=checkin.due_on,
        today=today,
        submitted=checkin.submitted_at is not None,
        paused=checkin.paused,
        recorded_on=timezone.localdate(checkin.recorded_at) if checkin.recorded_at else None,
    )


@dataclass(frozen=True)
class CheckInRow:
    """A check-in on a page, with where it stands."""

    checkin: CheckIn
    status: CheckInStatus

    @property
    def can_open(self) -> bool:
        return self.status in (CheckInStatus.DUE, CheckInStatus.MISSED)


def checkin_rows(checkins: Iterable[CheckIn], *, today: datetime.date) -> list[CheckInRow]:
    """Check-ins read through `with_status_facts`, each with its status."""
    return [CheckInRow(checkin=checkin, status=status_of(checkin, today=today)) for checkin in checkins]


def _late_q(today: datetime.date, *, due_on: str, recorded_at: str) -> Q:
    """`counted_from(...) < missed_before(today)` in SQL (`recorded_at` a moment, compared
    with the start of that local day)."""
    late = missed_before(today)
    start_of_late = day_start(late)
    recorded_in_time = Q(**{f"{recorded_at}__lt": start_of_late}) | Q(**{f"{recorded_at}__isnull": True})
    return Q(**{f"{due_on}__lt": late}) & recorded_in_time


def missed_q(today: datetime.date) -> Q:
    """Check-ins whose `checkin_status` is MISSED, in SQL, for a query with `recorded_at`
    (`first_recorded_at`, annotated or aliased)."""
    return Q(submitted_at__isnull=True) & _late_q(today, due_on="due_on", recorded_at="recorded_at") & ~paused_q()


def checkin_status_case(
    *, today: datetime.date, due_on: str, submitted_at: str, participant: str, recorded_at: str
) -> Case:
    """`checkin_status` in SQL, for a page that filters and sorts on it (the staff board):
    the field names are the outer query's. tests/checkins/test_status.py holds the two to
    the same answers."""
    return Case(
        When(**{f"{submitted_at}__isnull": False}, then=Value(CheckInStatus.DONE.value)),
        When(_held_by_open_pause(participant=participant, due_on=due_on), then=Value(CheckInStatus.PAUSED.value)),
        When(
            **{f"{due_on}__gt": opened_if_due_by(today)},
            then=Value(CheckInStatus.UPCOMING.value),
        ),
        When(_late_q(today, due_on=due_on, recorded_at=recorded_at), then=Value(CheckInStatus.MISSED.value)),
        default=Value(CheckInStatus.DUE.value),
        output_field=models.CharField(),
    )
