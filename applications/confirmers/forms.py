from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import ConfirmerVerification


class VerifyForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How did you check who they are?"),
        choices=ConfirmerVerification.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please say how you checked who they are.")},
    )
    note = forms.CharField(
        label=_("Note for program staff (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: who you spoke to and when. Only program staff see it."),
    )
