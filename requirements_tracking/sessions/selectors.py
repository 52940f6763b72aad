"""Reads for training sessions and attendance, each page at a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from cohorts.models import Cohort, Participant, Requirement
from requirements_tracking.models import Attendance, TrainingSession
from requirements_tracking.sessions.services import SESSION_CATEGORIES


def session_requirement(*, cohort: Cohort, category: str) -> Requirement | None:
    """The hours requirement of the cohort's set a session of this kind counts towards."""
    if category not in SESSION_CATEGORIES:
        return None
    return Requirement.objects.filter(
        requirement_set_id=cohort.requirement_set_id, kind=Requirement.Kind.HOURS, category=category
    ).first()


def sessions_for_staff(cohort: Cohort | None) -> QuerySet[TrainingSession]:
    sessions = TrainingSession.objects.select_related("cohort", "requirement").order_by("starts_at", "pk")
    if cohort is not None:
        sessions = sessions.filter(cohort=cohort)
    return sessions


def session_for_staff(public_id) -> TrainingSession | None:
    return (
        TrainingSession.objects.filter(public_id=public_id)
        .select_related("cohort", "requirement", "attendance_recorded_by")
        .first()
    )


@dataclass(frozen=True)
class SheetRow:
    participant: Participant
    attendance: Attendance | None


def attendance_sheet(session: TrainingSession) -> list[SheetRow]:
    """Everyone taking part in the session's cohort now (enrolled or on leave), by name,
    with what was recorded for them: two queries, whatever the cohort's size."""
    participants = list(
        Participant.objects.filter(cohort_id=session.cohort_id, status__in=Participant.TAKING_PART)
        .select_related("user")
        .order_by("user__display_name", "pk")
    )
    recorded = {
        attendance.participant_id: attendance
        for attendance in Attendance.objects.filter(session=session, participant__in=[p.pk for p in participants])
    }
    return [SheetRow(participant=p, attendance=recorded.get(p.pk)) for p in participants]


@dataclass(frozen=True)
class ParticipantSessions:
    upcoming: list[TrainingSession]
    past: list[TrainingSession]


def sessions_for_participant(participant: Participant, *, now: datetime.datetime | None = None) -> ParticipantSessions:
    """The sessions of the participant's cohort: those to come, soonest first, and those
    that have started, latest first, each with the participant's own attendance and the
    hours it gave (`session.mine`: a list of at most one attendance)."""
    now = now or timezone.now()
    own = Attendance.objects.filter(participant=participant).select_related("hour_entry")
    sessions = TrainingSession.objects.filter(cohort_id=participant.cohort_id).select_related("requirement")
    upcoming = list(sessions.filter(starts_at__gt=now).order_by("starts_at", "pk"))
    past = list(
        sessions.filter(starts_at__lte=now)
        .order_by("-starts_at", "-pk")
        .prefetch_related(Prefetch("attendances", queryset=own, to_attr="mine"))
    )
    return ParticipantSessions(upcoming=upcoming, past=past)
