"""Changing a person's access needs: by the person, by program staff, or once from the
application they send. Every change is in the audit trail (AccessNeeds is tracked)."""

from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import AccessNeeds, Application
from cpse.errors import DomainError

INTERPRETER_MAX_LENGTH = 60
NOTE_MAX_LENGTH = 2000


class AccessNeedsError(DomainError):
    code = "access_needs_error"


def access_needs_save(
    *,
    user,
    by,
    interpreter_language: str = "",
    captioning: bool = False,
    extra_time: bool = False,
    formats: list[str] | tuple[str, ...] = (),
    note: str = "",
) -> AccessNeeds | None:
    """Record what `user` needs (one record per person, replaced as a whole)."""
    interpreter_language = (interpreter_language or "").strip()
    note = (note or "").strip()
    if len(interpreter_language) > INTERPRETER_MAX_LENGTH:
        raise AccessNeedsError(
            _("Please keep the language to %(max)s characters at most.") % {"max": INTERPRETER_MAX_LENGTH},
            code="interpreter_too_long",
        )
    if len(note) > NOTE_MAX_LENGTH:
        raise AccessNeedsError(
            _("Please keep this to %(max)s characters at most.") % {"max": NOTE_MAX_LENGTH}, code="note_too_long"
        )
    unknown = set(formats) - set(AccessNeeds.Format.values)
    if unknown:
        raise AccessNeedsError(_("Please choose formats from the list."), code="unknown_format")
    # Stored in the list's own order, so the same choices always look the same.
    formats = [value for value in AccessNeeds.Format.values if value in formats]
    nothing = not (interpreter_language or captioning or extra_time or formats or note)
    if nothing and not AccessNeeds.objects.filter(user=user).exists():
        return None  # nothing needed, nothing recorded: no empty record
    with transaction.atomic():
        needs, _created = AccessNeeds.objects.update_or_create(
            user=user,
            defaults={
                "interpreter_language": interpreter_language,
                "captioning": bool(captioning),
                "extra_time": bool(extra_time),
                "formats": formats,
                "note": note,
                "updated_by": by,
            },
        )
    return needs


def access_needs_from_application(*, application: Application, by) -> AccessNeeds | None:
    """When an application is sent, what it says about access becomes the person's record.
    What is already recorded wins (they or staff may have said more since): only empty
    parts are filled in. Nothing said and nothing recorded: no record."""
    language = application.interpreter_language.strip()[:INTERPRETER_MAX_LENGTH]
    words = application.access_needs.strip()[:NOTE_MAX_LENGTH]
    if not (language or words):
        return None
    with transaction.atomic():
        needs, created = AccessNeeds.objects.select_for_update().get_or_create(
            user=application.applicant,
            defaults={"interpreter_language": language, "note": words, "updated_by": by},
        )
        if not created:
            changed = []
            if language and not needs.interpreter_language:
                needs.interpreter_language = language
                changed.append("interpreter_language")
            if words and not needs.note:
                needs.note = words
                changed.append("note")
            if changed:
                needs.updated_by = by
                needs.save(update_fields=[*changed, "updated_by", "updated_at"])
    return needs
