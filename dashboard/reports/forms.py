from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort
from cohorts.selectors import cohort_choices, cohort_for_staff
from cohorts.services import working_cohort_choose


class CohortChoiceForm(forms.Form):
    """Which cohort the reports show (GET; none or an unknown one: the person's working
    cohort, `cohorts.selectors.working_cohort`)."""

    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = cohort_choices()
        self.fields["cohort"].choices = self.choices

    def chosen(self, *, user, session=None) -> Cohort | None:
        """The cohort asked for (remembered for the next page), else the working cohort,
        which the select then shows."""
        pk = self.cleaned_data.get("cohort") if self.is_valid() else None
        asked = cohort_for_staff(pk) if pk else None
        cohort = working_cohort_choose(user=user, asked=asked, session=session)
        if asked is None and cohort is not None:
            self.data = self.data.copy()
            self.data["cohort"] = cohort.pk
        # The working cohort is read whole already: the reports need its dates and year only.
        return cohort
