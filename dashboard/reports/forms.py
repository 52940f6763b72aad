from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort
from cohorts.selectors import cohort_choices, cohort_for_staff


class CohortChoiceForm(forms.Form):
    """Which cohort the reports show (GET; an unknown cohort falls back to the newest)."""

    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = cohort_choices()
        self.fields["cohort"].choices = self.choices

    def chosen(self) -> Cohort | None:
        chosen = self.cleaned_data.get("cohort") if self.is_valid() else None
        pk = chosen or (self.choices[0][0] if self.choices else None)
        return cohort_for_staff(pk) if pk else None
