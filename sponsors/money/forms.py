"""Forms for pledges, seats, reductions, invoices and payments. Amounts are typed in
dollars the reader's way (cpse.numbers.MoneyField: "1,750.50" in English, "1.750,50" in
Spanish) and turned into integer cents through Decimal (never a float)."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts.models import Cohort, Participant
from cpse.forms import date_field
from cpse.numbers import MoneyField, WholeNumberField, numbers_in
from sponsors.models import FeeReduction, Payment, SeatRelease, Sponsor, Sponsorship

# Which field a refusal from the services belongs next to (others go at the top).
ERROR_FIELDS = {
    "amount": "amount",
    "over_fee": "amount",
    "overpayment": "amount",
    "participant": "participant",
    "duplicate": "participant",
    "full": "participant",
    "seats": "seats",
    "scope": "scope",
    "method": "method",
    "received_on": "received_on",
    "reason": "reason",
    "kind": "kind",
    "outcome": "outcome",
    "new_participant": "new_participant",
}


def cents(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


class ParticipantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, participant) -> str:
        return f"{participant.user.display_name} ({participant.cohort})"


AMOUNT_EXAMPLE = numbers_in(_("Please enter an amount in dollars, for example %(amount)s."), amount=Decimal("1750.00"))


def money_field(label, *, required=True, help_text="") -> MoneyField:
    return MoneyField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            "required": AMOUNT_EXAMPLE,
            "invalid": AMOUNT_EXAMPLE,
            "max_decimal_places": _("Please use at most two digits for cents."),
            "min_value": _("Please enter an amount above zero."),
        },
    )


def payable_participants():
    qs = Participant.objects.exclude(status=Participant.Status.WITHDRAWN).select_related("user", "cohort")
    return qs.order_by("-cohort__year", "user__display_name")


class SponsorshipForm(forms.Form):
    sponsor = forms.ModelChoiceField(
        label=_("Sponsor"),
        queryset=Sponsor.objects.order_by("name"),
        to_field_name="public_id",
        error_messages={"required": _("Please choose the sponsor.")},
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        queryset=Cohort.objects.order_by("-year"),
        error_messages={"required": _("Please choose the cohort.")},
    )
    scope = forms.ChoiceField(
        label=_("What the pledge covers"),
        choices=Sponsorship.Scope.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose what the pledge covers.")},
    )
    participant = ParticipantChoiceField(
        label=_("Participant (for one named participant)"),
        queryset=Participant.objects.none(),
        to_field_name="public_id",
        required=False,
    )
    seats = WholeNumberField(
        label=_("Number of places (for several places)"), required=False, min_value=1, max_value=200
    )
    amount = money_field(
        _("Amount per participant, in dollars"),
        required=False,
        help_text=_("Leave empty for the cohort's whole fee. Part of the fee is fine (for example half)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = payable_participants()

    def clean(self):
        data = super().clean()
        participant, cohort = data.get("participant"), data.get("cohort")
        if participant and cohort and participant.cohort_id != cohort.pk:
            self.add_error("participant", _("This participant is not in the chosen cohort."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "sponsor": data["sponsor"],
            "cohort": data["cohort"],
            "scope": data["scope"],
            "participant": data.get("participant"),
            "seats": data.get("seats"),
            "amount_per_participant_cents": cents(data.get("amount")),
        }


class SeatAssignForm(forms.Form):
    participant = ParticipantChoiceField(
        label=_("Participant"),
        queryset=Participant.objects.none(),
        to_field_name="public_id",
        error_messages={"required": _("Please choose a participant.")},
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = candidates


class SeatReleaseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happens to the place"),
        choices=SeatRelease.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose to give the place to someone else or to refund it.")},
    )
    new_participant = ParticipantChoiceField(
        label=_("Give the place to"),
        queryset=Participant.objects.none(),
        to_field_name="public_id",
        required=False,
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_participant"].queryset = candidates


class ReductionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=FeeReduction.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose a scholarship or a sliding-scale reduction.")},
    )
    amount = money_field(_("Amount, in dollars"))
    reason = forms.CharField(
        label=_("Reason (kept private, encrypted)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the invoice cancelled?"),
        max_length=200,
        error_messages={"required": _("Please say why the invoice is cancelled.")},
    )


class SponsorInvoiceForm(forms.Form):
    """What staff may add to an invoice to a sponsor, both printed on it."""

    po_number = forms.CharField(
        label=_("The sponsor's purchase order (PO) number (optional)"),
        max_length=50,
        required=False,
        error_messages={"max_length": _("Please keep the PO number to %(limit_value)d characters.")},
    )
    memo = forms.CharField(
        label=_("Note printed on the invoice (optional)"),
        help_text=_("The sponsor reads it. Please do not name a participant here."),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": _("Please keep the note to %(limit_value)d characters.")},
    )


class PaymentForm(forms.Form):
    amount = money_field(_("Amount received, in dollars"))
    method = forms.ChoiceField(
        label=_("Method"),
        choices=Payment.Method.choices,
        error_messages={"required": _("Please choose how the money was paid.")},
    )
    reference = forms.CharField(
        label=_("Reference (check number, transfer or card reference)"), max_length=100, required=False
    )
    received_on = date_field(_("Date received"))

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "amount_cents": cents(data["amount"]),
            "method": data["method"],
            "reference": data["reference"],
            "received_on": data["received_on"],
        }


def payment_change_reason() -> forms.CharField:
    return forms.CharField(
        label=_("Why is the payment changed? (kept for the records, not printed)"),
        max_length=200,
        error_messages={"required": _("Please say why the payment is changed.")},
    )


class PaymentCorrectForm(PaymentForm):
    """The payment as it should have been entered, and why it is corrected."""

    reason = payment_change_reason()


class PaymentReverseForm(forms.Form):
    reason = payment_change_reason()
