from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cpse.forms import date_field
from cpse.numbers import MoneyField, WholeNumberField, numbers_in
from mentorship.models import Mentor, MentorMeeting
from mentorship.selectors import pairable_participants
from mentorship.services import MEETING_MINUTES

# Which field a refusal from the services belongs next to (others at the top).
ERROR_FIELDS = {
    "future": "met_on",
    "before_pairing": "met_on",
    "minutes": "minutes",
    "topic": "topic",
    "bad_rate": "hourly_rate",
    "already_mentor": "email",
    "inactive_account": "email",
    "not_pairable": "participant",
    "mentor_inactive": "mentor",
    "self": "mentor",
    "already_paired": "mentor",
    "has_mentees": "active",
}


RATE_EXAMPLE = Decimal("25.00")


class RateField(MoneyField):
    """An hourly rate typed in dollars the reader's way (25.50, or 25,50 in Spanish), kept
    as whole cents."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Hourly rate (dollars)"),
            min_value=Decimal(0),
            max_value=Decimal(1000),
            decimal_places=2,
            error_messages={
                "invalid": numbers_in(_("Please enter an amount, for example %(amount)s."), amount=RATE_EXAMPLE)
            },
            **kwargs,
        )

    def clean(self, value):
        amount = super().clean(value)
        return int(amount * 100)


class MentorAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_(
            "If the person has an account (for example a certified graduate), they become a mentor now. "
            "If not, they get a one-time link to create one."
        ),
        error_messages={"invalid": _("Please enter an email address, for example name@example.org.")},
    )
    background = forms.ChoiceField(label=_("Background"), choices=Mentor.Background.choices, widget=forms.RadioSelect)
    hourly_rate = RateField()


class MentorEditForm(forms.Form):
    background = forms.ChoiceField(label=_("Background"), choices=Mentor.Background.choices, widget=forms.RadioSelect)
    hourly_rate = RateField()
    active = forms.BooleanField(label=_("Active mentor"), required=False)


class PairForm(forms.Form):
    participant = forms.ModelChoiceField(
        label=_("Participant"),
        queryset=pairable_participants(),
        to_field_name="public_id",
        error_messages={
            "required": _("Please choose a participant."),
            "invalid_choice": _("Please choose a participant."),
        },
    )
    mentor = forms.ModelChoiceField(
        label=_("Mentor"),
        queryset=Mentor.objects.filter(active=True).select_related("user").order_by("user__display_name"),
        to_field_name="public_id",
        error_messages={"required": _("Please choose a mentor."), "invalid_choice": _("Please choose a mentor.")},
    )
    confirm = forms.BooleanField(
        label=_("Yes, end the participant's current pairing and start this one"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].label_from_instance = lambda p: f"{p.user.display_name} ({p.cohort.year})"
        self.fields["mentor"].label_from_instance = lambda m: m.user.display_name


class ShareForm(forms.Form):
    shares_progress = forms.BooleanField(
        label=_("My progress"),
        help_text=_("How far along you are with each requirement, in percentages. Not your reflections or notes."),
        required=False,
    )
    shares_placement = forms.BooleanField(
        label=_("Where I work"),
        help_text=_("The agency and your role at your current placement. Not your check-ins."),
        required=False,
    )
    shares_contact = forms.BooleanField(
        label=_("How to reach me"),
        help_text=_(
            "Your email address or phone number, only as your answer to “How is it safe to contact you?” allows, "
            "so your mentor can contact you between meetings."
        ),
        required=False,
    )


class MeetingForm(forms.Form):
    met_on = date_field(_("Date"), required_message=_("Please enter the day you met."))
    minutes = WholeNumberField(
        label=_("Length in minutes"),
        min_value=MEETING_MINUTES[0],
        max_value=MEETING_MINUTES[1],
        error_messages={
            "required": _("Please enter how long you met, in minutes."),
            "invalid": _("Please enter a whole number of minutes, for example 45."),
        },
    )
    topic = forms.ChoiceField(
        label=_("General topic"),
        choices=MentorMeeting.Topic.choices,
        help_text=_("Just the general topic: please do not write what was said."),
        error_messages={"required": _("Please choose a topic.")},
    )

    @classmethod
    def initial_from(cls, meeting: MentorMeeting) -> dict:
        return {"met_on": meeting.met_on, "minutes": meeting.minutes, "topic": meeting.topic}


class PaymentForm(forms.Form):
    expected_minutes = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reference = forms.CharField(
        label=_("Payment reference (optional)"),
        help_text=_("For example the cheque or transfer number."),
        max_length=100,
        required=False,
    )
    paid_on = date_field(_("Paid on"), required_message=_("Please enter the day of the payment."))


class VolunteerForm(forms.Form):
    message = forms.CharField(
        label=_("Anything you would like us to know (optional)"),
        help_text=_("Only the program team reads this."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AcceptOfferForm(forms.Form):
    hourly_rate = RateField()
