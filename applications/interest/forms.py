"""The interest list's filters (GET). An empty value means "all"; an invalid one is left
out and shown as an error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.interest.selectors import NO, YES
from applications.models import InterestSignup
from cohorts.models import Cohort

YES_NO_ANY = [("", _("Any")), (YES, _("Yes")), (NO, _("No"))]


class InterestFilterForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), required=False, queryset=Cohort.objects.order_by("-year"), empty_label=_("All cohorts")
    )
    invited = forms.ChoiceField(label=_("Invited or reached"), required=False, choices=YES_NO_ANY)
    applied = forms.ChoiceField(label=_("Applied"), required=False, choices=YES_NO_ANY)
    reach_by = forms.ChoiceField(
        label=_("Safe way to reach them"),
        required=False,
        choices=[("", _("Any way")), *InterestSignup.SAFE_CONTACTS],
    )

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "cohort": data.get("cohort"),
            "invited": data.get("invited") or "",
            "applied": data.get("applied") or "",
            "reach_by": data.get("reach_by") or "",
        }

    def kept(self) -> dict:
        """The valid filters as they go back into a link (page numbers, the CSV)."""
        filters = self.filters()
        kept = {**filters, "cohort": filters["cohort"].pk if filters["cohort"] else ""}
        return {name: value for name, value in kept.items() if value}


class CallOrTextFilterForm(forms.Form):
    contacted = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everyone")), (NO, _("Still to reach")), (YES, _("Contacted"))],
    )

    def filters(self) -> dict:
        self.is_valid()
        return {"contacted": getattr(self, "cleaned_data", {}).get("contacted") or ""}
