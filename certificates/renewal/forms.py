from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.renewal.services import HOURS_STEP, VALIDITY_MAX_MONTHS, VALIDITY_MIN_MONTHS
from cpse.forms import date_field

NOTES_MAX_LENGTH = 2000
HOURS_INVALID = _("Please enter hours as a number, for example 12.5.")

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
    validity_months = forms.IntegerField(
        label=_("Validity in months"),
        required=False,
        help_text=_("From 1 to 120, for example 24 for two years. Leave empty: certificates never expire."),
        widget=forms.NumberInput(
            attrs={"min": VALIDITY_MIN_MONTHS, "max": VALIDITY_MAX_MONTHS, "inputmode": "numeric"}
        ),
        error_messages={"invalid": _("Please enter a whole number of months, for example 24.")},
    )
    renewal_hours = forms.DecimalField(
        label=_("Continuing-education hours for a renewal"),
        required=False,
        help_text=_("From 0.25 to 500, in quarter hours. Leave empty: no hours are asked."),
        widget=forms.NumberInput(attrs={"min": "0.25", "max": "500", "step": str(HOURS_STEP), "inputmode": "decimal"}),
        error_messages={"invalid": HOURS_INVALID},
    )


class RenewalForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Continuing-education hours completed"),
        widget=forms.NumberInput(attrs={"min": "0.25", "max": "500", "step": str(HOURS_STEP), "inputmode": "decimal"}),
        error_messages={"required": _("Please enter the hours completed."), "invalid": HOURS_INVALID},
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
