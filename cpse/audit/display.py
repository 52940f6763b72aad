"""How the change history reads to a person: what changed, in words.

Rules chosen here:
- A field reads as its label (its `verbose_name`), a value as a person would say it: a
  choice as its label, Yes or No, a date as a date, a moment in the site's time zone to
  the minute with the zone's name (`cpse.dates.moment_with_zone`), an amount kept in cents
  (a field named `*_cents`) in dollars (`cpse.numbers.dollars`), hours as a number.
- Internal ids are never shown: primary keys and public ids are left out, and so are the
  timestamps a row keeps for itself (`auto_now`, `auto_now_add`: the entry's time says
  when). A relation reads as the name of the row it points at: a person by their name,
  the rows of the models the caller names (`named`) by their own name, and rows the caller
  already knows (`known`); any other relation says only that it changed.
- Encrypted fields, files, structured (JSON) values and fields no longer on the model say
  only that they changed (what is stored for an encrypted field is ciphertext).
- A row added lists the values it started with (its empty fields left out); a row removed,
  the values it had; a change, each field's value before and after.
- Names are read in one query per kind of row on the page (people, then each `named`
  model, or the queryset given for it), whatever the number of entries.
"""

import datetime
import functools
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cpse.crypto import EncryptedTextField  # its subclasses (dates, JSON) too
from cpse.dates import moment_with_zone
from cpse.numbers import dollars, plain_number
from cpse.prepared import prepared_rows

A = LogEntry.Action
# A relation to a row that cannot be named: only that it changed.
UNNAMED = object()


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: str  # "" when empty (the page shows a dash)
    new: str
    hidden: bool  # only that it changed is shown
    shown: str = ""  # what a page says after the name (`_shown`)


def _shown(action: int, old: str, new: str, hidden: bool) -> str:
    """What a page says of one field's change after its name: worked out here once, not by
    the template for each of the hundreds of changes a page of history can list."""
    if hidden:
        return _("(added)") if action == A.CREATE else _("(changed)")
    if action == A.CREATE:
        return new
    if action == A.DELETE:
        return old
    return f"{old or '—'} → {new or '—'}"


def _field_change(entry: LogEntry, label: str, old: str, new: str, hidden: bool) -> FieldChange:
    return FieldChange(label, old, new, hidden, _shown(entry.action, old, new, hidden))


def action_label(action: int) -> str:
    if action == A.CREATE:
        return pgettext("change history", "Added")
    if action == A.UPDATE:
        return pgettext("change history", "Changed")
    if action == A.DELETE:
        return pgettext("change history", "Removed")
    return pgettext("change history", "Opened")


def _model_field(model, name: str):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:  # a field since removed from the model
        return None


def _left_out(field) -> bool:
    """Ids and the row's own timestamps (see the module's rules)."""
    if field.primary_key or isinstance(field, models.UUIDField):
        return True
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _hidden(field) -> bool:
    return field is None or isinstance(field, (EncryptedTextField, models.FileField, models.JSONField))


def _moment(value) -> datetime.datetime:
    moment = value if isinstance(value, datetime.datetime) else datetime.datetime.fromisoformat(str(value))
    # The history keeps moments in UTC without their zone.
    return timezone.make_aware(moment, datetime.UTC) if timezone.is_naive(moment) else moment


@functools.cache
def _field_order(model) -> dict[str, int]:
    """Field name → its place on the model (fixed while the code runs)."""
    return {field.name: index for index, field in enumerate(model._meta.get_fields())} if model else {}


def _in_model_order(model, changes: dict) -> list:
    order = _field_order(model)
    return sorted(changes.items(), key=lambda item: order.get(item[0], len(order)))


def _pairs(entry: LogEntry):
    """(field name, model field, old, new) of each change the entry lists (old and new
    as stored), in the model's order of fields, without reverse relations and
    many-to-many changes' details."""
    model = entry.content_type.model_class()
    for name, values in _in_model_order(model, entry.changes_dict or {}):
        field = _model_field(model, name)
        if field is not None and field.auto_created and not field.concrete:
            continue  # a reverse relation, listed by the history when a row is created
        if field is not None and _left_out(field):
            continue
        listed = isinstance(values, (list, tuple))  # many-to-many changes are recorded another way
        old, new = (list(values) + [None, None])[:2] if listed else (None, None)
        yield name, (field if listed else None), old, new


def _empty(value) -> bool:
    return value is None or value == "" or value == "None"


@functools.cache
def _choice_labels(field) -> dict:
    """A field's choices by stored value as text (the labels stay lazy: read in the page's language)."""
    return {str(key): label for key, label in field.flatchoices}


