import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from cohorts.models import Cohort, Participant
from cpse.crypto import EncryptedJSONField, EncryptedTextField
from cpse.uploads import document_kind, private_upload_path

US_STATES = [
    (code, code)
    for code in [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    ]
]


class InterestSignup(models.Model):
    """Someone who would like an application when the next window opens (no account).
    One row per person: sending the form again updates her row (applications.services)."""

    # Without an account there is no place to show messages on sign-in, so that choice
    # is not offered here.
    SAFE_CONTACTS = [(value, label) for value, label in User.SafeContact.choices if value != User.SafeContact.NONE]

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    display_name = models.CharField(_("name you want us to use"), max_length=80)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    safe_contact = models.CharField(
        _("how it is safe to reach you"),
        max_length=10,
        choices=SAFE_CONTACTS,
        default=User.SafeContact.EMAIL,
    )
    safe_contact_note = EncryptedTextField(_("anything else about reaching you safely"), blank=True)
    state = models.CharField(_("state"), max_length=2, choices=US_STATES, blank=True)
    note = EncryptedTextField(_("anything you would like us to know"), blank=True)
    language = models.CharField(max_length=10, default="en")
    created_at = models.DateTimeField(default=timezone.now)
    # The cohort she would like to apply to: the one taking applications when she wrote,
    # else the next to open; empty when none was announced (the next cohort to open takes
    # her). Rules: applications.interest.services.
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="interest_signups"
    )
    # The cohort whose invitation was sent (once per cohort).
    invited_cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    invited_at = models.DateTimeField(null=True, blank=True)
    # Program staff sent the invitation once more (at most once per application window).
    invited_again_at = models.DateTimeField(null=True, blank=True)
    invited_again_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Someone who asked for a call or a text: when program staff reached her, and who.
    contacted_at = models.DateTimeField(null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(email="") | ~Q(phone=""), name="interest_signup_has_contact"),
            # Backs up the service's look-up when the same form arrives twice at once. A phone
            # counts with the name: a phone can be shared in a household or a shelter.
            models.UniqueConstraint(Lower("email"), condition=~Q(email=""), name="one_interest_signup_per_email"),
            models.UniqueConstraint(
                "phone",
                Lower("display_name"),
                condition=Q(email="") & ~Q(phone=""),
                name="one_interest_signup_per_phone_and_name",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def validate_constraints(self, exclude=None):
        # Sending the form again is not an error (the service updates her row), so the
        # one-per-person constraints are not checked as form errors.
        super().validate_constraints(exclude={*(exclude or ()), "email", "phone"})


class Application(models.Model):
    """One person's application to one cohort. Status changes only through
    applications.services.application_transition (one table of allowed moves)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Not sent yet")
        SUBMITTED = "submitted", _("Received")
        UNDER_REVIEW = "under_review", _("Being reviewed")
        INTERVIEW_INVITED = "interview_invited", _("Invited to an interview")
        INTERVIEW_BOOKED = "interview_booked", _("Interview booked")
        INTERVIEWED = "interviewed", _("Interview done")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("On the waiting list")
        DECLINED = "declined", _("Not offered a place this year")
        WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")

    class Step(models.TextChoices):
        ABOUT = "about", _("About you")
        ELIGIBILITY = "eligibility", _("Eligibility")
        RECOMMENDATION = "recommendation", _("Recommending agency")
        ASPIRATION = "aspiration", _("Your hopes for peer work")
        ACCESS = "access", _("Access needs")
        REVIEW = "review", _("Review and send")

    class Education(models.TextChoices):
        GED = "ged", _("GED")
        DIPLOMA = "diploma", _("High-school diploma")
        EQUIVALENT = "equivalent", _("An equivalent qualification")
        NONE = "none", _("Not yet")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    current_step = models.CharField(max_length=20, choices=Step.choices, default=Step.ABOUT)
    # About you
    home_state = models.CharField(_("state you live in"), max_length=2, choices=US_STATES, blank=True)
    # Eligibility answers (exit year/month, freedom from dependency, education): encrypted.
    eligibility = EncryptedJSONField(default=dict, blank=True)
    education_document = models.FileField(upload_to=private_upload_path, blank=True)
    # Recommending agency
    agency_name = models.CharField(_("agency"), max_length=150, blank=True)
    agency_contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    agency_contact_email = models.EmailField(_("contact email"), blank=True)
    # The name the agency knows her by (optional): the recommendation page shows it
    # instead of her display name, and never her legal name.
    name_for_agency = models.CharField(_("name your agency knows you by"), max_length=120, blank=True)
    # Aspiration and access
    aspiration = models.CharField(
        _("area of peer work"), max_length=20, choices=Participant.Aspiration.choices, blank=True
    )
    aspiration_other = models.CharField(_("other area"), max_length=150, blank=True)
    access_needs = EncryptedTextField(_("accessibility needs"), blank=True)
    interpreter_language = models.CharField(_("interpreter language"), max_length=60, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["cohort", "status"])]
        constraints = [models.UniqueConstraint(fields=["applicant", "cohort"], name="one_application_per_cohort")]

    def __str__(self) -> str:
        return f"{self.applicant} – {self.cohort}"

    @property
    def exit_month_label(self) -> str:
        month = (self.eligibility or {}).get("exit_month")
        return MONTHS[month] if month else ""

    @property
    def education_label(self) -> str:
        education = (self.eligibility or {}).get("education")
        return self.Education(education).label if education else ""

    @property
    def education_document_kind(self) -> str:
        """ "PDF", "JPG" or "PNG"; empty when none is uploaded. Her own file name is never
        kept (cpse.uploads), so pages name the document by its kind."""
        return document_kind(self.education_document)

    @property
    def name_for_recommender(self) -> str:
        return self.name_for_agency or self.applicant.display_name


class ApplicationEvent(models.Model):
    """Every status change: who, when, from, to, and an optional note (encrypted). A change
    to the interview is an event too (`change`), with or without a change of status: moved
    to another time keeps "Interview booked"; cancelled or missed goes back to choosing."""

    class Change(models.TextChoices):
        INTERVIEW_MOVED = "interview_moved", _("Interview moved to another time")
        INTERVIEW_TIME_CHANGED = "interview_time_changed", _("Interview time changed by the program")
        INTERVIEW_CANCELLED = "interview_cancelled", _("Interview cancelled")
        INTERVIEW_MISSED = "interview_missed", _("Interview missed")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, choices=Application.Status.choices)
    to_status = models.CharField(max_length=20, choices=Application.Status.choices)
    note = EncryptedTextField(blank=True)
    change = models.CharField(max_length=30, choices=Change.choices, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @property
    def label(self) -> str:
        """What happened, in words: the interview's change, else the new status."""
        return self.get_change_display() if self.change else self.get_to_status_display()


class StaffNote(models.Model):
    """A private note by program staff on an application. Never shown to the applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="staff_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Note {self.created_at:%Y-%m-%d}"


class Recommendation(models.Model):
    """A recommendation from an anti-trafficking agency, written through a one-time link.

    Only a hash of the link's token is stored. The applicant sees only whether it has
    arrived, never the text.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RECEIVED = "received", _("Received")
        REPLACED = "replaced", _("Replaced")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="recommendations")
    agency_name = models.CharField(max_length=150)
    contact_name = models.CharField(max_length=120)
    contact_email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    received_at = models.DateTimeField(null=True, blank=True)
    # The recommender's answers: how they know the applicant, and the recommendation.
    relationship = EncryptedTextField(blank=True)
    text = EncryptedTextField(blank=True)
    recommends = models.BooleanField(null=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(status="pending"), name="one_pending_recommendation_per_application"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_name} ({self.get_status_display()})"


