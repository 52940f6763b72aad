"""What requirements tracking holds about a person: their hour entries, their attendance
at training sessions, and their practicums with the supervisors' answers (or, for a
supervisor, the answers they gave)."""

from cpse import data_rights
from cpse.audit.services import redact_change_history
from requirements_tracking.models import Attendance, HourEntry, Practicum, SupervisorConfirmation, TrainingSession


def export(user) -> list[dict]:
    """The person's own entries, with their reflections and the staff's comments to them."""
    return [
        {
            "cohort": str(entry.participant.cohort),
            "requirement": str(entry.requirement),
            "date": entry.date,
            "hours": entry.hours,
            "activity": entry.get_kind_display(),
            "reflection": entry.reflection,
            "status": entry.get_status_display(),
            "staff_comment": entry.staff_comment,
            "logged": entry.created_at,
            "reviewed": entry.reviewed_at,
        }
        for entry in HourEntry.objects.filter(participant__user=user)
        .select_related("participant__cohort", "requirement")
        .order_by("date", "pk")
    ]


def erase(user) -> None:
    """Every entry, with what hangs on it (supervisors' answers, attendance): their change
    history is emptied before the rows go, as deleting them would take the ids along."""
    entries = HourEntry.objects.filter(participant__user=user)
    attendances = Attendance.objects.filter(participant__user=user)
    redact_change_history(
        SupervisorConfirmation,
        SupervisorConfirmation.objects.filter(entry__participant__user=user).values_list("pk", flat=True),
    )
    redact_change_history(Attendance, attendances.values_list("pk", flat=True))
    redact_change_history(HourEntry, entries.values_list("pk", flat=True))
    attendances.delete()
    entries.delete()


def export_attendance(user) -> list[dict]:
    return [
        {
            "cohort": str(attendance.session.cohort),
            "session": attendance.session.title,
            "starts": attendance.session.starts_at,
            "attendance": attendance.get_status_display(),
            "minutes": attendance.minutes,
        }
        for attendance in Attendance.objects.filter(participant__user=user)
        .select_related("session__cohort")
        .order_by("session__starts_at", "pk")
    ]


def export_practicum(user) -> dict:
    """The person's practicums and each answer about their hours; for a supervisor with
    an account, the answers they gave signed in (without the participants' names)."""
    return {
        "practicums": [
            {
                "cohort": str(practicum.participant.cohort),
                "host_agency": practicum.host_agency,
                "supervisor_name": practicum.supervisor_name,
                "supervisor_email": practicum.supervisor_email,
                "current": practicum.is_current,
                "named": practicum.created_at,
            }
            for practicum in Practicum.objects.filter(participant__user=user)
            .select_related("participant__cohort")
            .order_by("created_at", "pk")
        ],
        "supervisor_answers": [
            _answer(confirmation)
            for confirmation in SupervisorConfirmation.objects.filter(entry__participant__user=user)
            .select_related("entry", "practicum")
            .order_by("created_at", "pk")
        ],
        "answers_you_gave": [
            {"status": confirmation.get_status_display(), "answered": confirmation.decided_at}
            for confirmation in SupervisorConfirmation.objects.filter(decided_by=user).order_by("decided_at", "pk")
        ],
    }


def _answer(confirmation: SupervisorConfirmation) -> dict:
    return {
        "host_agency": confirmation.practicum.host_agency,
        "date": confirmation.entry.date,
        "hours": confirmation.entry.hours,
        "status": confirmation.get_status_display(),
        "asked": confirmation.created_at,
        "answered": confirmation.decided_at,
        "comment": confirmation.comment,
    }


def erase_practicum(user) -> None:
    """Entries first: a practicum with hours cannot be deleted (PROTECT). A supervisor's
    account is unlinked; their answers stay with the participant's record."""
    entries = HourEntry.objects.filter(participant__user=user, practicum__isnull=False)
    confirmations = SupervisorConfirmation.objects.filter(entry__participant__user=user)
    practicums = Practicum.objects.filter(participant__user=user)
    redact_change_history(SupervisorConfirmation, confirmations.values_list("pk", flat=True))
    redact_change_history(HourEntry, entries.values_list("pk", flat=True))
    redact_change_history(Practicum, practicums.values_list("pk", flat=True))
    entries.delete()
    practicums.delete()
    Practicum.objects.filter(supervisor_user=user).update(supervisor_user=None)


def register() -> None:
    data_rights.register(data_rights.PersonalData(name="hours", models=(HourEntry,), export=export, erase=erase))
    # Erased with the hour entries (above); sessions themselves point only at staff.
    data_rights.register(
        data_rights.PersonalData(
            name="training_sessions", models=(TrainingSession, Attendance), export=export_attendance
        )
    )
    data_rights.register(
        data_rights.PersonalData(
            name="practicum",
            models=(Practicum, SupervisorConfirmation),
            export=export_practicum,
            erase=erase_practicum,
        )
    )
