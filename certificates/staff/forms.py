"""Forms for program staff's certificate pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from certificates.services import REASON_MAX_LENGTH
from cohorts.models import Cohort
from requirements_tracking.hours.forms import PublicIdListField


class CohortChoiceForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.order_by("-year"),
        empty_label=None,
        error_messages={"invalid_choice": _("Please choose one of the cohorts in the list.")},
    )


class BatchConfirmForm(CohortChoiceForm):
    """The answer "Yes, issue these certificates": the cohort and exactly the people the
    page showed (their public ids, hidden fields), so nobody is issued unseen."""

    previewed = PublicIdListField(
        error_messages={
            "required": _("Nobody was on the list to confirm. Please look at the list again."),
            "invalid": _("The list could not be read. Please look at it again."),
        }
    )


class ReasonForm(forms.Form):
    """Why a certificate is revoked or reissued: required, kept internal."""

    reason = forms.CharField(
        label=_("Reason (kept internal: never shown on verification)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": _("Please give the reason.")},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Please give the reason."))
        return reason
