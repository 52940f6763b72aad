"""Reads about program pauses: the time a participant has been paused (what the expected
pace moves by), the open pause of a participant, and staff's list of current pauses."""

import datetime

from django.db.models import QuerySet

from cohorts.models import Participant, ProgramPause


def pause_length(pause: ProgramPause, today: datetime.date) -> int:
    """Days of `pause` up to `today`: an open pause counts up to today (the pace stands
    still while paused), an ended one its real length (the days it actually lasted)."""
    end = min(pause.ended_on or today, today)
    return max(0, (end - pause.started_on).days)


def paused_days(participant_ids, today: datetime.date) -> dict[int, int]:
    """Participant id -> days paused up to `today`, over all their pauses, in one query.
    Participants never paused are absent."""
    days: dict[int, int] = {}
    for pause in ProgramPause.objects.filter(participant__in=participant_ids, started_on__lt=today).only(
        "participant_id", "started_on", "ended_on"
    ):
        length = pause_length(pause, today)
        if length:
            days[pause.participant_id] = days.get(pause.participant_id, 0) + length
    return days


def open_pause(participant: Participant) -> ProgramPause | None:
    return ProgramPause.objects.filter(participant=participant, ended_on__isnull=True).first()


def pauses_for_participant(participant: Participant) -> QuerySet[ProgramPause]:
    return ProgramPause.objects.filter(participant=participant).select_related("started_by", "ended_by")


def current_pauses() -> QuerySet[ProgramPause]:
    """Open pauses, the soonest return first, with names (the plans are not decrypted)."""
    return (
        ProgramPause.objects.filter(ended_on__isnull=True)
        .select_related("participant__user", "participant__cohort")
        .defer("plan")
        .order_by("return_on", "pk")
    )


def pauses_due_back(today: datetime.date) -> QuerySet[ProgramPause]:
    """Open pauses whose return date has come."""
    return ProgramPause.objects.filter(ended_on__isnull=True, return_on__lte=today).defer("plan")
