"""Placement and the monthly check-ins of the first year of work, and their escalation.

Wellbeing answers are the most sensitive data the program keeps after the application:
every free-text answer and the wellbeing score are encrypted at rest, and nothing here is
ever shown to a sponsor (SECURITY.md).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cohorts.models import Cohort, Participant
from cpse.crypto import EncryptedTextField
from requirements_tracking.models import Practicum


class Placement(models.Model):
    """Where a participant works as a peer-support specialist. A change of placement is a
    new row and ends the previous one, so the history stays; the check-in schedule runs
    from the first placement's start and is not restarted by a change."""

    # The areas the program prepares people for: the same words as their aspiration at
    # enrolment, so reports can set where people hoped to work beside where they do.
    Role = Participant.Aspiration

    class Terms(models.TextChoices):
        # "Paid" work, not a paid bill: Spanish says "Remunerado" here, "Pagado" for money.
        PAID = "paid", pgettext_lazy("placement terms", "Paid")
        VOLUNTEER = "volunteer", pgettext_lazy("placement terms", "Volunteer")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="placements")
    agency = models.CharField(_("agency"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    role_other = models.CharField(_("role, in your words"), max_length=120, blank=True)
    terms = models.CharField(_("paid or volunteer"), max_length=10, choices=Terms.choices)
    start_date = models.DateField(_("start date"))
    # Set when the person moves to another placement or stops working there.
    end_date = models.DateField(_("end date"), null=True, blank=True)
    supervisor_name = models.CharField(_("supervisor's name"), max_length=120, blank=True)
    supervisor_email = models.EmailField(_("supervisor's email"), blank=True)
    supervisor_phone = models.CharField(_("supervisor's phone"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["participant", "start_date", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="placement_end_after_start",
            ),
            # At most one current placement per participant.
            models.UniqueConstraint(
                fields=["participant"], condition=Q(end_date__isnull=True), name="one_current_placement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} ({self.get_role_display()})"


class PlacementPause(models.Model):
    """A time the placement year stands still (leave, illness, a break between jobs).
    Due dates after a pause move on by its length; `ends_on` is empty while it lasts."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="placement_pauses")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    reason = EncryptedTextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["participant", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="pause_end_after_start",
            ),
            models.UniqueConstraint(fields=["participant"], condition=Q(ends_on__isnull=True), name="one_open_pause"),
        ]

    def __str__(self) -> str:
        return f"Pause from {self.starts_on}"


class CheckIn(models.Model):
    """One of the monthly check-ins of the placement year (as many as the requirement set
    asks: `cohorts.selectors.checkins_asked`). The rows are written by the schedule service
    (`due_on` moves with pauses until the check-in is submitted); answers are saved as the
    person types and count once `submitted_at` is set."""

    class Wellbeing(models.IntegerChoices):
        VERY_LOW = 1, _("Very hard")
        LOW = 2, _("Hard")
        OKAY = 3, _("Okay")
        GOOD = 4, _("Good")
        VERY_GOOD = 5, _("Very good")

    class Supervision(models.TextChoices):
        REGULAR = "regular", _("Yes, as agreed")
        SOME = "some", _("Some, less than agreed")
        NONE = "none", _("None this month")

    class ContactWay(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        IN_PERSON = "in_person", _("In person, at a time I choose")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="checkins")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    due_on = models.DateField()
    # The placement the person was in when they filed it.
    placement = models.ForeignKey(Placement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The answers (encrypted: SECURITY.md treats wellbeing as sensitive).
    work_going = EncryptedTextField(_("How is work going?"), blank=True)
    wellbeing = EncryptedTextField(_("How are you doing, overall?"), blank=True)  # "1"–"5"
    boundaries = EncryptedTextField(_("Boundaries and self-care this month"), blank=True)
    supervision = EncryptedTextField(_("Did you receive supervision this month?"), blank=True)
    support_wanted = EncryptedTextField(_("Is there any support you would like?"), blank=True)
    wants_contact = models.BooleanField(_("Would you like someone from the program to contact you?"), default=False)
    contact_way = EncryptedTextField(_("How is it safe to contact you?"), blank=True)
    contact_note = EncryptedTextField(_("Anything about contacting you safely"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["participant", "number"]
        indexes = [
            models.Index(fields=["submitted_at", "due_on"]),
            # The placement surveys start with one check-in number due in a window.
            models.Index(fields=["number", "due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["participant", "number"], name="one_checkin_per_month"),
            # How many there are comes from the requirement set (`schedule.schedule_sync`).
            models.CheckConstraint(condition=Q(number__gte=1), name="checkin_number_positive"),
        ]

    def __str__(self) -> str:
        return f"Check-in {self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ConcernKeyword(models.Model):
    """A word or phrase that, found in a check-in's answers, asks staff to look (kept by
    program staff; matched case-insensitively on whole words)."""

    phrase = models.CharField(_("word or phrase"), max_length=80, unique=True)
    active = models.BooleanField(default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return self.phrase


class Concern(models.Model):
    """Something in (or missing from) a check-in that staff should follow up. Never shown
    to sponsors; the notification about it carries no content."""

    class Reason(models.TextChoices):
        LOW_WELLBEING = "low_wellbeing", _("Low wellbeing")
        ASKED_FOR_CONTACT = "asked_for_contact", _("Asked to be contacted")
        KEYWORD = "keyword", _("Words staff asked to look out for")
        MISSED = "missed", _("Check-in missed")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="concerns")
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="concerns")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["status", "opened_at"])]
        constraints = [
            # One concern per reason per check-in: saving again or a second sweep adds none.
            models.UniqueConstraint(fields=["checkin", "reason"], name="one_concern_per_reason"),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | Q(status="closed", closed_at__isnull=False),
                name="concern_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} ({self.get_status_display()})"


class ConcernFollowUp(models.Model):
    """What staff did about a concern (a call, a message, a referral), in their words."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="follow_ups")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Follow-up {self.created_at:%Y-%m-%d}"


class SupervisionContract(models.Model):
    """The agreement between a participant and their supervisor, for the practicum or
    the placement year: how often they meet and how they work together. In force only
    when both have agreed (the supervisor by a one-time link or their account). A new
    contract for the same setting replaces the previous one, which is kept."""

    class Setting(models.TextChoices):
        PRACTICUM = "practicum", _("Practicum")
        PLACEMENT = "placement", _("Placement year")

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        FORTNIGHTLY = "fortnightly", _("Every two weeks")
        MONTHLY = "monthly", _("Every month")

    # Days allowed between two supervisions before staff see a gap.
    FREQUENCY_DAYS = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14, Frequency.MONTHLY: 31}

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="supervision_contracts")
    setting = models.CharField(max_length=10, choices=Setting.choices)
    practicum = models.ForeignKey(Practicum, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    placement = models.ForeignKey(Placement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    supervisor_name = models.CharField(_("supervisor's name"), max_length=120)
    supervisor_email = models.EmailField(_("supervisor's email"))
    # The mailbox the supervisor's emails go to (applications.confirmers.rules.email_key):
    # what their daily list of things waiting for them is gathered by.
    supervisor_email_key = models.CharField(max_length=254, blank=True, db_index=True)
    supervisor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    frequency = models.CharField(_("how often you meet"), max_length=12, choices=Frequency.choices)
    session_minutes = models.PositiveSmallIntegerField(
        _("usual length in minutes"), default=60, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    expectations = models.TextField(_("what each of you expects"))
    feedback_channels = models.TextField(_("how feedback is given"))
    confidentiality = models.TextField(_("what stays confidential, and its limits"))
    raising_concerns = models.TextField(_("how to raise a concern"))
    created_at = models.DateTimeField(default=timezone.now)
    participant_agreed_at = models.DateTimeField(null=True, blank=True)
    supervisor_agreed_at = models.DateTimeField(null=True, blank=True)
    # Only a hash of the supervisor's one-time link is stored.
    supervisor_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    supervisor_token_expires_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "setting"],
                condition=Q(replaced_at__isnull=True),
                name="one_current_contract_per_setting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant}: {self.get_setting_display()} supervision"

    @property
    def agreed(self) -> bool:
        return self.participant_agreed_at is not None and self.supervisor_agreed_at is not None


class SupervisionSession(models.Model):
    """One supervision meeting, logged by the participant (or the supervisor)."""

    class Topic(models.TextChoices):
        CASEWORK = "casework", _("Work with the people I support")
        BOUNDARIES = "boundaries", _("Boundaries and ethics")
        SELF_CARE = "self_care", _("Self-care and wellbeing")
        SKILLS = "skills", _("Skills and learning")
        TEAM = "team", _("Team and workplace")
        OTHER = "other", _("Something else")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contract = models.ForeignKey(SupervisionContract, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(
        _("length in minutes"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    # A list of Topic values: general areas only, never details of people supported.
    topics = models.JSONField(default=list)
    # The participant's reflection; private to the participant and staff (never the
    # supervisor, sponsors or a mentor).
    reflection = EncryptedTextField(blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.contract}: {self.held_on}"


class SupervisorListLink(models.Model):
    """The private link in a supervisor's daily email to the page listing everything
    waiting for them (checkins.supervisor_digest): one per mailbox, replaced by the next
    email's. Only a hash of its token is stored; the mailbox is the confirmers' key."""

    email_key = models.CharField(max_length=254, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Supervisor list link until {self.expires_at:%Y-%m-%d}"


class Survey(models.TextChoices):
    """The evaluation surveys: at the end of the program and 6 and 12 months into the
    placement year. Their questions are in `checkins/surveys/questions.py`."""

    END_OF_PROGRAM = "end_of_program", _("End of the program")
    PLACEMENT_6 = "placement_6", _("Six months into your placement")
    PLACEMENT_12 = "placement_12", _("Twelve months into your placement")


class SurveyInvitation(models.Model):
    """That a participant is asked to answer one survey, and whether they did. Kept apart
    from the answers so results can never be linked to the person."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="survey_invitations")
    survey = models.CharField(max_length=20, choices=Survey.choices)
    opens_on = models.DateField()
    answered = models.BooleanField(default=False)
    declined = models.BooleanField(default=False)

    class Meta:
        ordering = ["opens_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["participant", "survey"], name="one_invitation_per_survey")]

    def __str__(self) -> str:
        return f"{self.participant}: {self.get_survey_display()}"


class SurveyResponse(models.Model):
    """One anonymous set of answers: no person, no exact time (only the month), so no
    row can be matched to an invitation. Results are shown only as aggregates."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="survey_responses")
    survey = models.CharField(max_length=20, choices=Survey.choices)
    # The first day of the month it was answered in.
    month = models.DateField()
    # {question key: 1-5 or a choice key}; questions left blank are absent.
    answers = models.JSONField(default=dict)
    # Optional words; shown to staff only in groups at or above the suppression threshold.
    comment = EncryptedTextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["cohort", "survey"])]

    def __str__(self) -> str:
        return f"{self.cohort}: {self.get_survey_display()}"
