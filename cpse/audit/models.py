from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccessLogEntry(models.Model):
    """Someone opened a person's record. Who, whose, which kind, when: never the content.
    A staff search is noted too: who, when and how many results, never its words (and so
    no one person: `subject` is empty)."""

    class RecordKind(models.TextChoices):
        ACCOUNT = "account", _("Account details")
        APPLICATION = "application", _("Application")
        PARTICIPANT = "participant", _("Participant record")
        DATA_EXPORT = "data_export", _("Data export")
        CHECKINS = "checkins", _("Monthly check-ins")
        CONTACT = "contact", _("Contact details")
        SEARCH = "search", pgettext_lazy("record kind", "Search")

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    record_kind = models.CharField(max_length=20, choices=RecordKind.choices)
    # A search's number of results (its words are never kept).
    result_count = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("record view")
        verbose_name_plural = _("record views")
        constraints = [
            # Only a search is about nobody in particular.
            models.CheckConstraint(
                condition=models.Q(subject__isnull=False) | models.Q(record_kind="search"),
                name="access_log_entry_has_subject_unless_search",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_record_kind_display()} ({self.at:%Y-%m-%d %H:%M})"


class PurgeRun(models.Model):
    """One run of the retention purge: when, whether it only counted, and how many rows
    of each kind it removed (or would have)."""

    ran_at = models.DateTimeField(default=timezone.now)
    dry_run = models.BooleanField()
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M} ({'dry run' if self.dry_run else 'applied'})"
