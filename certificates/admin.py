"""Certificates in the back office: shown, never issued, revoked or edited here (the
staff pages number them, render the PDF and keep the public verification in step)."""

from django.contrib import admin

from certificates.models import Certificate, CertificateBatch, CertificateName, Renewal
from cohorts.admin import PARTICIPANT, PARTICIPANT_SEARCH
from cpse.audit.admin import ViewOnlyAdmin


@admin.register(Certificate)
class CertificateAdmin(ViewOnlyAdmin):
    list_display = ["number", "displayed_name", "participant", "status", "issued_on", "expires_on"]
    list_filter = ["status", "credential"]
    list_select_related = PARTICIPANT
    search_fields = ["number", "displayed_name", *PARTICIPANT_SEARCH]
    ordering = ["-issued_on", "-pk"]


@admin.register(CertificateName)
class CertificateNameAdmin(ViewOnlyAdmin):
    list_display = ["participant", "use", "updated_at"]
    list_filter = ["use"]
    list_select_related = PARTICIPANT
    search_fields = PARTICIPANT_SEARCH
    ordering = ["-updated_at"]


@admin.register(CertificateBatch)
class CertificateBatchAdmin(ViewOnlyAdmin):
    list_display = ["public_id", "cohort", "status", "total", "issued", "skipped", "created_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["cohort"]
    ordering = ["-created_at"]


@admin.register(Renewal)
class RenewalAdmin(ViewOnlyAdmin):
    list_display = ["certificate", "hours", "completed_on", "new_expires_on", "recorded_by"]
    list_select_related = ["certificate", "recorded_by"]
    search_fields = ["certificate__number", "certificate__displayed_name"]
    ordering = ["-completed_on", "-pk"]
