from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cohorts.pauses.services import PLAN_MAX_LENGTH
from cpse.forms import date_field
from requirements_tracking.models import ReadinessAssessment
from requirements_tracking.readiness.questions import NOTE_MAX_LENGTH, QUESTIONS
from requirements_tracking.readiness.services import NOTES_MAX_LENGTH

# Which field a refusal from the pause services belongs next to (others at the top).
PAUSE_ERROR_FIELDS = {
    "plan_missing": "plan",
    "plan_too_long": "plan",
    "return_missing": "return_on",
    "return_in_past": "return_on",
    "return_too_far": "return_on",
}
SEND = "send"


class SelfAssessmentForm(forms.Form):
    """One choice and a few optional words per question. Saving keeps any answers; sending
    asks for an answer to every question ("I would prefer not to say" is one)."""

    def __init__(self, *args, sending: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sending = sending
        for question in QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=question.choices,
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields[f"{question.key}_note"] = forms.CharField(
                label=_("In your own words (optional)"),
                max_length=NOTE_MAX_LENGTH,
                required=False,
                # The label repeats under every question; its accessible name says which.
                widget=forms.Textarea(
                    attrs={"rows": 2, "aria-label": format_lazy("{} ({})", question.text, _("in your own words"))}
                ),
            )

    @staticmethod
    def initial_from(assessment: ReadinessAssessment | None) -> dict:
        if assessment is None:
            return {}
        initial = {}
        for key, answer in assessment.self_answers.items():
            initial[key] = answer.get("choice", "")
            initial[f"{key}_note"] = answer.get("note", "")
        return initial

    def clean(self):
        data = super().clean()
        if self.sending:
            for question in QUESTIONS:
                if not data.get(question.key) and question.key not in self.errors:
                    self.add_error(
                        question.key,
                        _("Please choose an answer (you can choose “I would prefer not to say”)."),
                    )
        return data

    def answers(self) -> dict:
        return {
            question.key: {
                "choice": self.cleaned_data.get(question.key) or "",
                "note": self.cleaned_data.get(f"{question.key}_note") or "",
            }
            for question in QUESTIONS
        }


class JudgementForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ReadinessAssessment.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose an outcome.")},
    )
    notes = forms.CharField(
        label=_("Notes: the reasons, and the support agreed"),
        help_text=_(
            "The person and program staff can read these notes. Write them as you would say them to the person."
        ),
        max_length=NOTES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, offer_new_round: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if offer_new_round:
            self.fields["new_round"] = forms.BooleanField(
                label=_("This is a new assessment (keep the earlier one as it is)"), required=False
            )

    @staticmethod
    def initial_from(assessment: ReadinessAssessment | None) -> dict:
        if assessment is None or not assessment.outcome:
            return {}
        return {"outcome": assessment.outcome, "notes": assessment.staff_notes}


def _return_on(label):
    return date_field(
        label,
        help_text=_("The day the program starts again for the participant. You can change it or end the pause early."),
        required_message=_("Please give a return date."),
    )


class PauseForm(forms.Form):
    plan = forms.CharField(
        label=_("The plan agreed with the participant"),
        help_text=_(
            "What they will work on, and the support agreed. The participant sees this plan; sponsors never do."
        ),
        max_length=PLAN_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Please write the plan agreed with the participant.")},
    )
    return_on = _return_on(_("Return date"))
    confirm = forms.BooleanField(
        label=_("I have talked this through with the participant"),
        error_messages={"required": _("Please confirm that the participant knows about the pause.")},
    )


class ExtendForm(forms.Form):
    return_on = _return_on(_("New return date"))


class EndPauseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("End the pause today: the participant is back in the program"),
        error_messages={"required": _("Please tick the box to end the pause.")},
    )
