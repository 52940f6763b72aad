from django.contrib import admin

from cohorts.models import (
    Cohort,
    Credential,
    Participant,
    ParticipantStatusChange,
    ProgramPause,
    ProgressExpectation,
    Requirement,
    RequirementSet,
)
from cpse.audit.admin import BackOfficeAdmin, LogsRecordViews, ViewOnlyAdmin
from cpse.audit.models import AccessLogEntry

# How a participant is shown in lists: "Name (2026 cohort)".
PARTICIPANT = ["participant__user", "participant__cohort"]
PARTICIPANT_SEARCH = ["participant__user__email", "participant__user__display_name"]


class ParticipantRecord(LogsRecordViews):
    record_kind = AccessLogEntry.RecordKind.PARTICIPANT

    def record_subject(self, obj):
        return obj.participant.user


@admin.register(Credential)
class CredentialAdmin(BackOfficeAdmin):
    list_display = ["abbreviation", "name", "validity_months", "renewal_hours"]
    search_fields = ["name", "abbreviation"]
    ordering = ["abbreviation"]


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0


@admin.register(RequirementSet)
class RequirementSetAdmin(BackOfficeAdmin):
    list_display = ["name", "credential", "created_at"]
    list_select_related = ["credential"]
    search_fields = ["name"]
    ordering = ["-created_at"]
    inlines = [RequirementInline]


@admin.register(ProgressExpectation)
class ProgressExpectationAdmin(BackOfficeAdmin):
    list_display = ["requirement", "months_after_start", "amount"]
    list_select_related = ["requirement"]
    ordering = ["requirement", "months_after_start"]


@admin.register(Cohort)
class CohortAdmin(BackOfficeAdmin):
    list_display = ["__str__", "year", "program_start", "program_end", "capacity"]
    search_fields = ["year"]
    ordering = ["-year"]


@admin.register(Participant)
class ParticipantAdmin(LogsRecordViews, BackOfficeAdmin):
    record_kind = AccessLogEntry.RecordKind.PARTICIPANT

    def record_subject(self, obj):
        return obj.user

    list_display = ["public_id", "user", "cohort", "status", "aspiration", "home_state"]
    list_filter = ["cohort", "status"]
    list_select_related = ["user", "cohort"]
    search_fields = ["user__email", "user__display_name"]
    ordering = ["cohort", "enrolled_at"]
    raw_id_fields = ["user"]


@admin.register(ParticipantStatusChange)
class ParticipantStatusChangeAdmin(ViewOnlyAdmin):
    list_display = ["participant", "from_status", "to_status", "changed_at", "changed_by"]
    list_filter = ["to_status"]
    list_select_related = [*PARTICIPANT, "changed_by"]
    search_fields = PARTICIPANT_SEARCH
    ordering = ["-changed_at", "-pk"]


@admin.register(ProgramPause)
class ProgramPauseAdmin(ParticipantRecord, ViewOnlyAdmin):
    list_display = ["participant", "started_on", "return_on", "ended_on", "started_by"]
    list_select_related = [*PARTICIPANT, "started_by"]
    search_fields = PARTICIPANT_SEARCH
    ordering = ["-started_on", "-pk"]
