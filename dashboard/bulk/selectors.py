from django.db.models import QuerySet

from dashboard.models import CohortMessage


def cohort_messages_sent() -> QuerySet[CohortMessage]:
    """The history of messages to cohorts, newest first (one query a page)."""
    return CohortMessage.objects.select_related("cohort", "sent_by").only(
        "public_id", "subject", "audience", "recipients", "sent_at", "cohort__year", "sent_by__display_name"
    )
