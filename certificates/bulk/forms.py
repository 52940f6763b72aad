"""The list an employer checks: numbers typed or pasted, or a CSV/TXT file of them."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from certificates.verification import number_normalise

MAX_NUMBERS = 200
MAX_FILE_BYTES = 64 * 1024
FILE_ENDINGS = (".csv", ".txt")
# One number a line, or separated by commas, semicolons or tabs (as a spreadsheet saves
# them); quotes around a cell are dropped. Spaces and dashes inside a number stay: they
# are part of how it is printed.
SEPARATORS = re.compile(r"[\r\n,;\t\"']+")


def numbers_in(text: str) -> list[str]:
    """The compact numbers in `text`, each once, in the order given."""
    seen: dict[str, None] = {}
    for part in SEPARATORS.split(text):
        compact = number_normalise(part)
        if compact:
            seen.setdefault(compact, None)
    return list(seen)


class BulkVerifyForm(forms.Form):
    numbers = forms.CharField(
        label=gettext_lazy("Certificate numbers"),
        required=False,
        max_length=MAX_NUMBERS * 64,
        help_text=gettext_lazy("One a line, or separated by commas. Dashes and spaces inside a number do not matter."),
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off", "spellcheck": "false"}),
    )
    upload = forms.FileField(
        label=gettext_lazy("Or choose a file (CSV or plain text)"),
        required=False,
        help_text=gettext_lazy("Numbers in the file are added to those typed above."),
    )

    def clean_upload(self) -> str:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return ""
        if not upload.name.lower().endswith(FILE_ENDINGS):
            raise forms.ValidationError(_("Please choose a CSV or plain text file (.csv or .txt)."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("This file is too large. Please choose one smaller than 64 KB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("We could not read this file as text. Please save it as CSV (UTF-8).")
            ) from None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        numbers = numbers_in(cleaned.get("numbers", "") + "\n" + cleaned.get("upload", ""))
        if not numbers:
            raise forms.ValidationError(_("Please type or paste at least one certificate number, or choose a file."))
        if len(numbers) > MAX_NUMBERS:
            raise forms.ValidationError(
                ngettext(
                    "Please check at most %(max)s numbers at a time. This list has %(count)s.",
                    "Please check at most %(max)s numbers at a time. This list has %(count)s.",
                    len(numbers),
                )
                % {"max": MAX_NUMBERS, "count": len(numbers)}
            )
        cleaned["compact_numbers"] = numbers
        return cleaned
