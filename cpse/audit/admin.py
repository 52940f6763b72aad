from django.contrib import admin

from cpse.audit.models import AccessLogEntry
from cpse.audit.services import access_log_record


class LogsRecordViews:
    """For ModelAdmins of people's records: opening one writes an access-log entry."""

    record_kind = AccessLogEntry.RecordKind.ACCOUNT

    def record_subject(self, obj):
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and request.method == "GET":
            access_log_record(viewer=request.user, subject=self.record_subject(obj), record_kind=self.record_kind)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """Read-only: nobody edits or deletes the access log."""

    list_display = ["at", "viewer", "subject", "record_kind"]
    list_filter = ["record_kind"]
    list_select_related = ["viewer", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
