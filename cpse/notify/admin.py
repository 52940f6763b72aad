from django.contrib import admin

from cpse.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    # Read-only: the outbox is a record of what was sent, not a place to write mail.
    readonly_fields = [f.name for f in Notification._meta.fields if f.name != "body"]
    exclude = ["body"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
