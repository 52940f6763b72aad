from django.contrib import admin

from cpse.audit.admin import ViewOnlyAdmin
from cpse.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(ViewOnlyAdmin):
    """Read-only: the outbox is a record of what was sent, not a place to write mail. The
    body (encrypted; it may hold a one-time link) is never shown."""

    list_display = ["kind", "recipient", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "category", "kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "to_email", "kind"]
    ordering = ["-created_at"]
    raw_id_fields = ["recipient", "resent_by"]
