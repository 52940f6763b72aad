from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort
from cohorts.selectors import cohort_choices
from cpse.forms import date_field
from requirements_tracking.competency.services import EVIDENCE_MAX_LENGTH
from requirements_tracking.models import Competency, CompetencyAssessment

# Which field a refusal from the service belongs next to (others go at the top; a
# refusal about one competency goes next to its row).
ASSESSMENT_ERROR_FIELDS = {
    "bad_setting": "setting",
    "future_date": "observed_on",
    "outside_program": "observed_on",
    "outside_intensive": "observed_on",
}

RESULT_PREFIX = "result_"
EVIDENCE_PREFIX = "evidence_"
NOT_OBSERVED = ""
RESULT_CHOICES = [
    (CompetencyAssessment.Result.MET.value, CompetencyAssessment.Result.MET.label),
    (CompetencyAssessment.Result.NOT_YET.value, CompetencyAssessment.Result.NOT_YET.label),
    (NOT_OBSERVED, _("Not observed this time")),
]


class CohortChoiceForm(forms.Form):
    """Which cohort the overview shows (GET; a bad value falls back to the default)."""

    cohort = forms.TypedChoiceField(label=_("Cohort"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = cohort_choices()

    def chosen(self, default: Cohort | None) -> Cohort | None:
        if not self.is_valid() or not self.cleaned_data["cohort"]:
            return default
        return Cohort.objects.filter(pk=self.cleaned_data["cohort"]).first() or default


class ChecklistForm(forms.Form):
    """Where and when the assessor observed, then one row per active competency: met, not
    yet or not observed this time, with evidence notes for a result."""

    setting = forms.ChoiceField(
        label=_("Where you observed"),
        choices=CompetencyAssessment.Setting.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": _("Please choose where you observed: the intensive or the practicum."),
            "invalid_choice": _("Please choose where you observed: the intensive or the practicum."),
        },
    )
    observed_on = date_field(
        _("Date observed"),
        required_message=_("Please enter the date you observed."),
        attrs={"class": "form-control"},
    )

    def __init__(self, *args, competencies: list[Competency], **kwargs):
        self.competencies = competencies
        super().__init__(*args, **kwargs)
        for competency in competencies:
            self.fields[f"{RESULT_PREFIX}{competency.pk}"] = forms.ChoiceField(
                label=competency.name,
                choices=RESULT_CHOICES,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"invalid_choice": _("Please choose met, not yet or not observed this time.")},
            )
            self.fields[f"{EVIDENCE_PREFIX}{competency.pk}"] = forms.CharField(
                label=_("Evidence notes: %(name)s") % {"name": competency.name},
                required=False,
                max_length=EVIDENCE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3, "class": "form-control", "maxlength": EVIDENCE_MAX_LENGTH}),
                error_messages={
                    "max_length": _(
                        "Please keep these notes to %(limit_value)s characters at most (now %(show_value)s)."
                    )
                },
            )
            # Nothing chosen yet reads as "not observed this time".
            self.initial.setdefault(f"{RESULT_PREFIX}{competency.pk}", NOT_OBSERVED)
        self.initial.setdefault("observed_on", timezone.localdate())

    def rows(self):
        """(competency, result field, evidence field) for the template, in order."""
        for competency in self.competencies:
            yield competency, self[f"{RESULT_PREFIX}{competency.pk}"], self[f"{EVIDENCE_PREFIX}{competency.pk}"]

    def field_for(self, competency_id: int | None) -> str | None:
        name = f"{RESULT_PREFIX}{competency_id}"
        return name if name in self.fields else None

    def strangers(self) -> bool:
        """The submission names a competency that is not on the checklist (made up, or retired since)."""
        return any(name.startswith((RESULT_PREFIX, EVIDENCE_PREFIX)) and name not in self.fields for name in self.data)

    def clean(self):
        data = super().clean()
        if self.strangers():
            raise forms.ValidationError(
                _("The checklist names a competency that is not assessed now. Please open it again."),
                code="unknown_competency",
            )
        answered = 0
        for competency in self.competencies:
            result_name, evidence_name = f"{RESULT_PREFIX}{competency.pk}", f"{EVIDENCE_PREFIX}{competency.pk}"
            if result_name in self.errors or evidence_name in self.errors:
                continue
            result, evidence = data.get(result_name) or NOT_OBSERVED, (data.get(evidence_name) or "").strip()
            if result != NOT_OBSERVED:
                answered += 1
                if not evidence:
                    self.add_error(
                        evidence_name, _("Please write what you observed: it is the evidence for this result.")
                    )
            elif evidence:
                self.add_error(
                    result_name, _("Please choose met or not yet for these notes, or clear the notes to skip it.")
                )
        observed_on = data.get("observed_on")
        if observed_on and observed_on > timezone.localdate():
            self.add_error("observed_on", _("The date of an observation cannot be in the future."))
        if not answered and not self.errors:
            raise forms.ValidationError(
                _("Please give a result for at least one competency, with your evidence notes."),
                code="nothing_answered",
            )
        return data

    def results(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        results = {}
        for competency in self.competencies:
            result = data.get(f"{RESULT_PREFIX}{competency.pk}") or NOT_OBSERVED
            if result != NOT_OBSERVED:
                results[competency.pk] = (result, data.get(f"{EVIDENCE_PREFIX}{competency.pk}") or "")
        return results
