from django import forms
from django.utils.translation import gettext_lazy as _

from sponsors.models import Consent, Sponsor, SponsorLead
from sponsors.models.consent import SHAREABLE


class SponsorForm(forms.ModelForm):
    class Meta:
        model = Sponsor
        fields = ["name", "kind", "contact_name", "contact_email", "phone", "billing_address"]
        labels = {"kind": _("Kind of sponsor")}
        widgets = {"kind": forms.RadioSelect, "billing_address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "contact_email": _("Invoices and receipts go to this address."),
            "billing_address": _("As it should appear on invoices."),
        }
        error_messages = {
            "name": {"required": _("Please give the organisation's name.")},
            "contact_email": {"required": _("Please give an email address for invoices.")},
            "kind": {"required": _("Please choose whether this is a hosting agency or a donor.")},
        }

    def clean_name(self):
        return self.cleaned_data["name"].strip()


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person to invite"),
        max_length=254,
        error_messages={"required": _("Please give an email address.")},
        help_text=_("They get a private link that works once, for a limited time."),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or email"), required=False, max_length=100)


class LeadStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SponsorLead.Status.choices)


class LeadFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *SponsorLead.Status.choices], required=False)


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


class ConsentForm(forms.Form):
    """One sponsor's five choices. Unticked is "not shared"."""

    HELP = {
        "progress_percentages": _("For example, 60 percent of the online training hours."),
        "requirement_completion": _("For example, that the online training is done. Not your hours or answers."),
        "certificate_status": _("Whether you hold a valid certificate. Not your exam result."),
        "placement": _("That you work after the program, when you choose to share it."),
        "name": _(
            "The name you use in the program. If you leave this unticked, this sponsor sees you only as "
            "“a participant”, even if they pay for your place."
        ),
    }

    def __init__(self, *args, prefix: str, consent: Consent | None = None, **kwargs):
        initial = {name: bool(consent and getattr(consent, name)) for name in SHAREABLE}
        super().__init__(*args, prefix=prefix, initial=initial, **kwargs)
        for name in SHAREABLE:
            self.fields[name] = forms.BooleanField(
                label=Consent._meta.get_field(name).verbose_name, required=False, help_text=self.HELP[name]
            )
