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
from collections.abc import Iterable
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
    return {
        A.CREATE: pgettext("change history", "Added"),
        A.UPDATE: pgettext("change history", "Changed"),
        A.DELETE: pgettext("change history", "Removed"),
    }.get(action, pgettext("change history", "Opened"))


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


def _in_model_order(model, changes: dict) -> list:
    order = {field.name: index for index, field in enumerate(model._meta.get_fields())} if model else {}
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


def _words(field, value, names: dict) -> str | object:
    """One stored value as a person reads it ("" for empty; UNNAMED for a relation that
    cannot be named)."""
    if _empty(value):
        return ""
    if field.is_relation:
        return names.get((field.related_model, str(value)), UNNAMED)
    if field.flatchoices:
        return str({str(key): label for key, label in field.flatchoices}.get(str(value), value))
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


def _change(entry: LogEntry, field, label: str, old, new, names: dict) -> FieldChange | None:
    if _hidden(field):
        if entry.action == A.CREATE and _empty(new):
            return None
        return _field_change(entry, label, "", "", True)
    old, new = _words(field, old, names), _words(field, new, names)
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


def _names(entries: list[LogEntry], named: tuple, known: dict) -> dict:
    """(model, pk as text) → name, for the relations on these entries: one query per kind."""
    user_model = get_user_model()
    sources = {user_model: user_model._base_manager.only("pk", "display_name")}
    for source in named:  # a model, or a queryset that reads what its rows' names need
        sources[getattr(source, "model", source)] = source if isinstance(source, QuerySet) else source._base_manager
    wanted: dict[type, set[str]] = {}
    for entry in entries:
        for _name, field, old, new in _pairs(entry):
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
        names.update({(model, str(row.pk)): str(row) for row in sources[model].filter(pk__in=pks)})
    return names


def with_field_changes(
    entries: Iterable[LogEntry],
    *,
    named: tuple[type[models.Model] | QuerySet, ...] = (),
    known: dict | None = None,
) -> list[LogEntry]:
    """The entries, each with `field_changes` (FieldChange, in the entry's order) and
    `action_text`: see the module's rules. `named`: models whose rows read as their own
    name (their `__str__` must not query), or querysets that load what the name needs
    (`select_related`); `known`: names the caller has already, as
    {(model, pk as text): name}."""
    entries = list(entries)
    names = _names(entries, tuple(named), known or {})
    for entry in entries:
        changes = []
        for name, field, old, new in _pairs(entry):
            change = _change(entry, field, _label(name, field), old, new, names)
            if change is not None:
                changes.append(change)
        entry.field_changes = changes
        entry.action_text = action_label(entry.action)
    return entries
