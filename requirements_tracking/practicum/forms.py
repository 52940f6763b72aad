from django import forms
from django.utils.translation import gettext_lazy as _

from requirements_tracking.hours.forms import COMMENT_MAX_LENGTH, ERROR_FIELDS, REFLECTION_MAX_LENGTH, HourEntryForm
from requirements_tracking.models import HourEntry, Practicum

# Which field a refusal from the practicum services belongs next to (others at the top).
PRACTICUM_ERROR_FIELDS = {**ERROR_FIELDS, "comment_required": "comment", "self_confirmation": "supervisor_email"}


class PracticumForm(forms.Form):
    host_agency = forms.CharField(
        label=_("Host agency"),
        max_length=Practicum._meta.get_field("host_agency").max_length,
        help_text=_("The agency where you do your practicum."),
        error_messages={"required": _("Please name the agency where you do your practicum.")},
    )
    supervisor_name = forms.CharField(
        label=_("Your supervisor's name"),
        max_length=Practicum._meta.get_field("supervisor_name").max_length,
        error_messages={"required": _("Please write your supervisor's name.")},
    )
    supervisor_email = forms.EmailField(
        label=_("Your supervisor's email"),
        help_text=_("We email your supervisor a private link to confirm your hours. The email does not name you."),
        error_messages={
            "required": _("Please write your supervisor's email address."),
            "invalid": _("Please enter an email address, for example name@agency.org."),
        },
    )

    @classmethod
    def initial_from(cls, practicum: Practicum | None) -> dict:
        if practicum is None:
            return {}
        return {
            "host_agency": practicum.host_agency,
            "supervisor_name": practicum.supervisor_name,
            "supervisor_email": practicum.supervisor_email,
        }


class PracticumHoursForm(HourEntryForm):
    """The self-care form's date and hours (same rules), without the activity choice, and
    without a document: the supervisor's confirmation is the evidence."""

    kind = None
    evidence = remove_evidence = None
    reflection = forms.CharField(
        label=_("What did you do?"),
        help_text=_("A few sentences are enough. Only you and the program staff read this; your supervisor does not."),
        max_length=REFLECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write a few words about this time.")},
    )

    @classmethod
    def initial_from(cls, entry: HourEntry) -> dict:
        return {"date": entry.date, "hours": entry.hours, "reflection": entry.reflection}


class DecisionForm(forms.Form):
    """The supervisor's answer: Confirm, or Decline with a few words."""

    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))])
    comment = forms.CharField(
        label=_("Why are you declining? The participant and the program staff will read this."),
        max_length=COMMENT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
