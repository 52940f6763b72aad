from django import forms
from django.utils.translation import gettext_lazy as _

from checkins.models import Placement
from cpse.forms import date_field

# Which field a refusal from the placement services belongs next to (others at the top).
PLACEMENT_ERROR_FIELDS = {
    "agency_required": "agency",
    "role_required": "role",
    "role_other_required": "role_other",
    "terms_required": "terms",
    "start_too_late": "start_date",
    "start_before_program": "start_date",
    "start_before_previous": "start_date",
    "not_current": None,
    "end_before_start": "end_date",
    "back_before_pause": "ends_on",
    "pause_before_start": "starts_on",
    "pause_too_late": "starts_on",
    "pause_overlaps": "starts_on",
}
REASON_MAX_LENGTH = 2000


def _max(field: str) -> int:
    return Placement._meta.get_field(field).max_length


class PlacementForm(forms.Form):
    agency = forms.CharField(
        label=_("Agency"),
        max_length=_max("agency"),
        help_text=_("The organisation where you work or volunteer."),
        error_messages={"required": _("Please name the agency.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Placement.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a role.")},
    )
    role_other = forms.CharField(
        label=_("If other: the role, in your words"),
        max_length=_max("role_other"),
        required=False,
    )
    terms = forms.ChoiceField(
        label=_("Paid or volunteer"),
        choices=Placement.Terms.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose paid or volunteer.")},
    )
    start_date = date_field(_("Start date"), required_message=_("Please enter the day the placement starts."))
    supervisor_name = forms.CharField(label=_("Supervisor's name"), max_length=_max("supervisor_name"), required=False)
    supervisor_email = forms.EmailField(
        label=_("Supervisor's email"),
        required=False,
        error_messages={"invalid": _("Please enter an email address, for example name@agency.org.")},
    )
    supervisor_phone = forms.CharField(
        label=_("Supervisor's phone"), max_length=_max("supervisor_phone"), required=False
    )

    @classmethod
    def initial_from(cls, placement: Placement) -> dict:
        return {name: getattr(placement, name) for name in cls.base_fields}

    def clean(self):
        data = super().clean()
        if data.get("role") == Placement.Role.OTHER and not (data.get("role_other") or "").strip():
            self.add_error("role_other", _("Please describe the role in a few words."))
        return data


class EndPlacementForm(forms.Form):
    end_date = date_field(_("Last day at this placement"), required_message=_("Please enter the last day."))


class PauseForm(forms.Form):
    starts_on = date_field(_("Pause from"), required_message=_("Please enter the first day of the pause."))
    reason = forms.CharField(
        label=_("Reason (optional)"),
        help_text=_("Only program staff read this. It is never shown to sponsors."),
        max_length=REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ResumeForm(forms.Form):
    ends_on = date_field(
        _("Back on"),
        help_text=_("The first day the placement year runs again."),
        required_message=_("Please enter the day the pause ends."),
    )