def _words(field, value, names: dict) -> str | object:
    """One stored value as a person reads it ("" for empty; UNNAMED for a relation that
    cannot be named)."""
    if _empty(value):
        return ""
    if field.is_relation:
        return names.get((field.related_model, str(value)), UNNAMED)
    if field.flatchoices:
        return str(_choice_labels(field).get(str(value), value))
    if isinstance(field, models.BooleanField):
        return _("Yes") if value in (True, "True", "true", 1, "1") else _("No")
    if isinstance(field, models.DateTimeField):
        return moment_with_zone(_moment(value))
    if isinstance(field, models.DateField):
        return date_format(datetime.date.fromisoformat(str(value)[:10]), "DATE_FORMAT")
    if field.name.endswith("_cents"):
        return dollars(int(value))
    if isinstance(field, (models.DecimalField, models.FloatField)):
        try:
            return plain_number(Decimal(str(value)))
        except InvalidOperation:
            return str(value)
    return str(value)


def _label(name: str, field) -> str:
    """The field's label; an amount in cents reads as the amount ("Fee due", not "Fee due cents")."""
    label = str(field.verbose_name) if field is not None else name.replace("_", " ")
    if name.endswith("_cents"):
        label = label.removesuffix(" cents")
    return capfirst(label)


def _change(entry: LogEntry, field, label: str, old, new, words: Callable) -> FieldChange | None:
    """One field's change (`words(field, value)`: `_words` with the page's names)."""
    if _hidden(field):
        if entry.action == A.CREATE and _empty(new):
            return None
        return _field_change(entry, label, "", "", True)
    old, new = words(field, old), words(field, new)
    if entry.action == A.CREATE:
        old = ""
        if new == "":
            return None  # added empty: nothing to say
    if entry.action == A.DELETE:
        new = ""
    if old is UNNAMED or new is UNNAMED:
        # A link to a row without a name: say it changed; a row added with it says nothing.
        return None if entry.action != A.UPDATE else _field_change(entry, label, "", "", True)
    return _field_change(entry, label, old, new, False)


def _names(pairs: Iterable[tuple], named: tuple, known: dict) -> dict:
    """(model, pk as text) → name, for the relations in these changes (`_pairs`): one query per
    kind, its statement built once per kind, source and rows (`cpse.prepared`: a page of
    history names the same rows on every visit)."""
    user_model = get_user_model()
    sources = {user_model: _PEOPLE}
    for source in named:  # a model, or a queryset that reads what its rows' names need
        sources[getattr(source, "model", source)] = source
    wanted: dict[type, set[str]] = {}
    for _name, field, old, new in pairs:
        if field is None or not field.is_relation:
            continue
        model = field.related_model
        if model in sources:
            wanted.setdefault(model, set()).update(str(v) for v in (old, new) if not _empty(v))
    names = dict(known)
    for model, pks in wanted.items():
        pks -= {pk for (kind, pk) in known if kind is model}
        if not pks:
            continue
        names.update({(model, str(row.pk)): str(row) for row in _named_rows(model, sources[model], sorted(pks))})
    return names


# People are named by their chosen name only.
_PEOPLE = "people"


def _named_rows(model, source, pks: list[str]) -> list:
    """The rows of `model` with these pks, from `source` (`_PEOPLE`, a model or a queryset)."""

    def rows() -> QuerySet:
        if source is _PEOPLE:
            return get_user_model()._base_manager.only("pk", "display_name").filter(pk__in=pks)
        return (source if isinstance(source, QuerySet) else source._base_manager).filter(pk__in=pks)

    return prepared_rows(("audit.names", model, source, tuple(pks)), rows)


def with_field_changes(
    entries: Iterable[LogEntry],
    *,
    named: tuple[type[models.Model] | QuerySet, ...] = (),
    known: dict | None = None,
) -> list[LogEntry]:
    """The entries, each with `field_changes` (FieldChange, in the entry's order) and
    `action_text`: see the module's rules. `named`: models whose rows read as their own
    name (their `__str__` must not query), or querysets that load what the name needs
    (`select_related`), made once where the caller is defined (each is part of the key its
    statements are kept under: a queryset made per call would be a new key every time);
    `known`: names the caller has already, as {(model, pk as text): name}."""
    entries = list(entries)
    read = [(entry, list(_pairs(entry))) for entry in entries]  # once: for the names, then the words
    names = _names((pair for _entry, pairs in read for pair in pairs), tuple(named), known or {})
    labels: dict[tuple, str] = {}  # each label of the page worked out once
    said: dict[tuple, str | object] = {}  # and each value: statuses and days repeat

    def words(field, value) -> str | object:
        key = (field, value if isinstance(value, Hashable) else repr(value))
        if key not in said:
            said[key] = _words(field, value, names)
        return said[key]

    for entry, pairs in read:
        changes = []
        for name, field, old, new in pairs:
            if (field, name) not in labels:
                labels[field, name] = _label(name, field)
            change = _change(entry, field, labels[field, name], old, new, words)
            if change is not None:
                changes.append(change)
        entry.field_changes = changes
        entry.action_text = action_label(entry.action)
    return entries
