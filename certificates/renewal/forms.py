from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.renewal.services import HOURS_MAX, HOURS_MIN
from cpse.bilingual import spanish_field
from cpse.forms import date_field
from cpse.numbers import DecimalNumberField, WholeNumberField, numbers_in

NOTES_MAX_LENGTH = 2000
HOURS_INVALID = numbers_in(_("Please enter hours as a number, for example %(example)s."), example=Decimal("12.5"))
HOURS_OTHER_WAY = _("Please write the hours like this: %(number)s.")

# Which field a refusal from the services belongs next to (others go at the top).
RENEWAL_ERROR_FIELDS = {
    "bad_validity": "validity_months",
    "bad_renewal_hours": "renewal_hours",
    "bad_hours": "hours",
    "too_few_hours": "hours",
    "bad_date": "completed_on",
}


class CredentialRenewalForm(forms.Form):
    # Ranges are the service's rules (certificates.renewal.services); the form only reads numbers.
    validity_months = WholeNumberField(
        label=_("Validity in months"),
        required=False,
        help_text=_("From 1 to 120, for example 24 for two years. Leave empty: certificates never expire."),
        error_messages={"invalid": _("Please enter a whole number of months, for example 24.")},
    )
    renewal_hours = DecimalNumberField(
        label=_("Continuing-education hours for a renewal"),
        required=False,
        help_text=numbers_in(
            _("From %(least)s to %(most)s, in quarter hours. Leave empty: no hours are asked."),
            least=HOURS_MIN,
            most=HOURS_MAX,
        ),
        error_messages={"invalid": HOURS_INVALID, "other_way": HOURS_OTHER_WAY},
    )
    name_es = spanish_field(_("The credential's name in Spanish"), max_length=150)


class RenewalForm(forms.Form):
    hours = DecimalNumberField(
        label=_("Continuing-education hours completed"),
        error_messages={
            "required": _("Please enter the hours completed."),
            "invalid": HOURS_INVALID,
            "other_way": HOURS_OTHER_WAY,
        },
    )
    completed_on = date_field(
        _("Date the hours were completed"),
        help_text=_("Not in the future, and not more than a year before the current expiry."),
        required_message=_("Please enter the date the hours were completed."),
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        required=False,
        max_length=NOTES_MAX_LENGTH,
        help_text=_("What was shown, for the record. Kept private and encrypted."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
