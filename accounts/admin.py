from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import ErasureRequest, User
from cpse.audit.admin import LogsRecordViews, ViewOnlyAdmin


@admin.register(User)
class UserAdmin(LogsRecordViews, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_active", "date_joined", "last_login"]
    list_filter = ["is_active", "is_superuser", "groups"]
    search_fields = ["email", "display_name"]
    list_per_page = 50
    show_full_result_count = False
    # The safe-contact note is encrypted and stays on the program's own pages.
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["display_name", "legal_name", "phone", "preferred_language", "safe_contact"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})]
    filter_horizontal = ["groups"]


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ViewOnlyAdmin):
    """Erasure is decided on the staff dashboard, which runs every app's eraser."""

    list_display = ["public_id", "user", "status", "requested_at", "decided_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["user", "decided_by"]
    search_fields = ["user__email", "user__display_name"]
    ordering = ["-requested_at"]
