"""The back office shows placements and the concern keywords; check-in answers and
concerns stay on the program's own pages, which log who opened them."""

from django.contrib import admin

from checkins.models import ConcernKeyword, Placement
from cpse.audit.admin import LogsRecordViews
from cpse.audit.models import AccessLogEntry


@admin.register(Placement)
class PlacementAdmin(LogsRecordViews, admin.ModelAdmin):
    record_kind = AccessLogEntry.RecordKind.PARTICIPANT

    def record_subject(self, obj):
        return obj.participant.user

    list_display = ["public_id", "participant", "role", "terms", "start_date", "end_date"]
    list_filter = ["role", "terms"]
    raw_id_fields = ["participant", "recorded_by"]

    # Read-only: placements change through their services, which keep the check-in
    # schedule in step (checkins.schedule).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ConcernKeyword)
class ConcernKeywordAdmin(admin.ModelAdmin):
    list_display = ["phrase", "active", "created_at"]
    raw_id_fields = ["added_by"]
