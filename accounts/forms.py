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
        fields = [
            "display_name",
            "legal_name",
            "phone",
            "preferred_language",
            "safe_contact",
            "safe_contact_note",
            "email_frequency",
            "digest_weekday",
            "quiet_from",
            "quiet_to",
        ]
        widgets = {
            "safe_contact_note": forms.Textarea(attrs={"rows": 3}),
            "safe_contact": forms.RadioSelect,
            "email_frequency": forms.RadioSelect,
            "quiet_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_to": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        labels = {"preferred_language": _("Language for the website and our emails")}
        help_texts = {
            "email_frequency": _(
                "Reminders (a session tomorrow, hours, a certificate to renew) can come one by one or "
                "together once a week. Decisions, links you asked for and other news always come at once."
            ),
            "digest_weekday": _("Only used with the weekly summary."),
            "quiet_from": _("Optional. We hold emails during these hours and send them when they end."),
            "quiet_to": _("For example 21:00 to 08:00. Leave both empty for no quiet hours."),
        }
        error_messages = {
            "display_name": {"required": _("Please tell us what to call you.")},
            "quiet_from": {"invalid": _("Please enter a time such as 21:00.")},
            "quiet_to": {"invalid": _("Please enter a time such as 08:00.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out of a post (an older form, a script): the current choice stays.
        for name in ("email_frequency", "digest_weekday"):
            self.fields[name].required = False

    def clean_email_frequency(self):
        return self.cleaned_data.get("email_frequency") or self.instance.email_frequency

    def clean_digest_weekday(self):
        value = self.cleaned_data.get("digest_weekday")
        return self.instance.digest_weekday if value in (None, "") else value

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_from"), cleaned.get("quiet_to")
        if "quiet_from" in self.errors or "quiet_to" in self.errors:
            return cleaned
        if start is None and end is not None:
            self.add_error("quiet_from", _("Please say when quiet hours start, or leave both times empty."))
        elif end is None and start is not None:
            self.add_error("quiet_to", _("Please say when quiet hours end, or leave both times empty."))
        elif start is not None and start == end:
            self.add_error("quiet_to", _("Quiet hours need to end at a different time than they start."))
        return cleaned


class ErasureRequestForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account will be closed and my personal information removed."),
        required=True,
    )
