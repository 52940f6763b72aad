from django import forms
from django.utils.translation import gettext_lazy as _

from applications.access.services import INTERPRETER_MAX_LENGTH, NOTE_MAX_LENGTH
from applications.models import AccessNeeds

# Service refusals shown next to the field they are about.
ACCESS_ERROR_FIELDS = {
    "interpreter_too_long": "interpreter_language",
    "note_too_long": "note",
    "unknown_format": "formats",
}


class AccessNeedsForm(forms.Form):
    interpreter_language = forms.CharField(
        label=_("Interpreter: which language?"),
        required=False,
        max_length=INTERPRETER_MAX_LENGTH,
        help_text=_("Leave empty if you do not need an interpreter. For example: Spanish, or American Sign Language."),
    )
    captioning = forms.BooleanField(label=_("Captions in online sessions"), required=False)
    extra_time = forms.BooleanField(label=_("Extra time for the exam and written work"), required=False)
    formats = forms.MultipleChoiceField(
        label=_("Formats that help you"),
        required=False,
        choices=AccessNeeds.Format.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Anything else"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In your own words, for example breaks, seating or a quiet room. Stored encrypted."),
    )

    @classmethod
    def initial_from(cls, needs: AccessNeeds | None) -> dict:
        if needs is None:
            return {}
        return {
            "interpreter_language": needs.interpreter_language,
            "captioning": needs.captioning,
            "extra_time": needs.extra_time,
            "formats": needs.formats,
            "note": needs.note,
        }
