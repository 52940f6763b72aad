"""Hours, training, the exam and the program standards in the back office: shown, not
changed (hours become approved, exams are scored and codes published through services that
keep totals, deadlines and messages in step)."""

from django.contrib import admin

from cohorts.admin import PARTICIPANT, PARTICIPANT_SEARCH
from cpse.audit.admin import LogsRecordViews, ViewOnlyAdmin, ViewOnlyInline
from cpse.audit.models import AccessLogEntry
from requirements_tracking.models import (
    Answer,
    AnswerScore,
    Attempt,
    Attendance,
    Competency,
    CompetencyAssessment,
    EthicsAcknowledgment,
    EthicsCode,
    Exam,
    ExamAccommodation,
    ExamAppeal,
    ExamQuestion,
    HourEntry,
    Practicum,
    Question,
    QuestionVersion,
    ReadinessAssessment,
    RemediationPlan,
    SupervisorConfirmation,
    TrainingSession,
)

ATTEMPT = ["attempt__exam", "attempt__participant__user", "attempt__participant__cohort"]
ATTEMPT_SEARCH = ["attempt__participant__user__email", "attempt__participant__user__display_name"]


# --- Training sessions and hours -----------------------------------------------------------


@admin.register(TrainingSession)
class TrainingSessionAdmin(ViewOnlyAdmin):
    list_display = ["title", "cohort", "requirement", "starts_at", "duration_minutes", "attendance_recorded_at"]
    list_filter = ["cohort"]
    list_select_related = ["cohort", "requirement"]
    search_fields = ["title", "location"]
    ordering = ["-starts_at", "-pk"]


@admin.register(Attendance)
class AttendanceAdmin(ViewOnlyAdmin):
    list_display = ["session", "participant", "status", "minutes", "recorded_at"]
    list_filter = ["status"]
    list_select_related = ["session", *PARTICIPANT]
    search_fields = [*PARTICIPANT_SEARCH, "session__title"]
    ordering = ["-recorded_at", "-pk"]


@admin.register(Practicum)
class PracticumAdmin(ViewOnlyAdmin):
    list_display = ["public_id", "participant", "host_agency", "supervisor_name", "is_current", "created_at"]
    list_filter = ["is_current"]
    list_select_related = PARTICIPANT
    search_fields = [*PARTICIPANT_SEARCH, "host_agency", "supervisor_email"]
    ordering = ["-created_at"]


@admin.register(HourEntry)
class HourEntryAdmin(ViewOnlyAdmin):
    list_display = ["public_id", "participant", "requirement", "date", "hours", "kind", "status"]
    list_filter = ["status", "kind"]
    list_select_related = [*PARTICIPANT, "requirement"]
    search_fields = PARTICIPANT_SEARCH
    ordering = ["-date", "-created_at"]


