from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.selectors import cohort_choices, cohort_for_staff
from dashboard.bulk.services import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH
from dashboard.models import CohortMessage


class CohortMessageForm(forms.Form):
    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int)
    audience = forms.ChoiceField(
        label=_("Who receives it"), choices=CohortMessage.Audience.choices, initial=CohortMessage.Audience.ENROLLED
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=SUBJECT_MAX_LENGTH,
        help_text=_("It may show on a phone's lock screen: keep it general."),
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "It goes to each person's Messages page, and by email to those who chose email: write nothing "
            "private and nothing about one person."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = cohort_choices()

    def clean_cohort(self):
        cohort = cohort_for_staff(self.cleaned_data["cohort"])
        if cohort is None:
            raise forms.ValidationError(_("Please choose a cohort."), code="invalid_choice")
        return cohort


class ConfirmForm(forms.Form):
    """The preview's once-only key (a double confirmation sends once)."""

    key = forms.UUIDField()