class RubricCriterion(models.Model):
    """One line of the interview rubric (data: staff can change it)."""

    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class InterviewSlot(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="interview_slots")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        default=45, validators=[MinValueValidator(10), MaxValueValidator(240)]
    )
    # A video link or a place; shown only to the booked applicant and staff.
    location = models.CharField(max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The application whose interview at this time was missed (program staff marked it): the
    # booking itself is gone, so the list of earlier times still says what happened.
    missed_by = models.ForeignKey(Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}"


class Interview(models.Model):
    """A booked slot: one application per slot, one booking per application."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="interview")
    slot = models.OneToOneField(InterviewSlot, on_delete=models.PROTECT, related_name="interview")
    booked_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Interview {self.slot}"


class InterviewCalendar(models.Model):
    """What a calendar knows of an application's interview (the .ics file). Its UID stays
    the same while the booking moves, and SEQUENCE goes up with every change, so a
    calendar replaces its entry instead of adding a second; a cancellation keeps the last
    time for the file that removes it. A new booking after a cancellation or a missed
    interview is a new entry (a new UID). Rules: applications.services (interview_*)."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="interview_calendar")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    cancelled = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Calendar entry {self.uid} ({self.sequence})"


class InterviewerAssignment(models.Model):
    """An interviewer on the panel of an interview time. Only the panel scores the
    interview and sees what interviewers see (the readiness answers). Taking someone off
    the panel keeps the row (`removed_at`): the rows are the log of who was assigned when."""

    slot = models.ForeignKey(InterviewSlot, on_delete=models.CASCADE, related_name="assignments")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "interviewer"], condition=Q(removed_at__isnull=True), name="one_current_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} at {self.slot}"


