import datetime
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort
from cohorts.selectors import cohort_choices
from cpse.forms import date_field
from cpse.numbers import QUARTER_HOURS_MESSAGE, DecimalNumberField, numbers_in, plain_number
from cpse.uploads import validate_document
from requirements_tracking.hours.rules import QUARTER_EXAMPLES, is_large_entry
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
    "not_started": "date",
    "evidence_required": "evidence",
}


# Session and practicum entries get their kind from where they come from.
SELF_CARE_KINDS = [
    (value, label)
    for value, label in HourEntry.Kind.choices
    if value not in (HourEntry.Kind.SESSION, HourEntry.Kind.PRACTICUM)
]


class HourEntryForm(forms.Form):
    # A large entry (rules.is_large_entry) is saved once the person presses the button
    # that confirms it: a submit button sends its value (the hours as typed) only when
    # pressed, so a number changed since is asked about again.
    CONFIRM_HOURS = "confirm_hours"
    large_hours = None  # the hours the page asks the person to confirm

    date = date_field(_("Date"))
    hours = DecimalNumberField(
        label=_("Hours"),
        max_digits=5,
        decimal_places=2,
        help_text=numbers_in(
            _("In quarter hours: for example %(whole)s, %(quarter)s, %(half)s or %(three_quarters)s."),
            **QUARTER_EXAMPLES,
        ),
        error_messages={
            "invalid": numbers_in(_("Please enter a number of hours, for example %(half)s."), **QUARTER_EXAMPLES),
            "other_way": _("Please write the hours like this: %(number)s."),
            "max_decimal_places": numbers_in(QUARTER_HOURS_MESSAGE, **QUARTER_EXAMPLES),
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
    evidence = forms.FileField(label=_("A document about this time (optional)"), required=False)
    remove_evidence = forms.BooleanField(label=_("Remove the document attached"), required=False)

    def __init__(
        self,
        *args,
        dates: tuple[datetime.date, datetime.date],
        evidence_required: bool = False,
        attached: str = "",
        **kwargs,
    ):
        """`dates`: the first and last day that can count (`rules.loggable_dates`), offered
        by the date picker and named under the field; the services refuse any other day.
        `evidence_required`: the requirement asks for a document (the services check it);
        `attached`: the kind of document the entry already has ("PDF"), or empty."""
        super().__init__(*args, **kwargs)
        if "evidence" in self.fields:  # not on the practicum form (requirements_tracking.practicum)
            self._evidence_fields(evidence_required=evidence_required, attached=attached)
        first, last = dates
        if first <= last:
            self.fields["date"].widget.attrs.update(min=first.isoformat(), max=last.isoformat())
            self.fields["date"].help_text = _("A day from %(first)s to %(last)s.") % {
                "first": date_format(first),
                "last": date_format(last),
            }

    def _evidence_fields(self, *, evidence_required: bool, attached: str) -> None:
        evidence = self.fields["evidence"]
        if evidence_required:
            evidence.label = _("A document about this time")
        about = _(
            "For example a certificate of attendance, a receipt or a photo of a sign-in sheet. "
            "PDF, JPG or PNG, up to %(size)s MB. Only you and the program staff can open it."
        ) % {"size": settings.UPLOAD_MAX_BYTES // 1_000_000}
        if not attached:
            evidence.help_text = about
            del self.fields["remove_evidence"]
            return
        evidence.label = _("Replace the document (optional)")
        evidence.help_text = format_html(
            "<strong>{}</strong> {} {}",
            _("Already attached: a %(kind)s file.") % {"kind": attached},
            _("Choose a new file only if you want to replace it."),
            about,
        )
        if evidence_required:
            # Required documents are replaced, never just removed.
            del self.fields["remove_evidence"]

    @property
    def evidence_to_choose_again(self) -> bool:
        """A document was chosen but the form must be sent again: browsers cannot keep a
        chosen file, so the page asks for it again."""
        return bool(self.is_bound and self.errors and self.files.get("evidence") and "evidence" not in self.errors)

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_document(upload)
        return upload

    def clean(self):
        data = super().clean()
        hours = data.get("hours")
        if hours is not None and "hours" in self.changed_data and is_large_entry(hours) and not self._confirmed(hours):
            self.large_hours = hours
            self.add_error(
                "hours",
                ValidationError(
                    _(
                        "That is a lot of hours for one day. Is %(hours)s right? If it is, press "
                        "“Yes, %(hours)s hours is right”. If not, please change the number."
                    ),
                    code="large_entry",
                    params={"hours": plain_number(hours)},
                ),
            )
        return data

    def _confirmed(self, hours) -> bool:
        try:
            return self.fields["hours"].clean(self.data.get(self.CONFIRM_HOURS)) == hours
        except ValidationError:
            return False

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
