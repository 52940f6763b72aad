"""The back office's shared rules, and the audit records themselves (read-only).

The back office (Django admin at /back-office/) is for superusers keeping the system
healthy, not a second way to run the program: most records are shown, not changed (their
services keep the rules, events and messages that go with a change), and encrypted fields
never appear (they are read on the program's own pages, which log who opened them; in the
database they are ciphertext, so they can be neither listed nor searched), nor do
uploaded files."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin
from django.db import models

from cpse.audit.models import AccessLogEntry, PurgeRun
from cpse.audit.services import access_log_record
from cpse.crypto import EncryptedTextField


def hidden_fields(model) -> list[str]:
    """Encrypted fields, and uploaded files (served only by views that check permission)."""
    return [field.name for field in model._meta.fields if isinstance(field, (EncryptedTextField, models.FileField))]


class HidesPrivateFields:
    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *hidden_fields(self.model)]


class BackOfficeAdmin(HidesPrivateFields, admin.ModelAdmin):
    list_per_page = 50
    # A filtered list does not count the whole table again.
    show_full_result_count = False


class ViewOnlyAdmin(BackOfficeAdmin):
    """Records written by the program's services: shown, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ViewOnlyInline(HidesPrivateFields, admin.TabularInline):
    extra = 0
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields or ()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
class AccessLogEntryAdmin(ViewOnlyAdmin):
    """Read-only: nobody edits or deletes the access log."""

    list_display = ["at", "viewer", "subject", "record_kind", "result_count"]
    list_filter = ["record_kind"]
    list_select_related = ["viewer", "subject"]
    search_fields = ["viewer__email", "subject__email"]
    date_hierarchy = "at"
    ordering = ["-at"]
    raw_id_fields = ["viewer", "subject"]


@admin.register(PurgeRun)
class PurgeRunAdmin(ViewOnlyAdmin):
    list_display = ["ran_at", "dry_run"]
    list_filter = ["dry_run"]
    ordering = ["-ran_at"]


# The change history (django-auditlog): its own admin, searched by what our users have
# (an email, no first or last name), and never deleted from its own pages.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class ChangeHistoryAdmin(LogEntryAdmin):
    search_fields = ["object_repr", "actor__email"]
    raw_id_fields = ["actor"]
    list_per_page = 50
    show_full_result_count = False
