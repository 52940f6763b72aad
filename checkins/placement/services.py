"""Placement and pauses of the placement year. Every write here ends with
`schedule.schedule_sync`, in the same transaction, so the check-ins always follow
the placements and pauses.

Who may do what is checked by the views; these services check the rules of the data:
dates in order, one current placement, one open pause, a participant who has not
withdrawn. Change history comes from the audit log (`track` in apps.py): rows are saved
with `save()`, not `update()`, so each change is recorded.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from checkins.models import Placement, PlacementPause
from checkins.schedule import schedule_sync
from cohorts.models import Participant
from cohorts.services import participant_lock
from cpse.errors import DomainError

# Who has a placement year: graduates, and participants placed during the program.
PLACEABLE = (Participant.Status.ENROLLED, Participant.Status.COMPLETED, Participant.Status.CERTIFIED)
# A placement can be recorded ahead, but not absurdly far.
FUTURE_LIMIT_DAYS = 365


class PlacementError(DomainError):
    code = "placement_error"


def _check_placeable(participant: Participant) -> None:
    if participant.status not in PLACEABLE:
        raise PlacementError(
            _("A placement can be recorded while you are enrolled, or once you have completed the program."),
            code="not_placeable",
        )


def _check_details(*, agency: str, role: str, role_other: str, terms: str) -> None:
    if not agency:
        raise PlacementError(_("Please name the agency."), code="agency_required")
    if role not in Placement.Role.values:
        raise PlacementError(_("Please choose a role."), code="role_required")
    if role == Placement.Role.OTHER and not role_other:
        raise PlacementError(_("Please describe the role in a few words."), code="role_other_required")
    if terms not in Placement.Terms.values:
        raise PlacementError(_("Please choose paid or volunteer."), code="terms_required")


def _cleaned(
    *,
    participant: Participant,
    agency: str,
    role: str,
    terms: str,
    start_date: datetime.date,
    role_other: str,
    supervisor_name: str,
    supervisor_email: str,
    supervisor_phone: str,
    today: datetime.date | None,
) -> dict:
    """The placement's fields, trimmed and checked (the rules that need no lock)."""
    today = today or timezone.localdate()
    agency, role_other = agency.strip(), role_other.strip() if role == Placement.Role.OTHER else ""
    _check_details(agency=agency, role=role, role_other=role_other, terms=terms)
    if start_date > today + datetime.timedelta(days=FUTURE_LIMIT_DAYS):
        raise PlacementError(_("The start date can be at most a year from today."), code="start_too_late")
    if start_date < participant.cohort.program_start:
        raise PlacementError(
            _("The start date cannot be before the program started (%(date)s).")
            % {"date": date_format(participant.cohort.program_start)},
            code="start_before_program",
        )
    return {
        "agency": agency,
        "role": role,
        "role_other": role_other,
        "terms": terms,
        "start_date": start_date,
        "supervisor_name": supervisor_name.strip(),
        "supervisor_email": supervisor_email.strip(),
        "supervisor_phone": supervisor_phone.strip(),
    }


def _end_before(previous: Placement | None, start_date: datetime.date) -> None:
    """The placement before ends the day before `start_date` (the same day when both start
    on one day); one that starts after `start_date` is refused."""
    if previous is None:
        return
    if previous.start_date > start_date:
        raise PlacementError(
            _("The placement before started on %(date)s. Please choose a start date after it.")
            % {"date": date_format(previous.start_date)},
            code="start_before_previous",
        )
    end_date = max(previous.start_date, start_date - datetime.timedelta(days=1))
    if previous.end_date is None or previous.end_date > end_date:
        previous.end_date = end_date
        previous.save(update_fields=["end_date"])


def placement_record(
    *,
    participant: Participant,
    agency: str,
    role: str,
    terms: str,
    start_date: datetime.date,
    role_other: str = "",
    supervisor_name: str = "",
    supervisor_email: str = "",
    supervisor_phone: str = "",
    by,
    today: datetime.date | None = None,
) -> Placement:
    """Record a new placement. The one before ends the day before the new one starts (the
    same day when both start on one day); the history stays. The placement year keeps
    running from the first placement's start."""
    fields = _cleaned(
        participant=participant,
        agency=agency,
        role=role,
        terms=terms,
        start_date=start_date,
        role_other=role_other,
        supervisor_name=supervisor_name,
        supervisor_email=supervisor_email,
        supervisor_phone=supervisor_phone,
        today=today,
    )
    with transaction.atomic():
        participant = participant_lock(participant)
        _check_placeable(participant)
        latest = Placement.objects.filter(participant=participant).order_by("-start_date", "-created_at").first()
        _end_before(latest, start_date)
        try:
            placement = Placement.objects.create(participant=participant, recorded_by=by, **fields)
        except IntegrityError as error:  # pragma: no cover - the lock serialises writers
            raise PlacementError(_("This placement was just recorded."), code="duplicate") from error
        schedule_sync(participant=participant)
    return placement


