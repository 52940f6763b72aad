import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort
from cohorts.selectors import cohort_choices
from cpse.forms import date_field
from requirements_tracking.models import HourEntry

REFLECTION_MAX_LENGTH = 2000
COMMENT_MAX_LENGTH = 2000
# Which field a refusal from the services belongs next to (others go at the top).
ERROR_FIELDS = {
    "not_positive": "hours",
    "too_many": "hours",
    "not_quarter": "hours",
    "day_full": "hours",
    "future": "date",
    "outside_program": "date",
}


# Session and practicum entries get their kind from where they come from.
SELF_CARE_KINDS = [
    (value, label)
    for value, label in HourEntry.Kind.choices
    if value not in (HourEntry.Kind.SESSION, HourEntry.Kind.PRACTICUM)
]


class HourEntryForm(forms.Form):
    date = date_field(_("Date"))
    hours = forms.DecimalField(
        label=_("Hours"),
        max_digits=5,
        decimal_places=2,
        help_text=_("In quarter hours: for example 1, 1.25, 1.5 or 1.75."),
        widget=forms.NumberInput(attrs={"step": "0.25", "min": "0.25", "max": "24", "inputmode": "decimal"}),
        error_messages={
            "invalid": _("Please enter a number of hours, for example 1.5."),
            "max_decimal_places": _("Please use quarter hours, for example 1, 1.25, 1.5 or 1.75."),
            "max_digits": _("A day has 24 hours at most."),
            "max_whole_digits": _("A day has 24 hours at most."),
        },
    )
    kind = forms.ChoiceField(label=_("What did you do?"), choices=[("", "—"), *SELF_CARE_KINDS])
    reflection = forms.CharField(
        label=_("A short reflection"),
        help_text=_("A few sentences are enough. Only you and the program staff read this."),
        max_length=REFLECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write a few words about this time.")},
    )

    @classmethod
    def initial_from(cls, entry: HourEntry) -> dict:
        return {"date": entry.date, "hours": entry.hours, "kind": entry.kind, "reflection": entry.reflection}


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment for the participant"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Please write a comment, so the participant knows what to change.")},
    )


class InboxFilterForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.order_by("-year"), required=False, empty_label=_("All cohorts")
    )

    def chosen_cohort(self) -> Cohort | None:
        return self.cleaned_data.get("cohort") if self.is_valid() else None


class PublicIdListField(forms.Field):
    """Several public ids sent under one name (ticked checkboxes)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Something went wrong with the entries chosen. Please choose them again.")}

    def to_python(self, value) -> list[uuid.UUID]:
        try:
            return list(dict.fromkeys(uuid.UUID(str(item)) for item in value or ()))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class ApproveSelectedForm(forms.Form):
    # One inbox page at most (staff_views.PAGE_SIZE).
    MAX_ENTRIES = 50

    entries = PublicIdListField(error_messages={"required": _("Please tick the hours you want to approve.")})

    def clean_entries(self):
        entries = self.cleaned_data["entries"]
        if len(entries) > self.MAX_ENTRIES:
            raise ValidationError(
                _("Please approve at most %(max)s entries at a time.") % {"max": self.MAX_ENTRIES}, code="too_many"
            )
        return entries


class GridForm(forms.Form):
    """Which cohort the grid shows and how it is sorted (GET; bad values fall back)."""

    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int, required=False, empty_value=None)
    sort = forms.CharField(required=False)
    descending = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = cohort_choices()

    def chosen(self, default: Cohort | None) -> tuple[Cohort | None, str, bool]:
        if not self.is_valid():
            return default, "name", False
        data = self.cleaned_data
        if default is not None and data["cohort"] == default.pk:
            cohort = default  # already loaded
        else:
            cohort = Cohort.objects.filter(pk=data["cohort"]).first() if data["cohort"] else None
        return cohort or default, data["sort"] or "name", data["descending"]
