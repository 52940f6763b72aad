"""Forms for the check-in (short, phone-friendly), the staff board's filters, concern
notes and the keyword list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from checkins.board.selectors import FILTER_CONCERN
from checkins.models import CheckIn
from checkins.monthly.services import ANSWER_MAX_LENGTH, KEYWORD_MAX_LENGTH, NOTE_MAX_LENGTH
from checkins.schedule import CheckInStatus
from cohorts.models import Cohort

YES, NO = "yes", "no"
# The safe-contact preference on the person's profile, as a way to contact them now.
CONTACT_WAY_FROM_PROFILE = {
    User.SafeContact.EMAIL: CheckIn.ContactWay.EMAIL,
    User.SafeContact.PHONE: CheckIn.ContactWay.PHONE,
    User.SafeContact.TEXT: CheckIn.ContactWay.TEXT,
}


def _text(label, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CheckInForm(forms.Form):
    """Every answer is optional while saving; sending needs wellbeing, and a way to reach
    the person if they asked to be contacted (the service says so, next to the field)."""

    work_going = _text(_("How is work going?"), _("A few words are enough."))
    wellbeing = forms.ChoiceField(
        label=_("How are you doing, overall?"),
        choices=CheckIn.Wellbeing.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    boundaries = _text(
        _("Boundaries and self-care this month"),
        _("How are you keeping healthy limits at work, and caring for yourself?"),
    )
    supervision = forms.ChoiceField(
        label=_("Did you receive supervision this month?"),
        choices=CheckIn.Supervision.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    support_wanted = _text(_("Is there any support you would like?"))
    wants_contact = forms.ChoiceField(
        label=_("Would you like someone from the program to contact you?"),
        choices=[(YES, _("Yes, please")), (NO, _("No, thank you"))],
        required=False,
        widget=forms.RadioSelect,
    )
    contact_way = forms.ChoiceField(
        label=_("How is it safe to contact you?"),
        choices=CheckIn.ContactWay.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    contact_note = _text(
        _("Anything about contacting you safely"), _("For example, times to avoid. Only program staff read this.")
    )

    @staticmethod
    def initial_from(checkin: CheckIn, user) -> dict:
        """What was saved; before anything was, the way to reach them from their profile."""
        initial = {
            "work_going": checkin.work_going,
            "wellbeing": checkin.wellbeing,
            "boundaries": checkin.boundaries,
            "supervision": checkin.supervision,
            "support_wanted": checkin.support_wanted,
            "wants_contact": (YES if checkin.wants_contact else NO) if checkin.started_at else "",
            "contact_way": checkin.contact_way,
            "contact_note": checkin.contact_note,
        }
        if not checkin.started_at:
            initial["contact_way"] = CONTACT_WAY_FROM_PROFILE.get(user.safe_contact, "")
            initial["contact_note"] = user.safe_contact_note
        return initial

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        data["wants_contact"] = data.get("wants_contact") == YES
        return data


class BoardFilterForm(forms.Form):
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.order_by("-year"), required=False, empty_label=_("All cohorts")
    )
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Everyone")),
            (FILTER_CONCERN, _("Open concerns")),
            (CheckInStatus.MISSED, _("Missed check-ins")),
            (CheckInStatus.DUE, _("This month's check-in due")),
            (CheckInStatus.DONE, _("This month's check-in done")),
            (CheckInStatus.UPCOMING, _("First check-in coming up")),
            (CheckInStatus.PAUSED, _("Placement year paused")),
        ],
    )

    def chosen(self) -> tuple[Cohort | None, str]:
        if not self.is_valid():
            return None, ""
        return self.cleaned_data.get("cohort"), self.cleaned_data.get("status") or ""


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: a call, a message, a referral. Only program staff read this."),
    )


class KeywordForm(forms.Form):
    phrase = forms.CharField(
        label=_("Word or phrase"),
        max_length=KEYWORD_MAX_LENGTH,
        help_text=_("Found in a check-in's answers as whole words, ignoring capitals and accents."),
    )
