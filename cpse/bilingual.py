"""Text staff write for participants (an exam's title, the code of ethics, a training
session's title...), in the reader's language.

Rules chosen here: staff write each such text in English, the site's language, and may
write it in Spanish in a field beside it named `<field>_es`. A reader whose language is
Spanish sees the Spanish text when there is one; when there is none, the English text,
marked as English (`lang="en"`, for screen readers) and with a short note saying why.
Any other language reads the English text without a note.
"""

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The languages staff may write in besides the site's own, by field suffix.
WRITTEN_LANGUAGES = ("es",)


@dataclass(frozen=True)
class Written:
    """One staff-written text as a reader meets it. Prints as the text itself."""

    text: str
    language: str
    # The reader's language has no text yet: this is the English one.
    fell_back: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    @property
    def lang_attr(self) -> SafeString:
        """` lang="en"` on the element holding a text shown in English on a Spanish page."""
        return format_html(' lang="{}"', self.language) if self.fell_back else SafeString("")


def _text(obj, name: str) -> str:
    # A model's field, or a key of a stored mapping (an exam question's choices).
    value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, "")
    return value or ""


def written(obj, field: str, language: str | None = None) -> Written:
    """`obj.<field>` in `language` (the active one by default): `obj.<field>_es` for
    Spanish when it is written, else the English text. `obj` may be a mapping (the
    choices of a question are stored as `{"text": ..., "text_es": ...}`)."""
    site = settings.LANGUAGE_CODE.split("-")[0]
    language = (language or get_language() or site).split("-")[0]
    english = _text(obj, field)
    if language == site or language not in WRITTEN_LANGUAGES:
        return Written(english, site, fell_back=False)
    translated = _text(obj, f"{field}_{language}")
    if translated.strip():
        return Written(translated, language, fell_back=False)
    return Written(english, site, fell_back=bool(english))


def spanish_field(label, *, max_length: int | None = None, rows: int | None = None) -> forms.CharField:
    """The optional Spanish field beside an English one on a staff form (`<field>_es`)."""
    attrs = {"lang": "es"}
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=False,
        widget=forms.Textarea(attrs={**attrs, "rows": rows}) if rows else forms.TextInput(attrs=attrs),
        help_text=_("Optional. Spanish readers see it; while it is empty they see the English, with a short note."),
    )
