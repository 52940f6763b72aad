"""The back office shows placements, check-ins, supervision and surveys, and keeps the
concern keywords. Check-in answers, concern notes and supervision reflections are
encrypted and stay on the program's own pages, which log who opened them."""

from django.contrib import admin

from checkins.models import (
    CheckIn,
    Concern,
    ConcernFollowUp,
    ConcernKeyword,
    Placement,
    PlacementPause,
    SupervisionContract,
    SupervisionSession,
    SurveyInvitation,
    SurveyResponse,
)
from cohorts.admin import PARTICIPANT, PARTICIPANT_SEARCH, ParticipantRecord
from cpse.audit.admin import BackOfficeAdmin, ViewOnlyAdmin
from cpse.audit.models import AccessLogEntry


# Read-only: placements change through their services, which keep the check-in schedule
# in step (checkins.schedule).
@admin.register(Placement)
class PlacementAdmin(ParticipantRecord, ViewOnlyAdmin):
    list_display = ["public_id", "participant", "agency", "role", "terms", "start_date", "end_date"]
    list_filter = ["role", "terms"]
    list_select_related = PARTICIPANT
    search_fields = [*PARTICIPANT_SEARCH, "agency"]
    ordering = ["participant", "start_date", "created_at"]
    raw_id_fields = ["participant", "recorded_by"]


@admin.register(PlacementPause)
class PlacementPauseAdmin(ViewOnlyAdmin):
    list_display = ["participant", "starts_on", "ends_on", "recorded_by"]
    list_select_related = [*PARTICIPANT, "recorded_by"]
    search_fields = PARTICIPANT_SEARCH
    ordering = ["-starts_on"]


@admin.register(CheckIn)
class CheckInAdmin(ParticipantRecord, ViewOnlyAdmin):
    record_kind = AccessLogEntry.RecordKind.CHECKINS
    list_display = ["public_id", "participant", "number", "due_on", "submitted_at", "wants_contact", "reviewed_at"]
    list_filter = ["wants_contact"]
    list_select_related = PARTICIPANT
    search_fields = PARTICIPANT_SEARCH
    ordering = ["-due_on", "participant"]


@admin.register(ConcernKeyword)
class ConcernKeywordAdmin(BackOfficeAdmin):
    list_display = ["phrase", "active", "created_at"]
    list_filter = ["active"]
    search_fields = ["phrase"]
    ordering = ["phrase"]
    raw_id_fields = ["added_by"]


@admin.register(Concern)
class ConcernAdmin(ParticipantRecord, ViewOnlyAdmin):
    record_kind = AccessLogEntry.RecordKind.CHECKINS
    list_display = ["public_id", "participant", "reason", "status", "opened_at", "closed_at"]
    list_filter = ["status", "reason"]
    list_select_related = PARTICIPANT
    search_fields = PARTICIPANT_SEARCH
    ordering = ["-opened_at"]


@admin.register(ConcernFollowUp)
class ConcernFollowUpAdmin(ViewOnlyAdmin):
    list_display = ["concern", "author", "created_at"]
    list_select_related = ["concern", "author"]
    search_fields = ["concern__participant__user__email"]
    ordering = ["-created_at"]


@admin.register(SupervisionContract)
class SupervisionContractAdmin(ViewOnlyAdmin):
    list_display = ["public_id", "participant", "setting", "supervisor_name", "frequency", "created_at", "replaced_at"]
    list_filter = ["setting", "frequency"]
    list_select_related = PARTICIPANT
    search_fields = [*PARTICIPANT_SEARCH, "supervisor_email"]
    ordering = ["-created_at", "-pk"]
    exclude = ["supervisor_token_hash"]


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(ViewOnlyAdmin):
    list_display = ["contract", "held_on", "minutes", "logged_by"]
    list_select_related = ["contract__participant__user", "contract__participant__cohort", "logged_by"]
    search_fields = ["contract__participant__user__email", "contract__participant__user__display_name"]
    ordering = ["-held_on", "-pk"]


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(ViewOnlyAdmin):
    list_display = ["participant", "survey", "opens_on", "answered", "declined"]
    list_filter = ["survey", "answered", "declined"]
    list_select_related = PARTICIPANT
    search_fields = PARTICIPANT_SEARCH
    ordering = ["-opens_on", "pk"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ViewOnlyAdmin):
    """Anonymous by design: linked to a cohort and a month, never to a person."""

    list_display = ["cohort", "survey", "month"]
    list_filter = ["survey", "cohort"]
    list_select_related = ["cohort"]
    ordering = ["-month", "pk"]
