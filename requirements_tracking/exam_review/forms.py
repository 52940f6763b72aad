from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cpse.forms import date_field
from cpse.numbers import plain_number
from requirements_tracking.exam_review import selectors
from requirements_tracking.exam_review.services import (
    COMMENT_MAX_LENGTH,
    PLAN_MAX_LENGTH,
    REASON_MAX_LENGTH,
    STEP,
    ExamReviewError,
    checked_points,
)
from requirements_tracking.models import AnswerScore, ExamAppeal

# Which field a refusal from the services belongs next to (others go at the top).
EXAM_REVIEW_ERROR_FIELDS = {
    "bad_points": "points",
    "comment_too_long": "comment",
    "reason_required": "reason",
    "reason_too_long": "reason",
    "nothing_to_replace": "replaces",
    "same_scorer": "replaces",
    "plan_required": "plan",
    "plan_too_long": "plan",
    "date_in_past": "review_by",
    "outcome_required": "outcome",
    "bad_status": "status",
}


class ExamFilterForm(forms.Form):
    exam = forms.ModelChoiceField(
        label=_("Exam"), queryset=selectors.exams_for_filter(), required=False, empty_label=_("All exams")
    )

    def chosen_exam(self):
        return self.cleaned_data.get("exam") if self.is_valid() else None


class ScoreForm(forms.Form):
    # Text, so that anything typed comes back with a clear message (never a 500).
    points = forms.CharField(
        label=_("Points"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": _("Please enter the points.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For staff. Kept encrypted."),
    )

    def __init__(self, *args, most: Decimal, **kwargs):
        super().__init__(*args, **kwargs)
        self.most = most
        self.fields["points"].help_text = _("From 0 to %(most)s, in steps of %(step)s.") % {
            "most": plain_number(most),
            "step": plain_number(STEP),
        }

    def clean_points(self):
        try:
            return checked_points(self.cleaned_data["points"], most=self.most)
        except ExamReviewError as error:
            raise forms.ValidationError(str(error), code=error.code) from None


class RescoreForm(ScoreForm):
    reason = forms.CharField(
        label=_("Reason for the new score"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept on record with the score (for example: the appeal of 3 May)."),
        error_messages={"required": _("Please give the reason for the new score.")},
    )
    replaces = forms.TypedChoiceField(
        label=_("Score it replaces"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose which score the new one replaces."),
            "invalid_choice": _("Please choose which score the new one replaces."),
        },
    )

    def __init__(self, *args, current: list[AnswerScore], user, **kwargs):
        own = next((score for score in current if score.scorer_id == user.pk), None)
        kwargs.setdefault("initial", {})
        if own is not None:
            kwargs["initial"]["replaces"] = own.pk
        super().__init__(*args, **kwargs)
        self.current = current
        self.fields["replaces"].choices = [
            (
                score.pk,
                _("%(points)s points by %(name)s on %(date)s")
                % {
                    "points": plain_number(score.points),
                    "name": score.scorer or _("a former staff member"),
                    "date": date_format(timezone.localtime(score.created_at)),
                },
            )
            for score in current
        ]
        # Fields first: the reason is the point of this form.
        self.order_fields(["replaces", "points", "reason", "comment"])

    def chosen_score(self) -> AnswerScore | None:
        return next((score for score in self.current if score.pk == self.cleaned_data["replaces"]), None)


class RemediationForm(forms.Form):
    plan = forms.CharField(
        label=_("What to review"),
        max_length=PLAN_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The participant reads this on their exam page."),
        error_messages={"required": _("Please write what to review.")},
    )
    review_by = date_field(_("Review by"), required_message=_("Please enter a date."))


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why would you like your result reviewed?"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Up to 4,000 characters. Only program staff read this."),
        error_messages={
            "required": _("Please tell us briefly why you would like a review."),
            "max_length": _("Please keep your reason to 4,000 characters at most."),
        },
    )


class AppealDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(s.value, s.label) for s in ExamAppeal.Status if s != ExamAppeal.Status.OPEN],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose whether the appeal is upheld."),
            "invalid_choice": _("Please choose whether the appeal is upheld."),
        },
    )
    outcome = forms.CharField(
        label=_("Outcome (the participant reads this)"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Please write the outcome the participant will read.")},
    )
    review_notes = forms.CharField(
        label=_("Review notes (staff only)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
