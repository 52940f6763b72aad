"""The participant's choices for one sponsor.

Rules chosen here: every choice starts unticked ("not shared") until the participant ticks it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from sponsors.models import Consent
from sponsors.models.consent import SHAREABLE


class ConsentForm(forms.Form):
    """One sponsor's five choices. Unticked is "not shared"."""

    HELP = {
        "progress_percentages": _(
            "For example, 11 of the 18 online training hours. Not what each entry was, nor your reflections."
        ),
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
