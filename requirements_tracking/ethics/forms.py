from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Credential
from cpse.bilingual import spanish_field
from cpse.numbers import WholeNumberField
from requirements_tracking.ethics import selectors
from requirements_tracking.ethics.services import BODY_MAX_LENGTH, CHANGES_MAX_LENGTH, TITLE_MAX_LENGTH

# Which field a refusal from the ethics services belongs next to.
ETHICS_ERROR_FIELDS = {"title": "title", "body": "body", "changes": "changes"}


class EthicsCodeForm(forms.Form):
    credential = forms.ModelChoiceField(
        label=_("Credential"),
        queryset=Credential.objects.order_by("abbreviation"),
        error_messages={"invalid_choice": _("Please choose one of the credentials listed.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Please give the code a title.")},
    )
    body = forms.CharField(
        label=_("The code of ethics"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Plain text. Leave an empty line between paragraphs; a short line on its own reads as a heading."),
        error_messages={"required": _("Please write the code of ethics itself.")},
    )
    changes = forms.CharField(
        label=_("What changed"),
        max_length=CHANGES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to everyone asked to read it again. Not needed for the first version."),
    )
    title_es = spanish_field(_("Title in Spanish"), max_length=TITLE_MAX_LENGTH)
    body_es = spanish_field(_("The code of ethics in Spanish"), max_length=BODY_MAX_LENGTH, rows=18)
    changes_es = spanish_field(_("What changed, in Spanish"), max_length=CHANGES_MAX_LENGTH, rows=4)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        credentials = self.fields["credential"].queryset
        if len(credentials) == 1:
            # One credential (the usual case): nothing to choose.
            self.fields["credential"].initial = credentials[0].pk
            self.fields["credential"].widget = forms.HiddenInput()


class AcknowledgeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput())
    confirm = forms.BooleanField(
        label=_("I have read the code of ethics and will follow it"),
        error_messages={"required": _("Please tick the box to say you have read the code of ethics.")},
    )


class AcknowledgmentFilterForm(forms.Form):
    """The staff list's filters (GET): a bad value is ignored, never an error page."""

    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.order_by("-year"), required=False)
    status = forms.ChoiceField(
        label=_("Shows"),
        required=False,
        choices=[
            ("", _("Everyone")),
            (selectors.ACKNOWLEDGED, _("Acknowledged the current version")),
            (selectors.DUE, _("Not yet acknowledged the current version")),
        ],
    )
    version = WholeNumberField(label=_("Acknowledged version"), required=False, min_value=1)
