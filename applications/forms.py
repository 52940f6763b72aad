from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.dates import MONTHS as CALENDAR_MONTHS
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from applications.confirmers.rules import own_address_refusal
from applications.models import US_STATES, Application, InterestSignup
from applications.services import CANCEL_REASON_MAX_LENGTH
from cohorts.models import Participant
from cpse.numbers import WholeNumberField
from cpse.uploads import validate_document

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
MONTHS = [("", _("I would rather not say")), *((str(number), name) for number, name in CALENDAR_MONTHS.items())]


class InterestForm(forms.ModelForm):
    # A field people never see (it is hidden and skipped by the keyboard): automated
    # senders fill it in, and their submissions are quietly dropped.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = InterestSignup
        fields = ["display_name", "email", "phone", "safe_contact", "safe_contact_note", "state", "note"]
        widgets = {
            "safe_contact": forms.RadioSelect,
            "safe_contact_note": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "display_name": _("Any name you like. It does not need to be your legal name."),
            "email": _("We email you only if you choose email below. Leave empty if email is not safe for you."),
            "phone": _("Only if a phone call or text is safe."),
            "safe_contact_note": _("For example, times to avoid. Only the program team reads this."),
            "note": _("Optional. Please do not share details of your story here."),
        }
        error_messages = {"display_name": {"required": _("Please tell us what to call you.")}}

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(_("Please give an email address or a phone number, so we can reach you."))
        way = data.get("safe_contact")
        if way == User.SafeContact.EMAIL and not data.get("email"):
            self.add_error(
                "email", _("You chose email as the safe way. Please give an email address, or choose another way.")
            )
        elif way in (User.SafeContact.PHONE, User.SafeContact.TEXT) and not data.get("phone"):
            self.add_error(
                "phone", _("You chose your phone as the safe way. Please give a phone number, or choose another way.")
            )
        return data

    @property
    def is_automated(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class StepForm:
    """What every step's form shares. "Save and come back later" saves what is there:
    `allow_unanswered` lets required answers stay empty (an answer given must still be
    valid), and `mark_still_to_answer` shows her calmly what is left when she returns."""

    saving_for_later = False
    still_to_answer = ()

    def allow_unanswered(self) -> None:
        self.saving_for_later = True
        for field in self.fields.values():
            field.required = False

    def mark_still_to_answer(self, names) -> None:
        names = [name for name in names if name in self.fields]
        for name in names:
            # In the help text, so screen readers hear it with the question.
            field = self.fields[name]
            field.help_text = format_html(
                '<strong class="text-body">{}</strong> {}', _("Still to answer."), field.help_text
            )
        self.still_to_answer = [self[name] for name in names]


class AboutStepForm(StepForm, forms.ModelForm):
    home_state = forms.ChoiceField(label=_("Which state do you live in?"), choices=[("", "—"), *US_STATES])

    class Meta:
        model = Application
        fields = ["home_state"]


class EligibilityStepForm(StepForm, forms.Form):
    exit_year = WholeNumberField(
        label=_("In what year did you leave exploitation?"),
        help_text=_("A year is enough; only the program team sees this answer."),
        min_value=1950,
    )
    exit_month = forms.TypedChoiceField(
        label=_("Month, if you would like to say"), choices=MONTHS, required=False, coerce=int, empty_value=None
    )
    free_from_dependency = forms.ChoiceField(
        label=_("Are you free from any drug or alcohol dependency?"),
        help_text=_(
            "Peer work can be demanding; the program asks this to protect your wellbeing. Only the program team sees this answer."
        ),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    education = forms.ChoiceField(
        label=_("Do you have a GED, a high-school diploma or an equivalent?"),
        choices=Application.Education.choices,
        widget=forms.RadioSelect,
    )
    education_document = forms.FileField(
        label=_("A copy of your diploma or GED (optional)"),
        required=False,
    )

    def __init__(self, *args, rules=None, uploaded: str = "", **kwargs):
        """`uploaded`: the kind of document already uploaded ("PDF"), or empty."""
        super().__init__(*args, **kwargs)
        if rules is not None:
            years = rules.min_years_since_exit
            self.fields["exit_year"].help_text = ngettext(
                "The program asks for at least %(years)s year since, to protect your own recovery. "
                "A year is enough; only the program team sees this answer.",
                "The program asks for at least %(years)s years since, to protect your own recovery. "
                "A year is enough; only the program team sees this answer.",
                years,
            ) % {"years": years}
            if rules.requires_education:
                self.fields["education"].help_text = _(
                    "The program asks for one of these before you take part. If you do not have one yet, "
                    "choose “Not yet”: this page will tell you what you can do."
                )
        document = self.fields["education_document"]
        document.help_text = _(
            "PDF, JPG or PNG, up to %(size)s MB. Stored privately; only the program team can open it."
        ) % {"size": settings.UPLOAD_MAX_BYTES // 1_000_000}
        if uploaded:
            document.label = _("Replace your copy (optional)")
            document.help_text = format_html(
                "<strong>{}</strong> {} {}",
                _("Already uploaded: a %(kind)s file.") % {"kind": uploaded},
                _("Choose a new file only if you want to replace it."),
                document.help_text,
            )

    def clean_exit_year(self):
        year = self.cleaned_data["exit_year"]
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("Please enter a year that is not in the future."))
        return year

    def clean(self):
        data = super().clean()
        year, month = data.get("exit_year"), data.get("exit_month")
        today = timezone.localdate()
        if year == today.year and month and month > today.month:
            self.add_error("exit_month", _("Please choose a month that is not in the future."))
        return data

    def clean_education_document(self):
        upload = self.cleaned_data.get("education_document")
        if upload:
            validate_document(upload)
        return upload

    def step_data(self) -> dict:
        data = dict(self.cleaned_data)
        # Saved for later, an answer not given is kept as "not answered" (None).
        data["free_from_dependency"] = {"yes": True, "no": False}.get(data["free_from_dependency"])
        data["education"] = data["education"] or None
        return data

    @classmethod
    def initial_from(cls, application: Application) -> dict:
        answers = dict(application.eligibility or {})
        if "free_from_dependency" in answers and answers["free_from_dependency"] is not None:
            answers["free_from_dependency"] = "yes" if answers["free_from_dependency"] else "no"
        return answers


class RecommendationStepForm(StepForm, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["agency_name", "agency_contact_name", "agency_contact_email", "name_for_agency"]
        labels = {
            "agency_name": _("Anti-trafficking agency"),
            "agency_contact_name": _("The person there who knows you"),
            "agency_contact_email": _("Their work email"),
            "name_for_agency": _("Name your agency knows you by"),
        }
        help_texts = {
            "agency_contact_email": _(
                "When you send your application, we email them a private link. They will not see your answers, "
                "and you will not see what they write; you will see when it arrives."
            ),
            "name_for_agency": _(
                "Optional. Their page shows this name so they know who asked. If you leave it empty, "
                "we show the name you use here."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name != "name_for_agency"

    def clean_agency_contact_email(self) -> str:
        email = self.cleaned_data["agency_contact_email"]
        refusal = own_address_refusal(email=email, subject=self.instance.applicant)
        if refusal is not None:
            raise forms.ValidationError(refusal)
        return email


class AspirationStepForm(StepForm, forms.ModelForm):
    aspiration = forms.ChoiceField(
        label=_("Where would you most like to offer peer support?"),
        choices=Participant.Aspiration.choices,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Application
        fields = ["aspiration", "aspiration_other"]
        labels = {"aspiration_other": _("If other, where?")}

    def clean(self):
        data = super().clean()
        if (
            not self.saving_for_later
            and data.get("aspiration") == Participant.Aspiration.OTHER
            and not data.get("aspiration_other", "").strip()
        ):
            self.add_error("aspiration_other", _("Please tell us a little about the area you have in mind."))
        return data


class AccessStepForm(StepForm, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["access_needs", "interpreter_language"]
        widgets = {"access_needs": forms.Textarea(attrs={"rows": 3})}
        labels = {
            "access_needs": _("Is there anything that would make the program easier to take part in?"),
            "interpreter_language": _("Would you like an interpreter? In which language?"),
        }
        help_texts = {
            "access_needs": _("For example, captions, extra time, large print, or breaks. Optional."),
        }


class ReviewStepForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "I agree that the program team may read my application and contact my recommending agency. "
            "My answers are kept private and are never shared with sponsors."
        ),
        error_messages={"required": _("Please tick the box to send your application.")},
    )


STEP_FORMS = {
    Application.Step.ABOUT: AboutStepForm,
    Application.Step.ELIGIBILITY: EligibilityStepForm,
    Application.Step.RECOMMENDATION: RecommendationStepForm,
    Application.Step.ASPIRATION: AspirationStepForm,
    Application.Step.ACCESS: AccessStepForm,
    Application.Step.REVIEW: ReviewStepForm,
}


class RecommendationLinkForm(forms.Form):
    relationship = forms.CharField(
        label=_("How do you know the applicant, and for how long?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    text = forms.CharField(
        label=_("Your recommendation"),
        help_text=_("Their strengths, their readiness to support others, and anything the program should know."),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10000,
    )
    recommends = forms.ChoiceField(
        label=_("Do you recommend them for the program?"), choices=YES_NO, widget=forms.RadioSelect
    )


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why would you like us to look again?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, I want to withdraw my application."))


class InterviewCancelForm(forms.Form):
    """Giving up a booked interview time: a reason only if she wishes (program staff read
    it; nobody else does), and a tick to confirm."""

    prefix = "cancel"

    reason = forms.CharField(
        label=_("Would you like to tell us why? (optional)"),
        help_text=_("Only the program staff read this."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=CANCEL_REASON_MAX_LENGTH,
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("Yes, I want to cancel my interview time."),
        error_messages={"required": _("Please tick the box to confirm that you want to cancel.")},
    )
