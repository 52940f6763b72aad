"""Forms for program staff's cohort pages. The forms read what was typed; the rules
themselves live in cohorts.services (`cohort_problems`, `requirement_set_problems`), and
each refusal is shown next to the field it is about."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from cohorts import selectors, services
from cohorts.models import Cohort, Participant, Requirement, RequirementSet
from cpse.bilingual import spanish_field
from cpse.forms import date_field
from cpse.numbers import QUARTER_HOURS_MESSAGE, DecimalNumberField, MoneyField, WholeNumberField, numbers_in

WHOLE_NUMBER_ERRORS = {"invalid": _("Please enter a whole number, for example 30.")}
# Spare rows for new expectations under each hours requirement (no script needed).
SPARE_EXPECTATION_ROWS = 2


def _plain(amount: Decimal) -> Decimal:
    """10 rather than 10.00 in a field, 2.5 rather than 2.50."""
    return amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()


def _date(label, help_text=""):
    return date_field(label, help_text=help_text)


def _amount(label, *, required=True, help_text=""):
    return DecimalNumberField(
        label=label,
        required=required,
        help_text=help_text,
        max_digits=6,
        decimal_places=2,
        error_messages={
            "invalid": numbers_in(
                _("Please enter a number, for example %(whole)s or %(half)s."), whole=10, half=Decimal("2.5")
            ),
            "max_decimal_places": numbers_in(QUARTER_HOURS_MESSAGE, **services.QUARTER_AMOUNTS),
            "max_digits": _("Please enter a smaller number."),
            "max_whole_digits": _("Please enter a smaller number."),
        },
    )


class CohortForm(forms.Form):
    # Where a refusal from the services goes when the field has another name here.
    ERROR_FIELDS = {"fee_cents": "fee"}

    year = WholeNumberField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("Please enter a year, for example 2027."),
            "min_value": _("Please enter a year from 2000 to 2100."),
            "max_value": _("Please enter a year from 2000 to 2100."),
        },
    )
    requirement_set = forms.ModelChoiceField(
        label=_("Requirement set"),
        queryset=RequirementSet.objects.none(),
        help_text=_("The requirements this cohort's participants work towards."),
        error_messages={"invalid_choice": _("Please choose one of the requirement sets listed.")},
    )
    applications_open = _date(_("Applications open"))
    applications_close = _date(_("Applications close"), _("Before the program starts."))
    program_start = _date(_("Program starts"))
    program_end = _date(_("Program ends"))
    intensive_start = _date(_("In-person intensive starts"), _("Within the program dates."))
    intensive_end = _date(_("In-person intensive ends"))
    graduation_date = _date(_("Graduation"), _("On or after the last day of the program."))
    capacity = WholeNumberField(
        label=_("Places"),
        max_value=1000,
        help_text=_("How many people can take part."),
        error_messages={**WHOLE_NUMBER_ERRORS, "max_value": _("Please enter 1000 places or fewer.")},
    )
    fee = MoneyField(
        label=_("Fee in US dollars"),
        max_digits=8,
        decimal_places=2,
        help_text=numbers_in(
            _("For example %(whole)s or %(cents)s. Enter 0 for no fee."), whole=3500, cents=Decimal("3500.50")
        ),
        error_messages={
            "invalid": _("Please enter an amount in dollars, for example 3500."),
            "max_decimal_places": numbers_in(
                _("Please enter dollars and cents only, for example %(cents)s."), cents=Decimal("3500.50")
            ),
            "max_digits": _("Please enter an amount below one million dollars."),
            "max_whole_digits": _("Please enter an amount below one million dollars."),
        },
    )

    def __init__(self, *args, cohort: Cohort | None = None, **kwargs):
        self.cohort = cohort
        if cohort is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(cohort, name) for name in self.base_fields if name != "fee"},
                    "requirement_set": cohort.requirement_set_id,
                    "fee": cohort.fee,
                },
            )
        super().__init__(*args, **kwargs)
        field = self.fields["requirement_set"]
        field.queryset = selectors.requirement_set_choices(cohort.credential_id if cohort else None)
        if cohort is not None and cohort.participants.exists():
            field.help_text = _("This cohort has participants, so its requirement set stays the same.")

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for name, messages in services.cohort_problems(details=self.details(), cohort=self.cohort).items():
                for message in messages:
                    self.add_error(self.ERROR_FIELDS.get(name, name), message)
        return cleaned

    def details(self) -> services.CohortDetails:
        data = self.cleaned_data
        return services.CohortDetails(
            requirement_set=data["requirement_set"],
            year=data["year"],
            applications_open=data["applications_open"],
            applications_close=data["applications_close"],
            program_start=data["program_start"],
            program_end=data["program_end"],
            intensive_start=data["intensive_start"],
            intensive_end=data["intensive_end"],
            graduation_date=data["graduation_date"],
            capacity=data["capacity"],
            fee_cents=int((data["fee"] * 100).to_integral_value()),
        )

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Refusals the service found after the form's own check (another person's change)."""
        for name, messages in errors.items():
            for message in messages:
                self.add_error(self.ERROR_FIELDS.get(name, name), message)


class RequirementSetCopyForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the new set"),
        max_length=150,
        help_text=_("For example “CPSE requirements 2027”."),
        error_messages={"required": _("Please give the set a name, for example “CPSE requirements 2027”.")},
    )


class RequirementSetForm(forms.Form):
    """A set's name, eligibility rules, amounts and expectations in one form. Each hours
    requirement lists its expectations, then SPARE_EXPECTATION_ROWS empty rows to add
    one; emptying a row removes it."""

    name = forms.CharField(label=_("Name"), max_length=150)
    name_es = spanish_field(_("Name in Spanish"), max_length=150)
    min_years_since_exit = WholeNumberField(
        label=_("Years since leaving the life, at least"), error_messages=WHOLE_NUMBER_ERRORS
    )
    requires_freedom_from_dependency = forms.BooleanField(
        label=_("Asks for freedom from dependency on substances"), required=False
    )
    requires_education = forms.BooleanField(
        label=_("Asks for a GED, high-school diploma or equivalent"), required=False
    )
    requires_recommendation = forms.BooleanField(label=_("Asks for a recommendation from an agency"), required=False)
    requires_interview = forms.BooleanField(label=_("Includes an interview"), required=False)
    appeal_days = WholeNumberField(
        label=_("Days to ask for a review of a decision"), error_messages=WHOLE_NUMBER_ERRORS
    )
    practicum_requires_verified_supervisor = forms.BooleanField(
        label=_("Practicum hours count only once program staff have verified the supervisor"),
        required=False,
        help_text=_("Recommended. Verify a supervisor once, by a phone call or an agreement on file."),
    )
    ethics_required = forms.BooleanField(
        label=_("Participants read and acknowledge the program's code of ethics"),
        required=False,
        help_text=_("Optional. Asked again each time a new version of the code is published."),
    )

    def __init__(self, *args, requirement_set: RequirementSet, **kwargs):
        self.requirement_set = requirement_set
        everything = list(requirement_set.requirements.all())
        # The code of ethics is a tick box, not a group with an amount.
        self.requirements = [r for r in everything if r.kind != Requirement.Kind.ETHICS]
        initial = {
            "name": requirement_set.name,
            "name_es": requirement_set.name_es,
            "ethics_required": len(everything) > len(self.requirements),
        }
        initial |= {name: getattr(requirement_set, name) for name in services.RULE_FIELDS}
        self.rows: dict[int, list[tuple[str, str]]] = {}
        for requirement in self.requirements:
            initial[self._amount_name(requirement)] = _plain(requirement.amount)
            initial[self._evidence_name(requirement)] = requirement.evidence_required
            for index, expectation in enumerate(requirement.expectations.all()):
                initial[self._row_name(requirement, index, "months")] = expectation.months_after_start
                initial[self._row_name(requirement, index, "amount")] = _plain(expectation.amount)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for requirement in self.requirements:
            self._add_requirement_fields(requirement)

    @staticmethod
    def _amount_name(requirement: Requirement) -> str:
        return f"amount_{requirement.pk}"

    @staticmethod
    def _evidence_name(requirement: Requirement) -> str:
        return f"evidence_{requirement.pk}"

    @staticmethod
    def _row_name(requirement: Requirement, index: int, part: str) -> str:
        return f"expectation_{requirement.pk}_{index}_{part}"

    def _add_requirement_fields(self, requirement: Requirement) -> None:
        label = requirement.get_category_display()
        if requirement.kind == Requirement.Kind.HOURS:
            self.fields[self._amount_name(requirement)] = _amount(
                _("%(requirement)s: hours") % {"requirement": label}, help_text=_("In quarter hours.")
            )
        elif requirement.kind == Requirement.Kind.CHECKINS:
            field = _amount(_("%(requirement)s: how many") % {"requirement": label})
            field.widget.attrs.update(inputmode="numeric")
            self.fields[self._amount_name(requirement)] = field
        if requirement.can_ask_for_evidence:
            self.fields[self._evidence_name(requirement)] = forms.BooleanField(
                label=_("%(requirement)s: each entry needs a document") % {"requirement": label},
                required=False,
                help_text=_("Such as a certificate of attendance, a receipt or a photo of a sign-in sheet."),
            )
        if requirement.kind != Requirement.Kind.HOURS:
            return
        rows = []
        for index in range(len(requirement.expectations.all()) + SPARE_EXPECTATION_ROWS):
            number = index + 1
            months = self._row_name(requirement, index, "months")
            amount = self._row_name(requirement, index, "amount")
            self.fields[months] = WholeNumberField(
                label=_("Row %(number)s: months after the start") % {"number": number},
                required=False,
                error_messages=WHOLE_NUMBER_ERRORS,
            )
            self.fields[amount] = _amount(_("Row %(number)s: hours by then") % {"number": number}, required=False)
            rows.append((months, amount))
        self.rows[requirement.pk] = rows

    def groups(self) -> list[dict]:
        """For the template: each requirement with its amount field and expectation rows."""
        return [
            {
                "requirement": requirement,
                "amount": self[self._amount_name(requirement)]
                if self._amount_name(requirement) in self.fields
                else None,
                "rows": [(self[months], self[amount]) for months, amount in self.rows.get(requirement.pk, [])],
                "evidence": self[self._evidence_name(requirement)]
                if self._evidence_name(requirement) in self.fields
                else None,
            }
            for requirement in self.requirements
        ]

    def eligibility_fields(self) -> list:
        return [self[name] for name in services.ELIGIBILITY_FIELDS]

    def clean(self):
        cleaned = super().clean()
        for requirement in self.requirements:
            for months, amount in self.rows.get(requirement.pk, []):
                has_months = cleaned.get(months) is not None or months in self.errors
                has_amount = cleaned.get(amount) is not None or amount in self.errors
                if has_months != has_amount:
                    empty = amount if has_months else months
                    self.add_error(empty, _("Please fill in both, or leave both empty to remove this row."))
        if not self.errors:
            key_to_field = {("name",): "name"} | {(name,): name for name in services.RULE_FIELDS}
            for key, messages in services.requirement_set_problems(
                requirement_set=self.requirement_set, changes=self.changes()
            ).items():
                field = key_to_field.get(key) or self._field_for(key)
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    def _field_for(self, key: tuple) -> str | None:
        if key[0] == "amount":
            # The code of ethics has no amount field: its problem goes at the top.
            return f"amount_{key[1]}" if f"amount_{key[1]}" in self.fields else None
        if key[0] == "expectation":
            _kind, requirement_id, index, part = key
            months, amount = self.rows[requirement_id][self._row_of[(requirement_id, index)]]
            return months if part == "months_after_start" else amount
        return None

    def changes(self) -> services.RequirementSetChanges:
        data = self.cleaned_data
        amounts: dict[int, Decimal] = {}
        evidence_required: dict[int, bool] = {}
        expectations: dict[int, list[services.ExpectationRow]] = {}
        # Which form row each expectation passed to the service came from.
        self._row_of: dict[tuple[int, int], int] = {}
        for requirement in self.requirements:
            if self._amount_name(requirement) in self.fields:
                amounts[requirement.pk] = data[self._amount_name(requirement)]
            if self._evidence_name(requirement) in self.fields:
                evidence_required[requirement.pk] = data[self._evidence_name(requirement)]
            filled = []
            for index, (months, amount) in enumerate(self.rows.get(requirement.pk, [])):
                if data.get(months) is not None and data.get(amount) is not None:
                    self._row_of[(requirement.pk, len(filled))] = index
                    filled.append(services.ExpectationRow(months_after_start=data[months], amount=data[amount]))
            if requirement.kind == Requirement.Kind.HOURS:
                expectations[requirement.pk] = filled
        return services.RequirementSetChanges(
            name=data["name"],
            name_es=data["name_es"],
            eligibility={name: data[name] for name in services.RULE_FIELDS},
            amounts=amounts,
            expectations=expectations,
            ethics_required=data["ethics_required"],
            evidence_required=evidence_required,
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=services.REASON_MAX_LENGTH,
        help_text=_("Kept private: only program staff can read it."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TransferForm(ReasonForm):
    cohort = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=Cohort.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Please choose a cohort."),
            "invalid_choice": _("Please choose one of the cohorts listed."),
        },
    )

    field_order = ["cohort", "reason"]

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = selectors.transfer_cohorts(participant)
