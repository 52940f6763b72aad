"""Sponsors and money in the back office. Organisations can be corrected here; consent,
sponsorships, invoices and payments are shown, never changed (their services keep the
consent log, invoice numbering and receipts in step)."""

from django.contrib import admin

from cohorts.admin import PARTICIPANT, PARTICIPANT_SEARCH
from cpse.audit.admin import BackOfficeAdmin, ViewOnlyAdmin, ViewOnlyInline
from sponsors.models import (
    Consent,
    ConsentChange,
    FeeReduction,
    Invoice,
    InvoiceCounter,
    InvoiceLine,
    Payment,
    SeatRelease,
    Sponsor,
    SponsorInvitation,
    SponsorLead,
    SponsorMember,
    Sponsorship,
    SponsorshipSeat,
)


class SponsorMemberInline(admin.TabularInline):
    model = SponsorMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Sponsor)
class SponsorAdmin(BackOfficeAdmin):
    list_display = ["name", "kind", "contact_email", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "contact_email"]
    ordering = ["name"]
    inlines = [SponsorMemberInline]


@admin.register(SponsorInvitation)
class SponsorInvitationAdmin(ViewOnlyAdmin):
    list_display = ["sponsor", "email", "created_at", "expires_at", "accepted_at", "cancelled_at"]
    list_select_related = ["sponsor"]
    search_fields = ["email", "sponsor__name"]
    ordering = ["-created_at"]
    exclude = ["token_hash"]


@admin.register(SponsorLead)
class SponsorLeadAdmin(ViewOnlyAdmin):
    list_display = ["name", "organisation", "kind", "interest", "status", "created_at"]
    list_filter = ["status", "kind", "interest"]
    search_fields = ["name", "organisation", "email"]
    ordering = ["-created_at"]


@admin.register(Consent)
class ConsentAdmin(ViewOnlyAdmin):
    """Given and withdrawn by the participant only (each change is in ConsentChange)."""

    list_display = ["participant", "sponsor", "progress_percentages", "requirement_completion", "updated_at"]
    list_select_related = [*PARTICIPANT, "sponsor"]
    search_fields = [*PARTICIPANT_SEARCH, "sponsor__name"]
    ordering = ["-updated_at"]


@admin.register(ConsentChange)
class ConsentChangeAdmin(ViewOnlyAdmin):
    list_display = ["participant", "sponsor", "field", "granted", "changed_at", "changed_by"]
    list_filter = ["field", "granted"]
    list_select_related = [*PARTICIPANT, "sponsor", "changed_by"]
    search_fields = [*PARTICIPANT_SEARCH, "sponsor__name"]
    ordering = ["-changed_at"]


class SeatInline(ViewOnlyInline):
    model = SponsorshipSeat
    fields = ["participant", "amount_cents", "assigned_at", "ended_on"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*PARTICIPANT)


@admin.register(Sponsorship)
class SponsorshipAdmin(ViewOnlyAdmin):
    list_display = ["public_id", "sponsor", "cohort", "scope", "seats", "status", "pledged_on"]
    list_filter = ["status", "scope", "cohort"]
    list_select_related = ["sponsor", "cohort"]
    search_fields = ["sponsor__name"]
    ordering = ["-created_at"]
    inlines = [SeatInline]


@admin.register(SponsorshipSeat)
class SponsorshipSeatAdmin(ViewOnlyAdmin):
    list_display = ["__str__", "sponsorship", "participant", "amount_cents", "assigned_at", "ended_on"]
    list_select_related = ["sponsorship__sponsor", "sponsorship__cohort", *PARTICIPANT]
    search_fields = [*PARTICIPANT_SEARCH, "sponsorship__sponsor__name"]
    ordering = ["sponsorship", "pk"]


@admin.register(FeeReduction)
class FeeReductionAdmin(ViewOnlyAdmin):
    list_display = ["participant", "kind", "amount_cents", "granted_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = [*PARTICIPANT, "granted_by"]
    search_fields = PARTICIPANT_SEARCH
    ordering = ["-created_at"]


@admin.register(InvoiceCounter)
class InvoiceCounterAdmin(ViewOnlyAdmin):
    list_display = ["series", "year", "last"]
    ordering = ["-year", "series"]


class InvoiceLineInline(ViewOnlyInline):
    model = InvoiceLine
    fields = ["description", "amount_cents", "credited_cents"]


@admin.register(Invoice)
class InvoiceAdmin(ViewOnlyAdmin):
    list_display = ["number", "billed_to_name", "sponsor", "issued_on", "due_on", "total_cents", "status"]
    list_filter = ["status", "year"]
    list_select_related = ["sponsor"]
    search_fields = ["number", "billed_to_name", "sponsor__name"]
    ordering = ["-year", "-sequence"]
    inlines = [InvoiceLineInline]


@admin.register(InvoiceLine)
class InvoiceLineAdmin(ViewOnlyAdmin):
    list_display = ["invoice", "description", "amount_cents", "credited_cents"]
    list_select_related = ["invoice"]
    search_fields = ["invoice__number", "description"]
    ordering = ["invoice", "pk"]


@admin.register(Payment)
class PaymentAdmin(ViewOnlyAdmin):
    list_display = ["receipt_number", "invoice", "amount_cents", "method", "received_on", "recorded_by"]
    list_filter = ["method"]
    list_select_related = ["invoice", "recorded_by"]
    search_fields = ["receipt_number", "reference", "invoice__number"]
    ordering = ["-received_on", "-created_at"]


@admin.register(SeatRelease)
class SeatReleaseAdmin(ViewOnlyAdmin):
    list_display = ["seat", "outcome", "new_seat", "refund", "recorded_at", "recorded_by"]
    list_filter = ["outcome"]
    list_select_related = ["refund", "recorded_by"]
    ordering = ["-recorded_at"]
