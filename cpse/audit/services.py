"""The audit trail: field changes through django-auditlog, record views in our own log."""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.db import models

from cpse.audit.models import AccessLogEntry, PurgeRun
from cpse.crypto import EncryptedTextField

# Never copied into a change record, on any model.
ALWAYS_EXCLUDED = ("password", "last_login")


def track(model: type[models.Model], *, exclude_fields: tuple[str, ...] = (), m2m_fields: tuple[str, ...] = ()) -> None:
    """Record who changed what on `model`. Encrypted fields are left out automatically,
    so the audit log never holds in clear what the database holds encrypted."""
    encrypted = tuple(f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField))
    auditlog.register(model, exclude_fields=[*ALWAYS_EXCLUDED, *encrypted, *exclude_fields], m2m_fields=set(m2m_fields))


def access_log_record(*, viewer, subject, record_kind: str) -> AccessLogEntry:
    """Note that `viewer` opened `subject`'s record. Viewing one's own record is not logged."""
    if viewer.pk == subject.pk:
        return None
    return AccessLogEntry.objects.create(viewer=viewer, subject=subject, record_kind=record_kind)


def redact_change_history(model: type[models.Model], pks) -> int:
    """Empty the recorded values and names in the change history of these rows (erasure):
    that a change happened stays, what it said does not."""
    content_type = ContentType.objects.get_for_model(model)
    return LogEntry.objects.filter(content_type=content_type, object_pk__in=[str(pk) for pk in pks]).update(
        changes={}, changes_text="", object_repr="—", serialized_data=None
    )


def export_record_views(user) -> list[dict]:
    """The times staff opened this person's record (not who: staff names are theirs)."""
    return [
        {"when": entry.at, "record": entry.get_record_kind_display()}
        for entry in AccessLogEntry.objects.filter(subject=user).order_by("at")
    ]


def purge_runs_record(*, counts: dict[str, int], dry_run: bool) -> PurgeRun:
    return PurgeRun.objects.create(counts=counts, dry_run=dry_run)
