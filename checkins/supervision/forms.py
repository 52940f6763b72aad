from django import forms
from django.utils.translation import gettext_lazy as _

from checkins.models import SupervisionContract, SupervisionSession
from cpse.forms import date_field
from cpse.numbers import WholeNumberField

# Which field a refusal from the supervision services belongs next to (others at the top).
SUPERVISION_ERROR_FIELDS = {
    "supervisor_required": "supervisor_name",
    "self_confirmation": "supervisor_email",
    "frequency_required": "frequency",
    "future": "held_on",
    "too_early": "held_on",
    "bad_minutes": "minutes",
    "topics_required": "topics",
}
TEXT_MAX_LENGTH = 4000
REFLECTION_MAX_LENGTH = 8000


def _text(label, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please fill in this part of the contract.")},
    )


class ContractForm(forms.Form):
    supervisor_name = forms.CharField(
        label=_("Your supervisor's name"),
        max_length=SupervisionContract._meta.get_field("supervisor_name").max_length,
        error_messages={"required": _("Please name your supervisor.")},
    )
    supervisor_email = forms.EmailField(
        label=_("Your supervisor's email"),
        help_text=_("We send your supervisor a private link to read and agree to the contract."),
        error_messages={
            "required": _("Please enter your supervisor's email."),
            "invalid": _("Please enter an email address, for example name@agency.org."),
        },
    )
    frequency = forms.ChoiceField(
        label=_("How often you meet"),
        choices=SupervisionContract.Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how often you meet.")},
    )
    session_minutes = WholeNumberField(
        label=_("Usual length of a session, in minutes"),
        min_value=15,
        max_value=480,
        error_messages={
            "required": _("Please enter the usual length."),
            "invalid": _("Please enter a number of minutes."),
            "min_value": _("Please enter at least 15 minutes."),
            "max_value": _("Please enter at most 480 minutes."),
        },
    )
    expectations = _text(_("What each of you expects"))
    feedback_channels = _text(_("How feedback is given"))
    confidentiality = _text(_("What stays confidential, and its limits"))
    raising_concerns = _text(_("How to raise a concern"))
    agree = forms.BooleanField(
        label=_("I agree to this contract. Send it to my supervisor now."),
        help_text=_("Leave this unticked to keep it as a draft you can change."),
        required=False,
    )


class SessionForm(forms.Form):
    held_on = date_field(_("Date"), required_message=_("Please enter the day you met."))
    minutes = WholeNumberField(
        label=_("Length in minutes"),
        min_value=5,
        max_value=480,
        error_messages={
            "required": _("Please enter how long you met."),
            "invalid": _("Please enter a number of minutes."),
            "min_value": _("Please enter at least 5 minutes."),
            "max_value": _("Please enter at most 480 minutes."),
        },
    )
    topics = forms.MultipleChoiceField(
        label=_("What you talked about, in general"),
        help_text=_("General areas only. Please never note details about the people you support."),
        choices=SupervisionSession.Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Please choose at least one topic.")},
    )
    reflection = forms.CharField(
        label=_("Your reflection (optional)"),
        help_text=_("Private: only you and the program team read it. Your supervisor never sees it."),
        max_length=REFLECTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    @classmethod
    def initial_from(cls, session: SupervisionSession) -> dict:
        return {name: getattr(session, name) for name in cls.base_fields}