def placement_correct(
    *,
    placement: Placement,
    agency: str,
    role: str,
    terms: str,
    start_date: datetime.date,
    role_other: str = "",
    supervisor_name: str = "",
    supervisor_email: str = "",
    supervisor_phone: str = "",
    by,
    today: datetime.date | None = None,
) -> Placement:
    """Correct the current placement (a typo, a new supervisor, a wrong start date) without
    adding to the history. A new start date moves the end of the placement before, and,
    for the first placement, the dates of the check-ins not yet filed in."""
    fields = _cleaned(
        participant=placement.participant,
        agency=agency,
        role=role,
        terms=terms,
        start_date=start_date,
        role_other=role_other,
        supervisor_name=supervisor_name,
        supervisor_email=supervisor_email,
        supervisor_phone=supervisor_phone,
        today=today,
    )
    with transaction.atomic():
        participant = participant_lock(placement.participant)
        _check_placeable(participant)
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        if placement.end_date is not None:
            raise PlacementError(_("Only the current placement can be corrected."), code="not_current")
        previous = (
            Placement.objects.filter(participant=participant)
            .exclude(pk=placement.pk)
            .order_by("-start_date", "-created_at")
            .first()
        )
        _end_before(previous, start_date)
        for name, value in fields.items():
            setattr(placement, name, value)
        placement.save()
        schedule_sync(participant=participant)
    return placement


def placement_end(*, placement: Placement, end_date: datetime.date, by) -> Placement:
    """End the current placement (the person stopped working there) without a new one.
    The check-ins keep their schedule: a break from work is a pause (`pause_start`)."""
    with transaction.atomic():
        participant_lock(placement.participant)
        placement = Placement.objects.select_for_update().get(pk=placement.pk)
        if placement.end_date is not None:
            raise PlacementError(_("This placement has already ended."), code="already_ended")
        if end_date < placement.start_date:
            raise PlacementError(_("The end date cannot be before the placement started."), code="end_before_start")
        placement.end_date = end_date
        placement.save(update_fields=["end_date"])
        schedule_sync(participant=placement.participant)
    return placement


def pause_start(
    *, participant: Participant, starts_on: datetime.date, reason: str = "", by, today: datetime.date | None = None
) -> PlacementPause:
    """Pause the placement year from `starts_on`: check-ins due from then wait, and no
    reminder is sent, until the pause ends. The reason is encrypted and only for staff
    and the person."""
    today = today or timezone.localdate()
    with transaction.atomic():
        participant = participant_lock(participant)
        first = Placement.objects.filter(participant=participant).order_by("start_date", "created_at").first()
        if first is None:
            raise PlacementError(_("There is no placement to pause yet."), code="no_placement")
        if PlacementPause.objects.filter(participant=participant, ends_on__isnull=True).exists():
            raise PlacementError(_("The placement year is already paused."), code="already_paused")
        if starts_on < first.start_date:
            raise PlacementError(_("A pause cannot start before the first placement."), code="pause_before_start")
        if starts_on > today + datetime.timedelta(days=FUTURE_LIMIT_DAYS):
            raise PlacementError(_("A pause can start at most a year from today."), code="pause_too_late")
        if PlacementPause.objects.filter(participant=participant, ends_on__gt=starts_on).exists():
            raise PlacementError(
                _("This date falls in an earlier pause. Please choose a date after it ended."), code="pause_overlaps"
            )
        pause = PlacementPause.objects.create(
            participant=participant, starts_on=starts_on, reason=reason.strip(), recorded_by=by
        )
        schedule_sync(participant=participant)
    return pause


def pause_end(*, participant: Participant, ends_on: datetime.date, by) -> PlacementPause:
    """End the open pause on `ends_on` (the day the person is back): the check-ins that
    waited move on by the pause's length."""
    with transaction.atomic():
        participant = participant_lock(participant)
        pause = PlacementPause.objects.select_for_update().filter(participant=participant, ends_on__isnull=True).first()
        if pause is None:
            raise PlacementError(_("The placement year is not paused."), code="not_paused")
        if ends_on < pause.starts_on:
            raise PlacementError(
                _("The return date cannot be before the pause started (%(date)s).")
                % {"date": date_format(pause.starts_on)},
                code="back_before_pause",
            )
        pause.ends_on = ends_on
        pause.save(update_fields=["ends_on"])
        schedule_sync(participant=participant)
    return pause
