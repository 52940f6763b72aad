"""Forms of the program staff pages for applications (applications.staff.views).

Forms validate what a person typed; the rules about applications live in
applications.services, which the views call with the cleaned values."""

from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications import selectors
from applications.models import US_STATES, Appeal, Application, DecisionTemplate, InterviewSlot
from applications.services import (
    CANCEL_REASON_MAX_LENGTH,
    DECISIONS,
    MAX_INTERVIEW_MINUTES,
    MIN_INTERVIEW_MINUTES,
)
from cohorts.models import Cohort
from cpse.dates import moment_with_zone
from cpse.forms import date_field, time_field
from cpse.numbers import WholeNumberField

NOTE_MAX_LENGTH = 5000
SCORE_CHOICES = [(value, str(value)) for value in range(1, 6)]


class CohortChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Cohort.objects.order_by("-year"), **kwargs)


class QueueFilterForm(forms.Form):
    """The queue's filters (GET). An empty value means "all"."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All sent applications")), *Application.Status.choices],
    )
    cohort = CohortChoiceField(label=_("Cohort"), required=False, empty_label=_("All cohorts"))
    state = forms.ChoiceField(label=_("Home state"), required=False, choices=[("", _("All states")), *US_STATES])

    def filters(self) -> dict:
        """The filters that are valid (an invalid one is shown as an error and left out)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("status") or "",
            "cohort": data.get("cohort"),
            "state": data.get("state") or "",
        }


class InterviewCohortForm(forms.Form):
    """Which interview times to list (GET)."""

    cohort = CohortChoiceField(label=_("Cohort"), required=False, empty_label=None)
    past = forms.BooleanField(label=_("Show earlier times instead"), required=False)
    # Set by the staff dashboard's link: interviews waiting for scores.
    to_score = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        # Its own ids: the page also shows the form that adds a time, with a cohort field.
        super().__init__(*args, auto_id="show_%s", **kwargs)


class InterviewPanelForm(forms.Form):
    interviewers = forms.ModelMultipleChoiceField(
        label=_("Interviewers"),
        queryset=selectors.interview_panel_candidates(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only the people chosen here can score this interview and see what interviewers see."),
        error_messages={"required": _("Please choose at least one interviewer.")},
    )


def _interview_length_field(label) -> WholeNumberField:
    return WholeNumberField(
        label=label,
        initial=45,
        min_value=MIN_INTERVIEW_MINUTES,
        max_value=MAX_INTERVIEW_MINUTES,
        error_messages={
            "required": _("Please say how long the interview takes."),
            "min_value": _("An interview takes at least %(limit_value)s minutes."),
            "max_value": _("An interview takes at most %(limit_value)s minutes."),
        },
    )


def _interview_place_field() -> forms.CharField:
    return forms.CharField(
        label=_("Place or video link"),
        max_length=InterviewSlot._meta.get_field("location").max_length,
        help_text=_("Only the person who books this time and the program team see it."),
        error_messages={"required": _("Please give a place or a video link.")},
    )


def _in_program_zone() -> str:
    return _("In the program's time zone (%(zone)s).") % {"zone": timezone.get_current_timezone_name()}


class InterviewSlotForm(forms.Form):
    cohort = CohortChoiceField(label=_("Cohort"), empty_label=None)
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": _("Please give the date and time of the interview."),
            "invalid": _("Please give a date and time, for example 2027-02-03 14:30."),
        },
    )
    duration_minutes = _interview_length_field(_("Length in minutes"))
    location = _interview_place_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].help_text = _in_program_zone()

    @classmethod
    def initial_from(cls, slot: InterviewSlot) -> dict:
        return {
            "starts_at": timezone.localtime(slot.starts_at),
            "duration_minutes": slot.duration_minutes,
            "location": slot.location,
        }


