from auditlog.models import LogEntry
from django.db.models import QuerySet

from cpse.audit.models import AccessLogEntry


def access_log_entries() -> QuerySet[AccessLogEntry]:
    return AccessLogEntry.objects.select_related("viewer", "subject").order_by("-at")


def change_entries() -> QuerySet[LogEntry]:
    return LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