@admin.register(SupervisorConfirmation)
class SupervisorConfirmationAdmin(ViewOnlyAdmin):
    list_display = ["entry", "practicum", "status", "created_at", "expires_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["entry", "practicum"]
    search_fields = ["practicum__supervisor_email", "practicum__participant__user__email"]
    ordering = ["-created_at"]
    exclude = ["token_hash"]


# --- The exam --------------------------------------------------------------------------------


@admin.register(Competency)
class CompetencyAdmin(ViewOnlyAdmin):
    list_display = ["name", "position", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    ordering = ["position", "pk"]


class QuestionVersionInline(ViewOnlyInline):
    model = QuestionVersion
    fields = ["number", "text", "points", "created_at"]


@admin.register(Question)
class QuestionAdmin(ViewOnlyAdmin):
    list_display = ["public_id", "competency", "kind", "active", "created_at"]
    list_filter = ["kind", "active", "competency"]
    list_select_related = ["competency"]
    ordering = ["competency", "pk"]
    inlines = [QuestionVersionInline]


@admin.register(QuestionVersion)
class QuestionVersionAdmin(ViewOnlyAdmin):
    list_display = ["question", "number", "points", "created_at", "created_by"]
    list_select_related = ["question__competency", "created_by"]
    search_fields = ["text"]
    ordering = ["question", "-number"]


@admin.register(Exam)
class ExamAdmin(ViewOnlyAdmin):
    list_display = ["title", "cohort", "opens_at", "closes_at", "time_limit_minutes", "pass_percent"]
    list_filter = ["cohort"]
    list_select_related = ["cohort"]
    search_fields = ["title"]
    ordering = ["-opens_at"]


@admin.register(ExamQuestion)
class ExamQuestionAdmin(ViewOnlyAdmin):
    list_display = ["exam", "question", "position"]
    list_select_related = ["exam", "question__competency"]
    ordering = ["exam", "position", "pk"]


@admin.register(ExamAccommodation)
class ExamAccommodationAdmin(ViewOnlyAdmin):
    list_display = ["exam", "participant", "extra_minutes", "read_aloud_layout"]
    list_filter = ["read_aloud_layout"]
    list_select_related = ["exam", *PARTICIPANT]
    search_fields = PARTICIPANT_SEARCH
    ordering = ["exam", "pk"]


@admin.register(Attempt)
class AttemptAdmin(ViewOnlyAdmin):
    list_display = ["public_id", "exam", "participant", "number", "status", "percent", "passed", "submitted_at"]
    list_filter = ["status", "passed"]
    list_select_related = ["exam", *PARTICIPANT]
    search_fields = PARTICIPANT_SEARCH
    ordering = ["exam", "participant", "number"]


@admin.register(Answer)
class AnswerAdmin(ViewOnlyAdmin):
    list_display = ["attempt", "position", "points", "saved_at"]
    list_select_related = ["attempt__exam"]
    search_fields = ATTEMPT_SEARCH
    ordering = ["attempt", "position"]


@admin.register(AnswerScore)
class AnswerScoreAdmin(ViewOnlyAdmin):
    list_display = ["answer", "scorer", "points", "created_at", "replaced_at"]
    list_select_related = ["answer__attempt__exam", "scorer"]
    search_fields = ["scorer__email"]
    ordering = ["-created_at"]


@admin.register(RemediationPlan)
class RemediationPlanAdmin(ViewOnlyAdmin):
    list_display = ["attempt", "review_by", "created_at", "completed_at"]
    list_select_related = ["attempt__exam"]
    search_fields = ATTEMPT_SEARCH
    ordering = ["-created_at"]


@admin.register(ExamAppeal)
class ExamAppealAdmin(ViewOnlyAdmin):
    list_display = ["public_id", "attempt", "status", "submitted_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["attempt__exam"]
    search_fields = ATTEMPT_SEARCH
    ordering = ["-submitted_at"]


@admin.register(CompetencyAssessment)
class CompetencyAssessmentAdmin(ViewOnlyAdmin):
    list_display = ["public_id", "participant", "competency", "setting", "result", "observed_on", "assessor"]
    list_filter = ["result", "setting", "competency"]
    list_select_related = [*PARTICIPANT, "competency", "assessor"]
    search_fields = PARTICIPANT_SEARCH
    ordering = ["-observed_on", "-pk"]


# --- Program standards -----------------------------------------------------------------------


@admin.register(EthicsCode)
class EthicsCodeAdmin(ViewOnlyAdmin):
    """Published on the staff pages: a new version asks everyone to acknowledge it again."""

    list_display = ["title", "version", "credential", "published_at", "published_by"]
    list_select_related = ["credential", "published_by"]
    search_fields = ["title"]
    ordering = ["-version"]


@admin.register(EthicsAcknowledgment)
class EthicsAcknowledgmentAdmin(ViewOnlyAdmin):
    list_display = ["participant", "code", "acknowledged_at"]
    list_filter = ["code"]
    list_select_related = [*PARTICIPANT, "code"]
    search_fields = PARTICIPANT_SEARCH
    ordering = ["-acknowledged_at"]


@admin.register(ReadinessAssessment)
class ReadinessAssessmentAdmin(LogsRecordViews, ViewOnlyAdmin):
    record_kind = AccessLogEntry.RecordKind.PARTICIPANT

    def record_subject(self, obj):
        return obj.participant.user if obj.participant_id else obj.application.applicant

    list_display = ["__str__", "stage", "participant", "application", "outcome", "assessed_at", "created_at"]
    list_filter = ["stage", "outcome"]
    list_select_related = [*PARTICIPANT, "application__applicant", "application__cohort"]
    search_fields = [*PARTICIPANT_SEARCH, "application__applicant__email"]
    ordering = ["-created_at"]
