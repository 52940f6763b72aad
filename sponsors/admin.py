from django.contrib import admin

from sponsors.models import Sponsor, SponsorMember


class SponsorMemberInline(admin.TabularInline):
    model = SponsorMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Sponsor)
class SponsorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "contact_email", "created_at"]
    search_fields = ["name"]
    inlines = [SponsorMemberInline]
