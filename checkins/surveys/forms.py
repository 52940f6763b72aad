"""The survey form, built from the survey's questions (checkins/surveys/questions.py). Every
question may be left blank; the service refuses a form with nothing in it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from checkins.surveys.questions import questions_for
from checkins.surveys.services import COMMENT_MAX_LENGTH

COMMENT = "comment"


class SurveyForm(forms.Form):
    def __init__(self, *args, survey: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions_for(survey)
        for question in self.questions:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=[(str(value), label) for value, label in question.options],
                required=False,
                widget=forms.RadioSelect,
            )
        self.fields[COMMENT] = forms.CharField(
            label=_("Anything else you would like to tell us?"),
            help_text=_("Optional. Please do not write names, places or anything that could show who you are."),
            required=False,
            max_length=COMMENT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    @property
    def question_fields(self):
        return [self[question.key] for question in self.questions]

    def answers(self) -> dict:
        return {question.key: self.cleaned_data.get(question.key, "") for question in self.questions}
