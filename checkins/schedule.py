"""The check-in schedule of the placement year: the one place that computes due dates and
writes them into the twelve `CheckIn` rows.

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
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from checkins.models import CHECKINS_IN_PLACEMENT_YEAR, CheckIn, Placement, PlacementPause
from cohorts.models import Participant
from cpse.dates import add_months

Pause = tuple[datetime.date, datetime.date | None]


def due_dates(start: datetime.date, pauses: Iterable[Pause]) -> list[datetime.date | None]:
    """The twelve due dates for a year starting on `start`, given the pauses as
    (starts_on, ends_on or None while open). None: paused, no date until the pause ends.

    Nothing here depends on today: a planned pause (starting later) already counts, and
    stored dates do not drift from one day to the next while a pause lasts."""
    ordered = sorted(
        ((max(starts_on, start), ends_on) for starts_on, ends_on in pauses if ends_on is None or ends_on > start),
        key=lambda pause: (pause[0], pause[1] is None),
    )
    dates: list[datetime.date | None] = []
    for number in range(1, CHECKINS_IN_PLACEMENT_YEAR + 1):
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
    """Write the twelve check-ins of `participant`'s placement year: create the missing
    rows and move the due date of those not yet submitted. Called by every service that
    changes a placement or a pause, inside its transaction. Without a placement, rows not
    yet submitted go (there is no year to check in on)."""
    with transaction.atomic():
        # One sync at a time per person: two at once would both try to create the rows.
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        first = first_placement(participant)
        rows = {row.number: row for row in CheckIn.objects.filter(participant=participant)}
        if first is None:
            CheckIn.objects.filter(participant=participant, submitted_at__isnull=True).delete()
            return
        pauses = list(PlacementPause.objects.filter(participant=participant).values_list("starts_on", "ends_on"))
        dates = due_dates(first.start_date, pauses)
        # The dates a paused check-in keeps while it waits (as if the open pause were not there).
        unpaused = due_dates(first.start_date, [pause for pause in pauses if pause[1] is not None])
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


def paused_q() -> Q:
    """Check-ins waiting on an open pause: not submitted, due on or after its start."""
    open_pause = PlacementPause.objects.filter(
        participant=OuterRef("participant"), ends_on__isnull=True, starts_on__lte=OuterRef("due_on")
    )
    return Q(submitted_at__isnull=True) & Q(Exists(open_pause))
