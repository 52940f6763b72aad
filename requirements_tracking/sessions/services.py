"""Training sessions and attendance: program staff schedule, change and delete sessions;
program staff or an instructor record the attendance of the whole cohort at once, which
becomes approved hours; participants are reminded the day before.

Rules chosen here:
- A session lasts 15 minutes to 12 hours, in steps of 15 minutes, so its hours are
  always whole quarter hours (the unit of every hour entry).
- Partial attendance counts its minutes rounded DOWN to the quarter hour (50 minutes
  give 0.75 hours; under 15 minutes give no hours entry): never more than was there.
- Once attendance is recorded, a session keeps its cohort, requirement, date, time and
  duration (the hours were worked out from them) and cannot be deleted; its title and
  place can still change.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from cohorts.models import Cohort, Participant, Requirement
from cpse.audit.services import change_record, creations_record
from cpse.dates import day_span
from cpse.errors import DomainError
from cpse.notify.services import Message, notification_queue_many, person_language, without_message
from cpse.prepared import prepared_rows
from requirements_tracking.models import Attendance, HourEntry, TrainingSession

SESSION_CATEGORIES = (Requirement.Category.ONLINE, Requirement.Category.INTENSIVE)
# What recording a sheet again changes, as the change history shows it (bulk_update
# bypasses save(): the services write those rows themselves).
ATTENDANCE_RECORDED = ("status", "minutes", "recorded_by_id", "recorded_at")
SESSION_ENTRY_RECORDED = ("hours", "date", "requirement_id", "reviewed_by_id", "reviewed_at")
MIN_DURATION = 15
MAX_DURATION = 12 * 60
DURATION_STEP = 15
TEXT_MAX_LENGTH = 200
A = Attendance.Status


class TrainingSessionError(DomainError):
    code = "training_session_error"


class AttendanceError(TrainingSessionError):
    code = "attendance_error"


@dataclass(frozen=True)
class Mark:
    """One participant's line on the attendance sheet (minutes only for partial)."""

    status: str
    minutes: int | None = None


