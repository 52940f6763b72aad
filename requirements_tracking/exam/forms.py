from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cpse.bilingual import Written
from requirements_tracking.exam.services import ESSAY_MAX_LENGTH, SHORT_MAX_LENGTH
from requirements_tracking.models import Answer, Question

K = Question.Kind
CHOICE_ERRORS = {"invalid_choice": _("Please choose from the answers shown.")}


def field_name(position: int) -> str:
    return f"answer_{position}"


def _field(answer: Answer) -> forms.Field:
    version = answer.version
    kind = version.question.kind
    label = _("Question %(number)s") % {"number": answer.position + 1}
    choices = [(choice["key"], _choice_label(version.choice_text(choice))) for choice in version.choices]
    if kind == K.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label,
            choices=choices,
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            error_messages={**CHOICE_ERRORS, "invalid_list": _("Please choose from the answers shown.")},
        )
    if kind in (K.SINGLE, K.TRUE_FALSE):
        return forms.ChoiceField(
            label=label,
            choices=choices,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
            error_messages=CHOICE_ERRORS,
        )
    limit = SHORT_MAX_LENGTH if kind == K.SHORT else ESSAY_MAX_LENGTH
    attrs = {"class": "form-control", "aria-describedby": f"id_{field_name(answer.position)}_help"}
    widget = forms.TextInput(attrs=attrs) if kind == K.SHORT else forms.Textarea(attrs={**attrs, "rows": 10})
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        max_length=limit,
        widget=widget,
        error_messages={
            "max_length": _("Please keep this answer to %(limit_value)s characters (it has %(show_value)s).")
        },
    )


def _choice_label(text: Written) -> str:
    """A choice's words in the reader's language; in English on a Spanish page, marked
    so (`lang="en"`) for screen readers (cpse.bilingual)."""
    return format_html("<span{}>{}</span>", text.lang_attr, text) if text.fell_back else str(text)


def initial_value(answer: Answer):
    kind = answer.version.question.kind
    if kind in Question.AUTO_SCORED:
        picked = answer.response.get("choices") or []
        return picked if kind == K.MULTIPLE else (picked[0] if picked else "")
    return answer.response.get("text") or ""


class AnswersForm(forms.Form):
    """The answers shown on one page of an attempt (one question, or all of them)."""

    def __init__(self, data=None, *, answers: list[Answer]):
        super().__init__(data, initial={field_name(a.position): initial_value(a) for a in answers})
        self.answers = answers
        for answer in answers:
            self.fields[field_name(answer.position)] = _field(answer)

    def questions(self):
        """(answer, bound field) for the template, in order."""
        return [(answer, self[field_name(answer.position)]) for answer in self.answers]

    def responses(self) -> dict[int, dict]:
        """Each valid shown position's response in its stored shape (after is_valid())."""
        responses = {}
        for answer in self.answers:
            name = field_name(answer.position)
            if name not in self.cleaned_data:  # refused: shown again with its message
                continue
            value = self.cleaned_data[name]
            if answer.version.question.kind in Question.AUTO_SCORED:
                picked = value if isinstance(value, list) else ([value] if value else [])
                responses[answer.position] = {"choices": picked}
            else:
                responses[answer.position] = {"text": value}
        return responses
