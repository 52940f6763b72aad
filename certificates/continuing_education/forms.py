from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.models import ContinuingEducation
from certificates.renewal.forms import HOURS_INVALID, HOURS_OTHER_WAY
from certificates.renewal.services import HOURS_MAX, HOURS_MIN
from cohorts.models import Credential
from cpse.forms import date_field
from cpse.numbers import DecimalNumberField, numbers_in
from cpse.uploads import validate_document

REASON_MAX_LENGTH = 2000
# Which field a refusal from the services belongs next to (others go at the top).
ERROR_FIELDS = {"bad_hours": "hours", "bad_date": "completed_on"}


class ContinuingEducationForm(forms.Form):
    # The limits are the renewal rule's (certificates.renewal.services); the form only reads numbers.
    activity = forms.CharField(
        label=_("Activity"),
        max_length=200,
        help_text=_("For example the name of the course, workshop or conference."),
        error_messages={"required": _("Please name the activity.")},
    )
    provider = forms.CharField(
        label=_("Provider"),
        max_length=200,
        help_text=_("Who offered it."),
        error_messages={"required": _("Please say who offered it.")},
    )
    completed_on = date_field(_("Date completed"), required_message=_("Please enter the day you completed it."))
    hours = DecimalNumberField(
        label=_("Hours"),
        help_text=numbers_in(_("From %(least)s to %(most)s, in quarter hours."), least=HOURS_MIN, most=HOURS_MAX),
        error_messages={
            "required": _("Please enter the hours."),
            "invalid": HOURS_INVALID,
            "other_way": HOURS_OTHER_WAY,
        },
    )
    evidence = forms.FileField(
        label=_("A document showing it (optional)"),
        required=False,
        help_text=_("A PDF, JPG or PNG, such as a certificate of attendance. Only you and the program staff see it."),
    )
    remove_evidence = forms.BooleanField(label=_("Remove the document attached"), required=False)

    def __init__(self, *args, entry: ContinuingEducation | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if entry is None or not entry.evidence:
            del self.fields["remove_evidence"]

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_document(upload)
        return upload

    @classmethod
    def initial_from(cls, entry: ContinuingEducation) -> dict:
        return {
            "activity": entry.activity,
            "provider": entry.provider,
            "completed_on": entry.completed_on,
            "hours": entry.hours,
        }


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the graduate"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Please write a reason, so the graduate knows what to change.")},
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ContinuingEducation.Status.choices, required=False)
    credential = forms.ModelChoiceField(
        label=_("Credential"),
        queryset=Credential.objects.filter(renewal_hours__isnull=False).order_by("abbreviation"),
        required=False,
        empty_label=_("All credentials"),
    )

    def chosen(self) -> tuple[str, Credential | None]:
        if not self.is_valid():
            return ContinuingEducation.Status.SUBMITTED, None
        return self.cleaned_data["status"] or ContinuingEducation.Status.SUBMITTED, self.cleaned_data["credential"]