def quarter_hours(minutes: int) -> Decimal:
    """Minutes as hours, rounded down to the quarter hour: 50 → 0.75, 14 → 0."""
    return Decimal(minutes // 15) / 4


def _whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _checked(
    *,
    cohort: Cohort,
    requirement: Requirement,
    title: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    location: str,
    title_es: str,
) -> dict:
    """The session's fields, tidied and checked against the rules."""
    title, location, title_es = (title or "").strip(), (location or "").strip(), (title_es or "").strip()
    if not title:
        raise TrainingSessionError(_("Please give the session a title."), code="title_required")
    if max(len(title), len(location), len(title_es)) > TEXT_MAX_LENGTH:
        raise TrainingSessionError(
            _("Please keep the title and the place to %(max)s characters at most.") % {"max": TEXT_MAX_LENGTH},
            code="too_long",
        )
    if (
        requirement.requirement_set_id != cohort.requirement_set_id
        or requirement.kind != Requirement.Kind.HOURS
        or requirement.category not in SESSION_CATEGORIES
    ):
        raise TrainingSessionError(
            _("A session counts towards the cohort's online instruction or in-person intensive hours."),
            code="wrong_requirement",
        )
    if (
        not _whole_number(duration_minutes)
        or not MIN_DURATION <= duration_minutes <= MAX_DURATION
        or duration_minutes % DURATION_STEP
    ):
        raise TrainingSessionError(
            _("Please choose a length between 15 minutes and 12 hours, in steps of 15 minutes (for example 90)."),
            code="bad_duration",
        )
    day = _local_date(starts_at)
    if requirement.category == Requirement.Category.INTENSIVE:
        start, end, code = cohort.intensive_start, cohort.intensive_end, "outside_intensive"
        message = _("An intensive session takes place in the intensive week, between %(start)s and %(end)s.")
    else:
        start, end, code = cohort.program_start, cohort.program_end, "outside_program"
        message = _("An online session takes place during the program, between %(start)s and %(end)s.")
    if not start <= day <= end:
        raise TrainingSessionError(message % {"start": date_format(start), "end": date_format(end)}, code=code)
    return {
        "cohort": cohort,
        "requirement": requirement,
        "title": title,
        "title_es": title_es,
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "location": location,
    }


def training_session_schedule(
    *,
    cohort: Cohort,
    requirement: Requirement,
    title: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    location: str = "",
    title_es: str = "",
    by,
) -> TrainingSession:
    values = _checked(
        cohort=cohort,
        requirement=requirement,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        title_es=title_es,
    )
    with transaction.atomic():
        return TrainingSession.objects.create(**values)


def training_session_change(
    *,
    session: TrainingSession,
    cohort: Cohort,
    requirement: Requirement,
    title: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    location: str = "",
    title_es: str = "",
    by,
) -> TrainingSession:
    values = _checked(
        cohort=cohort,
        requirement=requirement,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        title_es=title_es,
    )
    with transaction.atomic():
        # Locked: attendance recorded at the same moment sees the old or the new session.
        current = TrainingSession.objects.select_for_update().get(pk=session.pk)
        if current.attendance_recorded_at is not None and (
            current.cohort_id != cohort.pk
            or current.requirement_id != requirement.pk
            or current.starts_at != starts_at
            or current.duration_minutes != duration_minutes
        ):
            raise TrainingSessionError(
                _(
                    "Attendance is already recorded for this session, so its cohort, hours, date, time and "
                    "length stay as they are. You can still change its title and place."
                ),
                code="attendance_recorded",
            )
        TrainingSession.objects.filter(pk=session.pk).update(**values)
        change_record(
            current, changes={name: (current.serializable_value(name), value) for name, value in values.items()}, by=by
        )
    for name, value in values.items():
        setattr(session, name, value)
    return session


def training_session_delete(*, session: TrainingSession, by) -> None:
    """Only a session without recorded attendance (its hours would go with it)."""
    with transaction.atomic():
        deleted, _rows = TrainingSession.objects.filter(pk=session.pk, attendance_recorded_at__isnull=True).delete()
        if not deleted:
            if TrainingSession.objects.filter(pk=session.pk).exists():
                raise TrainingSessionError(
                    _("Attendance is recorded for this session, so it stays: the hours it gave are kept."),
                    code="attendance_recorded",
                )
            raise TrainingSessionError(_("This session was already deleted."), code="already_deleted")


def _check_mark(session: TrainingSession, mark: Mark) -> Mark:
    if mark.status not in A.values:
        raise AttendanceError(_("Please choose present, part of the session or absent."), code="bad_status")
    if mark.status != A.PARTIAL:
        return Mark(status=mark.status)
    minutes = mark.minutes
    if not _whole_number(minutes) or not 1 <= minutes < session.duration_minutes:
        raise AttendanceError(
            _("For part of the session, please enter between 1 and %(max)s minutes.")
            % {"max": session.duration_minutes - 1},
            code="partial_minutes",
        )
    return mark


def _hours(session: TrainingSession, mark: Mark) -> Decimal:
    if mark.status == A.PRESENT:
        return quarter_hours(session.duration_minutes)
    if mark.status == A.PARTIAL:
        return quarter_hours(mark.minutes)
    return Decimal(0)


def attendance_record(
    *, session: TrainingSession, marks: Mapping[int, Mark], by, now: datetime.datetime | None = None
) -> TrainingSession:
    """Record (or correct) the sheet: `marks` maps participant ids to their mark.

    Each attendance has at most one approved hour entry, changed in place when the sheet
    is recorded again (present → absent deletes it, absent → partial creates it again).
    The whole sheet is written in one transaction, or nothing is."""
    now = now or timezone.now()
    if not marks:
        raise AttendanceError(_("There is nobody on this sheet to record."), code="empty")
    with transaction.atomic():
        # One sheet at a time per session: two people saving at once cannot double hours.
        session = TrainingSession.objects.select_for_update().select_related("cohort").get(pk=session.pk)
        if session.starts_at > now:
            raise AttendanceError(
                _("Attendance can be recorded once the session has started (%(date)s at %(time)s).")
                % {
                    "date": date_format(timezone.localtime(session.starts_at)),
                    "time": time_format(timezone.localtime(session.starts_at)),
                },
                code="not_started",
            )
        active = set(
            Participant.objects.filter(cohort_id=session.cohort_id, status__in=Participant.TAKING_PART).values_list(
                "pk", flat=True
            )
        )
        if set(marks) - active:
            raise AttendanceError(
                _("The sheet names someone who is not taking part in this cohort now. Please open it again."),
                code="unknown_participant",
            )
        checked = {participant_id: _check_mark(session, mark) for participant_id, mark in marks.items()}
        existing = {
            attendance.participant_id: attendance
            for attendance in Attendance.objects.filter(session=session, participant_id__in=checked).select_related(
                "hour_entry"
            )
        }
        day = _local_date(session.starts_at)
        new_attendances, changed_attendances, attendance_was = [], [], {}
        for participant_id, mark in checked.items():
            attendance = existing.get(participant_id)
            if attendance is None:
                attendance = Attendance(
                    session=session, participant_id=participant_id, status=mark.status, minutes=mark.minutes
                )
                attendance.recorded_by, attendance.recorded_at = by, now
                new_attendances.append(attendance)
            elif (attendance.status, attendance.minutes) != (mark.status, mark.minutes):
                attendance_was[attendance.pk] = [getattr(attendance, name) for name in ATTENDANCE_RECORDED]
                attendance.status, attendance.minutes = mark.status, mark.minutes
                attendance.recorded_by, attendance.recorded_at = by, now
                changed_attendances.append(attendance)
        Attendance.objects.bulk_create(new_attendances)
        # bulk_create bypasses the change history's signals: each row added is written to it.
        creations_record(new_attendances, by=by)
        Attendance.objects.bulk_update(changed_attendances, ["status", "minutes", "recorded_by", "recorded_at"])
        for attendance in changed_attendances:
            was = zip(ATTENDANCE_RECORDED, attendance_was[attendance.pk], strict=True)
            change_record(attendance, changes={name: (old, getattr(attendance, name)) for name, old in was}, by=by)
        # bulk_create sets the primary keys (PostgreSQL, SQLite 3.35+): the entries below
        # point at the new rows.
        existing.update({attendance.participant_id: attendance for attendance in new_attendances})
        new_ids = {attendance.participant_id for attendance in new_attendances}

        new_entries, changed_entries, gone_entries, entry_was = [], [], [], {}
        for participant_id, mark in checked.items():
            attendance = existing[participant_id]
            hours = _hours(session, mark)
            entry = None if participant_id in new_ids else _entry_of(attendance)
            if hours == 0:
                if entry is not None:
                    gone_entries.append(entry.pk)
            elif entry is None:
                new_entries.append(
                    HourEntry(
                        participant_id=participant_id,
                        requirement_id=session.requirement_id,
                        date=day,
                        hours=hours,
                        kind=HourEntry.Kind.SESSION,
                        reflection="",
                        attendance=attendance,
                        status=HourEntry.Status.APPROVED,
                        reviewed_by=by,
                        reviewed_at=now,
                    )
                )
            elif (entry.hours, entry.date, entry.requirement_id) != (hours, day, session.requirement_id):
                entry_was[entry.pk] = [getattr(entry, name) for name in SESSION_ENTRY_RECORDED]
                entry.hours, entry.date, entry.requirement_id = hours, day, session.requirement_id
                entry.reviewed_by, entry.reviewed_at = by, now
                changed_entries.append(entry)
        HourEntry.objects.filter(pk__in=gone_entries).delete()
        HourEntry.objects.bulk_create(new_entries)
        creations_record(new_entries, by=by)
        HourEntry.objects.bulk_update(changed_entries, ["hours", "date", "requirement", "reviewed_by", "reviewed_at"])
        for entry in changed_entries:
            was = zip(SESSION_ENTRY_RECORDED, entry_was[entry.pk], strict=True)
            change_record(entry, changes={name: (old, getattr(entry, name)) for name, old in was}, by=by)
        TrainingSession.objects.filter(pk=session.pk).update(attendance_recorded_at=now, attendance_recorded_by=by)
        change_record(
            session,
            changes={
                "attendance_recorded_at": (session.attendance_recorded_at, now),
                "attendance_recorded_by": (session.attendance_recorded_by_id, by),
            },
            by=by,
        )
    session.attendance_recorded_at, session.attendance_recorded_by = now, by
    return session


def _entry_of(attendance: Attendance) -> HourEntry | None:
    try:
        return attendance.hour_entry
    except HourEntry.DoesNotExist:
        return None


def session_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """The day before a session (local date), remind each active participant of its
    cohort, once per session and person. The email names no session and no person.
    A fixed number of queries however many people are reminded."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    path = reverse("sessions:mine")
    # One row per session tomorrow and active participant of its cohort, less those already
    # reminded (looked up by key in SQL): plain values, however many people.
    # Tomorrow as a range of instants: compared as stored, no date conversion per row.
    starts, ends = day_span(tomorrow)
    # Built and compiled once a day per process (`cpse.prepared`): the usual run reads no row.
    due = prepared_rows(
        ("reminders.session_tomorrow", starts, ends),
        lambda: without_message(
            Participant.objects.filter(
                cohort__training_sessions__starts_at__gte=starts,
                cohort__training_sessions__starts_at__lt=ends,
                status__in=Participant.TAKING_PART,
            ).annotate(session_id=F("cohort__training_sessions__pk")),
            "session-reminder:",
            F("session_id"),
            ":",
            F("pk"),
        ).values_list("message_key", "user_id", person_language("user_id")),
    )
    return notification_queue_many(
        Message(kind="session_reminder", key=key, recipient_id=user_id, language=language, context={"path": path})
        for key, user_id, language in due
    )