class InterviewScore(models.Model):
    """One interviewer's rubric: a score from 1 to 5 per criterion, and comments."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scores")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(default=dict)  # {criterion id: 1..5}
    comments = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["interview", "interviewer"], name="one_score_per_interviewer")]

    def __str__(self) -> str:
        return f"Score by {self.interviewer}"

    @property
    def average(self):
        values = list(self.scores.values())
        return sum(values) / len(values) if values else None


class DecisionTemplate(models.Model):
    """The message an applicant reads with a decision, per kind and language (staff edit it)."""

    class Kind(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waiting list")
        DECLINED = "declined", _("Not offered a place")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    body = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="one_decision_template_per_kind_language")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"


class Appeal(models.Model):
    """The applicant asks for a review of a decision, within the set's appeal window."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Being reviewed")
        UPHELD = "upheld", _("Decision stays")
        RECONSIDERED = "reconsidered", _("Application reconsidered")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="appeals")
    reason = EncryptedTextField()
    submitted_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = EncryptedTextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=Q(outcome="pending"), name="one_open_appeal_per_application"
            )
        ]

    def __str__(self) -> str:
        return f"Appeal {self.submitted_at:%Y-%m-%d} ({self.get_outcome_display()})"


class AccessNeeds(models.Model):
    """What a person needs to take part on equal terms, recorded once (first from their
    application) and shown where it matters: the interview, training sessions and the
    exam. The person and program staff can change it; each change is audited."""

    class Format(models.TextChoices):
        LARGE_PRINT = "large_print", _("Large print")
        SCREEN_READER = "screen_reader", _("Screen-reader friendly documents")
        READ_ALOUD = "read_aloud", _("Someone to read aloud")
        PLAIN_LANGUAGE = "plain_language", _("Plain-language summaries")
        PAPER = "paper", _("Paper copies")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_needs")
    interpreter_language = models.CharField(_("interpreter language"), max_length=60, blank=True)
    captioning = models.BooleanField(_("captioning for online sessions"), default=False)
    extra_time = models.BooleanField(_("extra time for the exam and written work"), default=False)
    # A list of Format values.
    formats = models.JSONField(_("formats"), default=list, blank=True)
    # Anything else, in the person's words; may reveal health, so encrypted.
    note = EncryptedTextField(_("anything else"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "access needs"

    def __str__(self) -> str:
        return f"Access needs of {self.user}"

    @property
    def any(self) -> bool:
        return bool(self.interpreter_language or self.captioning or self.extra_time or self.formats or self.note)


class ConfirmerVerification(models.Model):
    """Program staff checked, once, that a person who confirms for participants (a
    practicum supervisor, an agency's recommender) is who they say they are: by a phone
    call or an agreement on file. Keyed by the mailbox their links go to
    (`confirmers.rules.email_key`), so one check covers every participant they answer for."""

    class Method(models.TextChoices):
        PHONE_CALL = "phone_call", _("A phone call to the organisation")
        AGREEMENT = "agreement", _("A signed agreement on file")

    email_key = models.CharField(max_length=254, unique=True)
    name = models.CharField(_("name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    method = models.CharField(_("how it was checked"), max_length=20, choices=Method.choices)
    note = EncryptedTextField(_("note for program staff"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name
