"""What requirements tracking holds about a person: their hour entries."""

from cpse import data_rights
from cpse.audit.services import redact_change_history
from requirements_tracking.models import HourEntry


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
    entries = HourEntry.objects.filter(participant__user=user)
    redact_change_history(HourEntry, entries.values_list("pk", flat=True))
    entries.delete()


def register() -> None:
    data_rights.register(data_rights.PersonalData(name="hours", models=(HourEntry,), export=export, erase=erase))
