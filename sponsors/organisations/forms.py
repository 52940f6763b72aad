"""Staff's forms for sponsor organisations, invitations and leads.

Rules chosen here: an organisation's name is stored without surrounding spaces; the lead filter
offers only known statuses (or all).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from sponsors.models import Sponsor, SponsorLead


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
