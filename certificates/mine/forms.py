"""The participant's choice of the name printed on their certificate."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certificates.models import CertificateName
from cohorts.models import Participant


class CertificateNameForm(forms.Form):
    """The name you use or your legal name. Each choice shows the value it would print, so
    the person sees exactly what the certificate will say."""

    use = forms.ChoiceField(
        label=gettext_lazy("Which name should your certificate show?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Please choose one of the two names."),
            "invalid_choice": gettext_lazy("Please choose one of the two names."),
        },
    )

    def __init__(self, *args, participant: Participant, **kwargs):
        self.participant = participant
        user = participant.user
        choice = getattr(participant, "certificate_name", None)
        kwargs.setdefault("initial", {"use": choice.use if choice else CertificateName.Use.CHOSEN})
        super().__init__(*args, **kwargs)
        no_legal_name = _("no legal name on your account yet")
        self.fields["use"].choices = [
            (CertificateName.Use.CHOSEN, _("The name you use: %(name)s") % {"name": user.display_name}),
            (CertificateName.Use.LEGAL, _("Your legal name: %(name)s") % {"name": user.legal_name or no_legal_name}),
        ]

    def clean_use(self) -> str:
        use = self.cleaned_data["use"]
        if use == CertificateName.Use.LEGAL and not self.participant.user.legal_name:
            raise forms.ValidationError(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Your account has no legal name yet, so we cannot print it."),
                    reverse("accounts:profile"),
                    _("Add your legal name on your profile page."),
                ),
                code="no_legal_name",
            )
        return use

    def save(self) -> CertificateName:
        # One row per participant (OneToOne): saving twice changes the choice, never adds one.
        choice, _created = CertificateName.objects.update_or_create(
            participant=self.participant, defaults={"use": self.cleaned_data["use"]}
        )
        return choice


class SharingForm(forms.Form):
    """Turn sharing on (with a tick that says what becomes public) or off."""

    sharing = forms.TypedChoiceField(
        choices=[("on", "on"), ("off", "off")],
        coerce=lambda value: value == "on",
        widget=forms.HiddenInput,
        error_messages={
            "required": gettext_lazy("Please choose on or off."),
            "invalid_choice": gettext_lazy("Please choose on or off."),
        },
    )
    confirm = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "I understand that anyone with the link will see my name as printed, the credential, the issue date and the status."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sharing") and not cleaned.get("confirm"):
            self.add_error("confirm", _("Please tick the box to confirm, or keep sharing off."))
        return cleaned