class InterviewSlotChangeForm(InterviewSlotForm):
    """A time stays in its cohort: only when, how long and where change. A booked time
    changes only once staff tick that the applicant is told (`booked=True`)."""

    cohort = None
    applicant_told = forms.BooleanField(
        label=_(
            "Tell the applicant. Their interview moves to the new time, and they can choose another if it does not suit them."
        ),
        required=False,
        error_messages={
            "required": _("Please tick the box: the applicant who booked this time is told of the change.")
        },
    )

    def __init__(self, *args, booked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if booked:
            self.fields["applicant_told"].required = True
        else:
            del self.fields["applicant_told"]


class BookedSlotDeleteForm(forms.Form):
    applicant_told = forms.BooleanField(
        label=_("Cancel this booking and tell the applicant. They can then choose another time."),
        error_messages={"required": _("Please tick the box: the applicant who booked this time is told.")},
    )


class InterviewMoveForm(forms.Form):
    """Program staff move a booked interview to another open time, for the applicant."""

    prefix = "move"

    slot = forms.ModelChoiceField(
        label=_("New time"),
        queryset=InterviewSlot.objects.none(),
        to_field_name="public_id",
        empty_label=None,
        error_messages={
            "required": _("Please choose the new time."),
            "invalid_choice": _("This time is no longer open. Please choose another."),
        },
    )

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda slot: moment_with_zone(slot.starts_at)


class InterviewCancelStaffForm(forms.Form):
    """Cancelling a booked time for the applicant; the reason stays with program staff."""

    prefix = "cancel"

    reason = forms.CharField(
        label=_("Reason (optional)"),
        help_text=_("Only program staff read this. The applicant is told only that there is news."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=CANCEL_REASON_MAX_LENGTH,
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("The person asked us to cancel this time, or agreed to it."),
        error_messages={"required": _("Please tick the box to confirm that the person asked for this.")},
    )


class InterviewMissedForm(forms.Form):
    prefix = "missed"

    confirm = forms.BooleanField(
        label=_("The person did not come to the interview."),
        error_messages={"required": _("Please tick the box to confirm that the person did not come.")},
    )


class InterviewSeriesForm(forms.Form):
    """Several interview times on one day: from a time until another, each of one length,
    with a gap between (for example 9:00 to 12:00, 45 minutes each, 15 minutes between)."""

    cohort = CohortChoiceField(label=_("Cohort"), empty_label=None)
    day = date_field(_("Day"), required_message=_("Please give the day of the interviews."))
    first = time_field(_("First interview starts at"), required_message=_("Please give the time of the first start."))
    until = time_field(
        _("Last interview ends by"),
        help_text=_("No interview goes past this time."),
        required_message=_("Please give the time the last interview ends by."),
    )
    duration_minutes = _interview_length_field(_("Length of each interview, in minutes"))
    gap_minutes = WholeNumberField(
        label=_("Minutes between interviews"),
        initial=15,
        min_value=0,
        max_value=MAX_INTERVIEW_MINUTES,
        help_text=_("0 for one straight after the other."),
        error_messages={
            "required": _("Please say how many minutes go between interviews (0 for none)."),
            "min_value": _("Please give a gap between 0 and 240 minutes."),
            "max_value": _("Please give a gap between 0 and 240 minutes."),
        },
    )
    location = _interview_place_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first"].help_text = _in_program_zone()

    def clean(self):
        data = super().clean()
        if data.get("first") and data.get("until") and data["until"] <= data["first"]:
            self.add_error("until", _("Please choose an end after the first start."))
        return data

    def service_arguments(self) -> dict:
        names = ("cohort", "day", "first", "until", "duration_minutes", "gap_minutes", "location")
        return {name: self.cleaned_data[name] for name in names}


class StaffNoteForm(forms.Form):
    prefix = "note"

    text = forms.CharField(
        label=_("New note"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only program staff can read notes. The applicant never sees them."),
        error_messages={"required": _("Please write the note before saving it.")},
    )


class WithdrawForm(forms.Form):
    prefix = "withdraw"

    confirm = forms.BooleanField(
        label=_("The person asked us to withdraw their application, or agreed to it."),
        error_messages={"required": _("Please tick the box to confirm that the person asked for this.")},
    )


class RecommendationContactForm(forms.Form):
    prefix = "recommendation"

    agency_name = forms.CharField(
        label=_("Agency"), max_length=150, error_messages={"required": _("Please give the agency's name.")}
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=120, error_messages={"required": _("Please give the contact's name.")}
    )
    contact_email = forms.EmailField(
        label=_("Contact email"),
        error_messages={
            "required": _("Please give the contact's email address."),
            "invalid": _("Please check the email address."),
        },
    )


class DecisionForm(forms.Form):
    prefix = "decision"

    decision = forms.ChoiceField(
        choices=[(value, Application.Status(value).label) for value in DECISIONS], widget=forms.HiddenInput
    )
    message = forms.CharField(
        label=_("Message the person will read"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_(
            "The person receives an email saying there is news, and reads this message when they sign in. "
            "If you leave it empty, the standard message in their language is used."
        ),
    )


class AppealDecisionForm(forms.Form):
    prefix = "appeal"

    outcome = forms.ChoiceField(
        label=_("Outcome of the review"),
        choices=[
            (Appeal.Outcome.UPHELD, Appeal.Outcome.UPHELD.label),
            (Appeal.Outcome.RECONSIDERED, Appeal.Outcome.RECONSIDERED.label),
        ],
        widget=forms.RadioSelect,
        help_text=_("Reconsidering a declined application puts it back to “Being reviewed”."),
        error_messages={"required": _("Please choose an outcome.")},
    )
    note = forms.CharField(
        label=_("Note about the outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX_LENGTH,
        error_messages={"required": _("Please write a short note about the outcome.")},
    )


class RubricForm(forms.Form):
    """One score from 1 to 5 per rubric criterion in use, and comments."""

    comments = forms.CharField(
        label=_("Comments"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Only program staff and interviewers can read these."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = {
            self.field_name(criterion): forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.description,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Please choose a score from 1 to 5."),
                    "invalid_choice": _("Please choose a score from 1 to 5."),
                },
            )
            for criterion in self.criteria
        }
        self.fields = {**scores, **self.fields}
        # The five choices side by side, as a scale (the template adds the <form> tag).
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(InlineRadios(name) for name in scores), "comments")

    @staticmethod
    def field_name(criterion) -> str:
        return f"criterion_{criterion.pk}"

    @classmethod
    def initial_from(cls, score) -> dict:
        """What an interviewer gave before, to show it again."""
        if score is None:
            return {}
        return {
            **{f"criterion_{criterion_id}": value for criterion_id, value in score.scores.items()},
            "comments": score.comments,
        }

    def scores(self) -> dict[int, int]:
        return {criterion.pk: self.cleaned_data[self.field_name(criterion)] for criterion in self.criteria}


class DecisionTemplateForm(forms.ModelForm):
    class Meta:
        model = DecisionTemplate
        fields = ["body"]
        labels = {"body": _("Message")}
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}
        error_messages = {"body": {"required": _("A message cannot be empty.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each message is labelled by what it is for: "Accepted (Spanish)".
        self.fields["body"].label = _("%(kind)s (%(language)s)") % {
            "kind": self.instance.get_kind_display(),
            "language": self.instance.get_language_display(),
        }
        self.fields["body"].widget.attrs["lang"] = self.instance.language


# Only the existing messages are edited: no new rows, none deleted.
DecisionTemplateFormSet = forms.modelformset_factory(
    DecisionTemplate, form=DecisionTemplateForm, extra=0, edit_only=True
)
