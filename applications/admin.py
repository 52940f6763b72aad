"""Applications in the back office: shown, not decided. Decisions, interviews and
recommendations go through the staff pages, which tell the applicant and keep the events."""

from django.contrib import admin

from applications.models import (
    AccessNeeds,
    Appeal,
    Application,
    ApplicationEvent,
    DecisionTemplate,
    InterestSignup,
    Interview,
    InterviewScore,
    InterviewSlot,
    Recommendation,
    RubricCriterion,
    StaffNote,
)
from cpse.audit.admin import BackOfficeAdmin, LogsRecordViews, ViewOnlyAdmin, ViewOnlyInline
from cpse.audit.models import AccessLogEntry

APPLICATION = ["application__applicant", "application__cohort"]
APPLICATION_SEARCH = ["application__applicant__email", "application__applicant__display_name"]


class ApplicationEventInline(ViewOnlyInline):
    model = ApplicationEvent
    fields = ["at", "from_status", "to_status", "change", "actor"]


@admin.register(Application)
class ApplicationAdmin(LogsRecordViews, ViewOnlyAdmin):
    record_kind = AccessLogEntry.RecordKind.APPLICATION

    def record_subject(self, obj):
        return obj.applicant

    list_display = ["public_id", "applicant", "cohort", "status", "home_state", "submitted_at", "decided_at"]
    list_filter = ["status", "cohort"]
    list_select_related = ["applicant", "cohort"]
    search_fields = ["applicant__email", "applicant__display_name", "agency_name"]
    ordering = ["-created_at"]
    inlines = [ApplicationEventInline]


@admin.register(InterestSignup)
class InterestSignupAdmin(ViewOnlyAdmin):
    list_display = ["display_name", "email", "state", "language", "created_at", "invited_at"]
    list_filter = ["state", "language"]
    search_fields = ["email", "display_name"]
    ordering = ["-created_at"]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ViewOnlyAdmin):
    list_display = ["application", "from_status", "to_status", "change", "at", "actor"]
    list_filter = ["to_status", "change"]
    list_select_related = [*APPLICATION, "actor"]
    search_fields = APPLICATION_SEARCH
    ordering = ["-at", "-pk"]


@admin.register(StaffNote)
class StaffNoteAdmin(ViewOnlyAdmin):
    list_display = ["application", "author", "created_at"]
    list_select_related = [*APPLICATION, "author"]
    search_fields = APPLICATION_SEARCH
    ordering = ["-created_at"]


@admin.register(Recommendation)
class RecommendationAdmin(ViewOnlyAdmin):
    list_display = ["application", "agency_name", "status", "created_at", "received_at"]
    list_filter = ["status"]
    list_select_related = APPLICATION
    search_fields = [*APPLICATION_SEARCH, "agency_name"]
    ordering = ["-created_at"]
    exclude = ["token_hash"]


@admin.register(RubricCriterion)
class RubricCriterionAdmin(BackOfficeAdmin):
    list_display = ["name", "position", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    ordering = ["position", "pk"]


@admin.register(InterviewSlot)
class InterviewSlotAdmin(ViewOnlyAdmin):
    list_display = ["starts_at", "cohort", "duration_minutes", "location", "created_by"]
    list_filter = ["cohort"]
    list_select_related = ["cohort", "created_by"]
    ordering = ["-starts_at"]


@admin.register(Interview)
class InterviewAdmin(ViewOnlyAdmin):
    list_display = ["application", "slot", "booked_at"]
    list_select_related = [*APPLICATION, "slot"]
    search_fields = APPLICATION_SEARCH
    ordering = ["-booked_at"]


@admin.register(InterviewScore)
class InterviewScoreAdmin(ViewOnlyAdmin):
    list_display = ["interview", "interviewer", "created_at"]
    list_select_related = ["interview__slot", "interviewer"]
    search_fields = ["interviewer__email", "interview__application__applicant__email"]
    ordering = ["-created_at"]


@admin.register(DecisionTemplate)
class DecisionTemplateAdmin(BackOfficeAdmin):
    list_display = ["kind", "language"]
    list_filter = ["kind", "language"]
    ordering = ["kind", "language"]


@admin.register(Appeal)
class AppealAdmin(ViewOnlyAdmin):
    list_display = ["application", "submitted_at", "outcome", "decided_at", "decided_by"]
    list_filter = ["outcome"]
    list_select_related = [*APPLICATION, "decided_by"]
    search_fields = APPLICATION_SEARCH
    ordering = ["-submitted_at"]


@admin.register(AccessNeeds)
class AccessNeedsAdmin(LogsRecordViews, ViewOnlyAdmin):
    """Changed by the person or on the staff page (/staff/access-needs/…), both audited."""

    record_kind = AccessLogEntry.RecordKind.PARTICIPANT

    def record_subject(self, obj):
        return obj.user

    list_display = ["user", "interpreter_language", "captioning", "extra_time", "updated_at"]
    list_filter = ["captioning", "extra_time"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__display_name", "interpreter_language"]
    ordering = ["-updated_at"]
