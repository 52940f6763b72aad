"""The public "sponsor a survivor" form.

Rules chosen here: a hidden field that only automated senders fill in marks a submission, which
is quietly dropped (as on the applicants' interest form).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from sponsors.models import SponsorLead


class LeadForm(forms.ModelForm):
    """The public "sponsor a survivor" form."""

    # Hidden from people (and skipped by the keyboard): automated senders fill it in, and
    # their submissions are quietly dropped (as on the applicants' interest form).
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = SponsorLead
        fields = ["name", "organisation", "kind", "email", "phone", "interest", "message"]
        widgets = {
            "kind": forms.RadioSelect,
            "interest": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": 3000}),
        }
        help_texts = {
            "phone": _("Optional."),
            "message": _("Optional. For example, the region you would like to support."),
        }
        error_messages = {
            "name": {"required": _("Please tell us your name.")},
            "email": {"required": _("Please give an email address so we can reply.")},
            "kind": {"required": _("Please choose one.")},
            "interest": {"required": _("Please choose one.")},
        }

    def clean_message(self):
        message = self.cleaned_data["message"]
        if len(message) > 3000:
            raise forms.ValidationError(_("Please keep this under 3000 characters."))
        return message

    @property
    def is_automated(self) -> bool:
        return bool(self.cleaned_data.get("website"))
