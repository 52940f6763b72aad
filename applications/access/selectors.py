"""Reading access needs for the pages where they matter (interview, training sessions,
exam) and for the person's own and staff's pages."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Q, Value, When
from django.utils.translation import gettext as _

from applications.models import AccessNeeds


@dataclass(frozen=True)
class AccessSummary:
    """What staff and instructors need to know at a glance. `has_note` only says that
    there is more: the note's words are read by program staff on the person's page."""

    labels: list[str]
    has_note: bool
    extra_time: bool = False
    formats: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return " · ".join(self.labels)


def summary(needs: AccessNeeds, *, has_note: bool) -> AccessSummary:
    labels = []
    if needs.interpreter_language:
        labels.append(_("Interpreter: %(language)s") % {"language": needs.interpreter_language})
    if needs.captioning:
        labels.append(_("Captions"))
    if needs.extra_time:
        labels.append(_("Extra time"))
    labels += [str(AccessNeeds.Format(value).label) for value in needs.formats if value in AccessNeeds.Format.values]
    return AccessSummary(labels=labels, has_note=has_note, extra_time=needs.extra_time, formats=tuple(needs.formats))


def access_needs_for(user_ids: Iterable[int]) -> dict[int, AccessSummary]:
    """user id → summary, for the people among `user_ids` who recorded something. One
    query, however many people (the note is not decrypted here)."""
    ids = {user_id for user_id in user_ids if user_id is not None}
    if not ids:
        return {}
    rows = (
        AccessNeeds.objects.filter(user_id__in=ids)
        .annotate(has_note=Case(When(note="", then=Value(False)), default=Value(True), output_field=BooleanField()))
        .only("user_id", "interpreter_language", "captioning", "extra_time", "formats")
    )
    found = {}
    for needs in rows:
        shown = summary(needs, has_note=needs.has_note)
        if shown.labels or shown.has_note:
            found[needs.user_id] = shown
    return found


def access_needs_of(user) -> AccessNeeds | None:
    return AccessNeeds.objects.filter(user=user).select_related("updated_by").first()


def access_person_for_staff(public_id):
    """The person behind a participation or an application `public_id` (the pages that
    link here know one or the other); None when neither exists."""
    return (
        get_user_model()
        .objects.filter(Q(participations__public_id=public_id) | Q(applications__public_id=public_id))
        .distinct()
        .first()
    )


def access_note_recorded(user) -> bool:
    return AccessNeeds.objects.filter(user=user).exclude(note="").exists()
