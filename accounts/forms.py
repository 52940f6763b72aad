from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    display_name = forms.CharField(
        label=_("Name you want us to use"),
        max_length=80,
        help_text=_("This is how we will address you. It does not need to be your legal name."),
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.preferred_language = translation.get_language() or "en"
        user.save(update_fields=["display_name", "preferred_language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "legal_name", "phone", "preferred_language", "safe_contact", "safe_contact_note"]
        widgets = {"safe_contact_note": forms.Textarea(attrs={"rows": 3}), "safe_contact": forms.RadioSelect}
        error_messages = {"display_name": {"required": _("Please tell us what to call you.")}}


class ErasureRequestForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account will be closed and my personal information removed."),
        required=True,
    )
