"""The audit trail: field changes through django-auditlog, record views in our own log."""

import copy

from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.utils import timezone

from cpse.audit.models import AccessLogEntry, PurgeRun
from cpse.crypto import EncryptedTextField

# Never copied into a change record, on any model.
ALWAYS_EXCLUDED = ("password", "last_login")


def track(model: type[models.Model], *, exclude_fields: tuple[str, ...] = (), m2m_fields: tuple[str, ...] = ()) -> None:
    """Record who changed what on `model`. Encrypted fields are left out automatically,
    so the audit log never holds in clear what the database holds encrypted."""
    encrypted = tuple(f.name for f in model._meta.get_fields() if isinstance(f, EncryptedTextField))
    # Relations held by other tables are not this row's fields; reading a reverse
    # one-to-one would cost a query on every save.
    reverse = tuple(f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete)
    auditlog.register(
        model, exclude_fields=[*ALWAYS_EXCLUDED, *encrypted, *reverse, *exclude_fields], m2m_fields=set(m2m_fields)
    )


def change_record(
    instance_or_model: models.Model | type[models.Model],
    pk=None,
    *,
    changes: dict[str, tuple],
    by=None,
) -> LogEntry | None:
    """Write to the change history a state change made without save().

    A conditional `QuerySet.update()` (the guard against double submits) bypasses the
    signals that record changes on save; call this right after it, only when it changed a
    row. `changes` maps each field changed (its name, or a relation's `_id`) to
    (old, new); a relation's value may be the object or its pk. `by` is who made the
    change (else the signed-in person of the request, as for a save). Give the instance,
    or the model and the row's pk (the row is then read again, for its name).

    The row written is the one the tracking writes on save (django-auditlog's own diff
    and entry: an update, with the model's excluded and masked fields honoured), so the
    history pages show both alike. Untracked models, a switched-off audit (erasure) and
    changes that change nothing write nothing."""
    if auditlog_disabled.get():
        return None
    if isinstance(instance_or_model, models.Model):
        model, row = type(instance_or_model), instance_or_model
    else:
        model, row = instance_or_model, instance_or_model._base_manager.get(pk=pk)
    if not auditlog.contains(model):
        return None
    old, new = copy.copy(row), copy.copy(row)
    for name, values in changes.items():
        field = model._meta.get_field(name)
        for state, value in zip((old, new), values, strict=True):
            relation_pk = field.is_relation and not isinstance(value, models.Model)
            setattr(state, field.attname if relation_pk else field.name, value)
    diff = model_instance_diff(
        old, new, fields_to_check=list(changes), use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
    )
    if not diff:
        return None
    return LogEntry.objects.log_create(new, action=LogEntry.Action.UPDATE, changes=diff, **_actor(by))


def review_decide(entry: models.Model, *, status, by, now, waiting, also: dict | None = None, recorded=()) -> bool:
    """Decide an entry that waits for review (hour entries, continuing education): its
    `status` becomes the decision, with the reviewer `by` and the moment `now`, and the
    fields of `also` set with it. Only while it is still `waiting`: a conditional update,
    so a double click or a second reviewer finds it decided, gets False, and changes
    nothing. The change history gets the status, the reviewer, the moment and the fields
    of `also` named in `recorded` (never an encrypted one: the history then says only that
    it was decided); the entry in memory follows. Call it inside the caller's transaction."""
    values = {"status": status, "reviewed_by": by, "reviewed_at": now, **(also or {})}
    if not type(entry)._base_manager.filter(pk=entry.pk, status=waiting).update(**values):
        return False
    changes = {
        "status": (waiting, status),
        "reviewed_by": (entry.reviewed_by_id, by),
        "reviewed_at": (entry.reviewed_at, now),
    }
    changes.update({name: (getattr(entry, name), values[name]) for name in recorded})
    change_record(entry, changes=changes, by=by)
    for name, value in values.items():
        setattr(entry, name, value)
    return True


def creations_record(instances, *, by=None) -> list[LogEntry]:
    """Write to the change history the rows `bulk_create()` added (it bypasses the signals
    that record a row added by save()), in one query: the same entry the tracking writes
    on save (django-auditlog's diff from nothing, an "added" action). `by` is who added
    them. Untracked models and a switched-off audit (erasure) write nothing."""
    if auditlog_disabled.get():
        return []
    entries = []
    for instance in instances:
        model = type(instance)
        if not auditlog.contains(model):
            continue
        diff = model_instance_diff(None, instance, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
        entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(model),
                object_pk=str(instance.pk),
                object_id=instance.pk if isinstance(instance.pk, int) else None,
                object_repr=str(instance),
                action=LogEntry.Action.CREATE,
                changes=diff or {},
                cid=get_cid(),
                **_actor(by),
            )
        )
    return LogEntry.objects.bulk_create(entries)


def removal_record(instance: models.Model, *, by=None) -> LogEntry | None:
    """Write to the change history that `instance` was removed at the person's request,
    and nothing of what it held: its kind, its id, who removed it and when (the entry's
    name is a dash, its changes empty). Call it in the transaction that deletes the row.
    A switched-off audit (erasure) writes nothing."""
    if auditlog_disabled.get():
        return None
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_pk=str(instance.pk),
        object_id=instance.pk if isinstance(instance.pk, int) else None,
        object_repr="—",
        action=LogEntry.Action.DELETE,
        changes={},
        cid=get_cid(),
        **_actor(by),
    )


def _actor(by) -> dict:
    if isinstance(by, get_user_model()):
        return {"actor": by, "actor_email": getattr(by, "email", None)}
    return {}


def _logged(viewer, subject) -> bool:
    """Viewing one's own record is not logged."""
    return viewer.pk != subject.pk


def access_log_record(*, viewer, subject, record_kind: str) -> AccessLogEntry:
    """Note that `viewer` opened `subject`'s record (`_logged`)."""
    if not _logged(viewer, subject):
        return None
    return AccessLogEntry.objects.create(viewer=viewer, subject=subject, record_kind=record_kind)


def access_log_record_kinds(*, viewer, subject, record_kinds: tuple[str, ...]) -> None:
    """`access_log_record` for a page that shows several kinds of detail (the participant
    record and its contact card): a row per kind, written by one INSERT of several rows.
    `bulk_create` would wrap it in a transaction, which on SQLite costs two statements more
    than it saves; one statement is atomic by itself."""
    if not _logged(viewer, subject) or not record_kinds:
        return
    meta, connection = AccessLogEntry._meta, connections[router.db_for_write(AccessLogEntry)]
    fields = [meta.get_field(name) for name in ("viewer", "subject", "record_kind", "at")]
    at = timezone.now()
    params = [
        field.get_db_prep_save(value, connection)
        for kind in record_kinds
        for field, value in zip(fields, (viewer.pk, subject.pk, kind, at), strict=True)
    ]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(record_kinds))
    with connection.cursor() as cursor:
        # Names from the model's own metadata; every value a parameter.
        cursor.execute(f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES {rows}", params)  # noqa: S608


def search_log_record(*, viewer, result_count: int) -> AccessLogEntry:
    """Note that `viewer` searched and how many results came back: never the words
    searched for, nor whom they found (opening a result is logged by its page)."""
    return AccessLogEntry.objects.create(
        viewer=viewer, subject=None, record_kind=AccessLogEntry.RecordKind.SEARCH, result_count=result_count
    )


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
