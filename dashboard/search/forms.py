from django import forms
from django.utils.translation import gettext_lazy as _

# Shorter words would match nearly everyone.
MIN_LENGTH = 2
MAX_LENGTH = 100


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        min_length=MIN_LENGTH,
        max_length=MAX_LENGTH,
        help_text=_("A name, an email address, a certificate or invoice number, or an id from an address."),
        error_messages={
            "required": _("Please type a name, an email address or a number to search for."),
            "min_length": _("Please type at least %(limit_value)d letters or numbers."),
            "max_length": _("Please type at most %(limit_value)d letters or numbers."),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
