import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cpse.crypto import EncryptedJSONField, EncryptedTextField


class Role(models.TextChoices):
    """Staff and sponsor roles are Django groups with these names. Applicants and
    participants are not roles: they follow from a person's application or enrolment."""

    PROGRAM_STAFF = "program_staff", _("Program staff")
    INSTRUCTOR = "instructor", _("Instructor / assessor")
    FINANCE = "finance", _("Finance")
    SPONSOR = "sponsor", _("Sponsor")
    MENTOR = "mentor", _("Peer mentor")


# Roles whose accounts must use two-factor authentication.
MFA_REQUIRED_ROLES = frozenset({Role.PROGRAM_STAFF, Role.INSTRUCTOR, Role.FINANCE, Role.SPONSOR, Role.MENTOR})
STAFF_ROLES = frozenset({Role.PROGRAM_STAFF, Role.INSTRUCTOR, Role.FINANCE})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Everywhere the app names a person it uses `display_name`,
    the name they want to be called; `legal_name` is used only where the law or a
    document needs it (certificate, invoice)."""

    class SafeContact(models.TextChoices):
        EMAIL = "email", _("Email is safe")
        PHONE = "phone", _("Phone calls are safe")
        TEXT = "text", _("Text messages are safe")
        NONE = "none", _("Please only show messages when I sign in")

    class EmailFrequency(models.TextChoices):
        EACH = "each", _("Each message as it comes")
        WEEKLY = "weekly", _("A weekly summary of reminders")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("name you want us to use"),
        max_length=80,
        help_text=_("This is how we will address you. It does not need to be your legal name."),
    )
    legal_name = models.CharField(
        _("legal name"),
        max_length=150,
        blank=True,
        help_text=_("Only used where a document needs it, such as a certificate or an invoice."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=[("en", "English"), ("es", "Español")], default="en"
    )
    safe_contact = models.CharField(
        _("how it is safe to reach you"), max_length=10, choices=SafeContact.choices, default=SafeContact.EMAIL
    )
    safe_contact_note = EncryptedTextField(
        _("anything else about reaching you safely"),
        blank=True,
        help_text=_("For example, times to avoid. Only program staff can read this."),
    )
    # How reminders reach the person (cpse.notify decides at delivery): one by one, or
    # gathered into one email on a weekday. Decisions and one-time links never wait.
    email_frequency = models.CharField(
        _("how often to email reminders"),
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.EACH,
    )
    digest_weekday = models.PositiveSmallIntegerField(
        _("day for the weekly summary"), choices=Weekday.choices, default=Weekday.MONDAY
    )
    # Quiet hours, local time (TIME_ZONE): a message due inside them waits until they end.
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_to = models.TimeField(_("quiet until"), null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        _("Django admin access"), default=False, help_text=_("Back-office access for superusers only.")
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.display_name or str(_("(no name)"))

    def get_short_name(self) -> str:
        return self.display_name

    def get_full_name(self) -> str:
        return self.display_name

    @property
    def role_names(self) -> frozenset[str]:
        """The person's role groups, read once per request object."""
        if not hasattr(self, "_role_names"):
            self._role_names = frozenset(self.groups.values_list("name", flat=True)) if self.pk else frozenset()
        return self._role_names

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.role_names.intersection(roles))

    @property
    def is_program_staff(self) -> bool:
        return self.has_role(Role.PROGRAM_STAFF)

    @property
    def is_staff_member(self) -> bool:
        return self.has_role(*STAFF_ROLES)

    @property
    def is_sponsor(self) -> bool:
        return self.has_role(Role.SPONSOR)

    @property
    def mfa_required(self) -> bool:
        return self.is_superuser or self.has_role(*MFA_REQUIRED_ROLES)


class ErasureRequest(models.Model):
    """A person asked for their data to be removed; program staff confirm it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Waiting for the program team")
        COMPLETED = "completed", _("Data removed")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="erasure_requests")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="requested"), name="one_open_erasure_request_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.requested_at:%Y-%m-%d})"


class KeptInput(models.Model):
    """What a person was typing when she left by the quick exit, offered back once on the
    same page after she signs in again (accounts.kept_input). It lives here, not in the
    session, because the quick exit ends the session; the fields are encrypted, and the
    row goes once offered back or after KEPT_INPUT_HOURS."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=200)
    # {field name: [values]}, as a form posts them.
    data = EncryptedJSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "path"], name="one_kept_input_per_person_and_page")]

    def __str__(self) -> str:
        return f"{self.path} ({self.created_at:%Y-%m-%d %H:%M})"


class CalendarFeed(models.Model):
    """A person's private calendar feed (dashboard.calendar): the address holds a random
    token, of which only a hash is kept; making a new one ends the old address."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed ({self.created_at:%Y-%m-%d})"
