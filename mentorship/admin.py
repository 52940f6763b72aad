"""Peer mentorship in the back office: shown, not changed (pairings, meetings and payments
go through the staff pages; what a mentor may see is the participant's choice)."""

from django.contrib import admin

from cohorts.admin import PARTICIPANT, PARTICIPANT_SEARCH
from cpse.audit.admin import ViewOnlyAdmin
from mentorship.models import Mentor, MentorInvitation, MentorMeeting, MentorPayment, Mentorship, MentorVolunteer

MENTOR_SEARCH = ["mentor__user__email", "mentor__user__display_name"]


@admin.register(Mentor)
class MentorAdmin(ViewOnlyAdmin):
    list_display = ["user", "background", "active", "hourly_rate_cents", "created_at"]
    list_filter = ["background", "active"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__display_name"]
    ordering = ["-created_at"]


@admin.register(MentorInvitation)
class MentorInvitationAdmin(ViewOnlyAdmin):
    list_display = ["email", "background", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email"]
    ordering = ["-created_at"]
    exclude = ["token_hash"]


@admin.register(MentorVolunteer)
class MentorVolunteerAdmin(ViewOnlyAdmin):
    list_display = ["user", "status", "created_at", "decided_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["user", "decided_by"]
    search_fields = ["user__email", "user__display_name"]
    ordering = ["-created_at"]


@admin.register(Mentorship)
class MentorshipAdmin(ViewOnlyAdmin):
    list_display = ["public_id", "mentor", "participant", "started_on", "ended_on"]
    list_select_related = ["mentor__user", *PARTICIPANT]
    search_fields = [*MENTOR_SEARCH, *PARTICIPANT_SEARCH]
    ordering = ["-started_on", "-pk"]


@admin.register(MentorPayment)
class MentorPaymentAdmin(ViewOnlyAdmin):
    list_display = ["mentor", "minutes", "amount_cents", "paid_on", "reference", "recorded_by"]
    list_select_related = ["mentor__user", "recorded_by"]
    search_fields = [*MENTOR_SEARCH, "reference"]
    ordering = ["-paid_on", "-pk"]


@admin.register(MentorMeeting)
class MentorMeetingAdmin(ViewOnlyAdmin):
    list_display = ["mentorship", "met_on", "minutes", "topic", "payment"]
    list_filter = ["topic"]
    list_select_related = [
        "mentorship__mentor__user",
        "mentorship__participant__user",
        "mentorship__participant__cohort",
        "payment__mentor__user",
    ]
    search_fields = ["mentorship__mentor__user__email", "mentorship__participant__user__email"]
    ordering = ["-met_on", "-pk"]
