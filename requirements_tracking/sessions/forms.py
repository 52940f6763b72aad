import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Requirement
from cpse.bilingual import spanish_field
from cpse.forms import date_field, time_field
from cpse.numbers import WholeNumberField
from requirements_tracking.models import Attendance, TrainingSession
from requirements_tracking.sessions import selectors
from requirements_tracking.sessions.selectors import SheetRow
from requirements_tracking.sessions.services import (
    SESSION_CATEGORIES,
    TEXT_MAX_LENGTH,
    Mark,
)

# Which field a refusal from the services belongs next to (others go at the top).
SESSION_ERROR_FIELDS = {
    "title_required": "title",
    "wrong_requirement": "counts_for",
    "bad_duration": "duration_minutes",
    "outside_intensive": "date",
    "outside_program": "date",
}


class SessionForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.order_by("-year"),
        error_messages={"required": _("Please choose a cohort."), "invalid_choice": _("Please choose a cohort.")},
    )
    counts_for = forms.ChoiceField(
        label=_("Counts towards"),
        choices=[(c.value, c.label) for c in Requirement.Category if c in SESSION_CATEGORIES],
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what the hours count towards.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TEXT_MAX_LENGTH,
        error_messages={"required": _("Please give the session a title.")},
    )
    title_es = spanish_field(_("Title in Spanish"), max_length=TEXT_MAX_LENGTH)
    date = date_field(_("Date"), required_message=_("Please enter a date."))
    start_time = time_field(
        _("Start time"), help_text=_("Local time."), required_message=_("Please enter a start time.")
    )
    duration_minutes = WholeNumberField(
        label=_("Length in minutes"),
        help_text=_("Between 15 minutes and 12 hours, in steps of 15 minutes: for example 90 for an hour and a half."),
        error_messages={
            "required": _("Please enter the length in minutes."),
            "invalid": _("Please enter the length as a whole number of minutes, for example 90."),
        },
    )
    location = forms.CharField(
        label=_("Place"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        help_text=_("“Online” or a place. Please do not put a private join link here; send it by email."),
    )

    @classmethod
    def initial_from(cls, session: TrainingSession) -> dict:
        local = timezone.localtime(session.starts_at)
        return {
            "cohort": session.cohort_id,
            "counts_for": session.requirement.category,
            "title": session.title,
            "title_es": session.title_es,
            "date": local.date(),
            "start_time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": session.duration_minutes,
            "location": session.location,
        }

    def clean(self):
        data = super().clean()
        cohort, category = data.get("cohort"), data.get("counts_for")
        if cohort is not None and category:
            data["requirement"] = selectors.session_requirement(cohort=cohort, category=category)
            if data["requirement"] is None:
                self.add_error("counts_for", _("This cohort has no hours of this kind."))
        if data.get("date") and data.get("start_time"):
            data["starts_at"] = timezone.make_aware(datetime.datetime.combine(data["date"], data["start_time"]))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "cohort": data["cohort"],
            "requirement": data["requirement"],
            "title": data["title"],
            "title_es": data["title_es"],
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "location": data["location"],
        }


STATUS_PREFIX = "status_"
MINUTES_PREFIX = "minutes_"


class AttendanceForm(forms.Form):
    """One line per participant: present, part of the session (with minutes) or absent.

    Fields are named by the participant's public id (never the database id), so the
    error summary can link to each line. `everyone_present` starts every line at
    present (nothing is saved until the sheet is sent), so staff change only the few
    who were not there."""

    def __init__(self, *args, session: TrainingSession, rows: list[SheetRow], everyone_present=False, **kwargs):
        self.session = session
        self.rows = rows
        initial = {}
        for row in rows:
            if everyone_present:
                initial[f"{STATUS_PREFIX}{row.participant.public_id}"] = Attendance.Status.PRESENT
            elif row.attendance is not None:
                initial[f"{STATUS_PREFIX}{row.participant.public_id}"] = row.attendance.status
                initial[f"{MINUTES_PREFIX}{row.participant.public_id}"] = row.attendance.minutes
        super().__init__(*args, initial=initial, **kwargs)
        for row in rows:
            name = str(row.participant.user)
            key = row.participant.public_id
            self.fields[f"{STATUS_PREFIX}{key}"] = forms.ChoiceField(
                label=name,
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": _("Please choose present, part of the session or absent."),
                    "invalid_choice": _("Please choose present, part of the session or absent."),
                },
            )
            self.fields[f"{MINUTES_PREFIX}{key}"] = WholeNumberField(
                label=_("Minutes %(name)s was there") % {"name": name},
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "form-control"}),
                error_messages={"invalid": _("Please enter the minutes as a whole number, for example 45.")},
            )

    def lines(self):
        """(row, status field, minutes field) for the template, in the sheet's order."""
        for row in self.rows:
            key = row.participant.public_id
            yield row, self[f"{STATUS_PREFIX}{key}"], self[f"{MINUTES_PREFIX}{key}"]

    def strangers(self) -> bool:
        """The submission names someone who is not on the sheet (made up, or who left)."""
        return any(name.startswith((STATUS_PREFIX, MINUTES_PREFIX)) and name not in self.fields for name in self.data)

    def clean(self):
        data = super().clean()
        if self.strangers():
            raise forms.ValidationError(
                _("The sheet names someone who is not taking part in this cohort now. Please open it again."),
                code="unknown_participant",
            )
        most = self.session.duration_minutes - 1
        for row in self.rows:
            key = row.participant.public_id
            status, minutes_field = data.get(f"{STATUS_PREFIX}{key}"), f"{MINUTES_PREFIX}{key}"
            minutes = data.get(minutes_field)
            if status != Attendance.Status.PARTIAL or minutes_field in self.errors:
                continue
            if minutes is None:
                self.add_error(
                    minutes_field,
                    _("Please enter how many minutes %(name)s was there.") % {"name": row.participant.user},
                )
            elif not 1 <= minutes <= most:
                self.add_error(
                    minutes_field,
                    _("Please enter between 1 and %(max)s minutes (the session lasts %(length)s minutes).")
                    % {"max": most, "length": self.session.duration_minutes},
                )
        return data

    def marks(self) -> dict[int, Mark]:
        data = self.cleaned_data
        marks = {}
        for row in self.rows:
            key = row.participant.public_id
            status = data[f"{STATUS_PREFIX}{key}"]
            minutes = data.get(f"{MINUTES_PREFIX}{key}") if status == Attendance.Status.PARTIAL else None
            marks[row.participant.pk] = Mark(status=status, minutes=minutes)
        return marks


class SessionFilterForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.order_by("-year"), required=False, empty_label=_("All cohorts")
    )
