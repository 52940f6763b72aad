from django.contrib import admin

from cohorts.models import Cohort, Credential, Participant, Requirement, RequirementSet
from cpse.audit.admin import LogsRecordViews
from cpse.audit.models import AccessLogEntry


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 0


@admin.register(RequirementSet)
class RequirementSetAdmin(admin.ModelAdmin):
    list_display = ["name", "credential", "created_at"]
    inlines = [RequirementInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "program_start", "program_end", "capacity"]


@admin.register(Participant)
class ParticipantAdmin(LogsRecordViews, admin.ModelAdmin):
    record_kind = AccessLogEntry.RecordKind.PARTICIPANT

    def record_subject(self, obj):
        return obj.user

    list_display = ["public_id", "cohort", "status", "aspiration", "home_state"]
    list_filter = ["cohort", "status"]
    raw_id_fields = ["user"]


admin.site.register(Credential)
