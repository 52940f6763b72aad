"""What the dashboard holds about a person: only, for staff, the cohort messages they
sent (subject and when; the text lives in each recipient's message). Erasing a staff
account keeps the history and forgets who sent it."""

from cpse import data_rights
from dashboard.models import CohortMessage


def export(user) -> list[dict]:
    return [
        {
            "cohort": str(message.cohort),
            "subject": message.subject,
            "recipients": message.recipients,
            "sent": message.sent_at,
        }
        for message in CohortMessage.objects.filter(sent_by=user).select_related("cohort").order_by("sent_at", "pk")
    ]


def erase(user) -> None:
    CohortMessage.objects.filter(sent_by=user).update(sent_by=None)


def register() -> None:
    data_rights.register(
        data_rights.PersonalData(name="cohort_messages_sent", models=(CohortMessage,), export=export, erase=erase)
    )
