"""Expiry and renewal of certificates: the credential's validity period and renewal hours,
renewal records, reminders before expiry, and the reads for the staff and participant pages.

Off unless the program sets it: a credential without `validity_months` (CPSE by default)
issues certificates that never expire, and nothing here touches them.

Rules chosen:
- validity is 1 to 120 months (empty: never expires); renewal hours 0.25 to 500 in quarter
  hours (empty: none asked). Changing them never changes certificates already issued.
- a renewal is for a valid certificate that has an expiry, while the credential sets a
  validity period; its hours are at least the credential's renewal hours; it was completed
  on a day not in the future, not more than RENEWAL_EARLIEST_MONTHS before the current
  expiry, and after the last recorded renewal's completion (the same hours never count
  twice). The new expiry is the later of the current expiry and the completion day, plus
  the validity period (the day clamped to the month's end: 31 January + 1 month is
  28 or 29 February).
- continuing education (certificates.continuing_education) counts for the next renewal
  when approved and completed within that same window (`renewal_window`): the graduate
  logs it, staff approve it, and a renewal "from approved hours" takes their total and
  the latest completion day. Staff may still type a total shown on paper, for a graduate
  who does not use the site; either way the window moves past it, so nothing counts twice.
- reminders go to the participant 90, 30 and 7 days before expiry, each once; only the
  nearest window reached is sent (a missed 90-day note is not sent late at 20 days).
  They link to the continuing-education page when the credential asks for hours.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import Case, CharField, Count, F, Max, QuerySet, Sum, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import program_staff_untold
from certificates.models import Certificate, ContinuingEducation, Renewal
from cohorts.models import Credential
from cpse.audit.services import change_record
from cpse.dates import add_months
from cpse.errors import DomainError
from cpse.notify.services import Message, notification_queue_many, person_language, without_message
from cpse.numbers import plain_number
from cpse.prepared import prepared_rows

VALIDITY_MIN_MONTHS, VALIDITY_MAX_MONTHS = 1, 120
HOURS_MIN, HOURS_MAX, HOURS_STEP = Decimal("0.25"), Decimal("500"), Decimal("0.25")
# Continuing education done up to a year before the current expiry counts for a renewal.
RENEWAL_EARLIEST_MONTHS = 12
# The staff list: expiring within this many days, or expired within the last year.
EXPIRING_DAYS_AHEAD = 90
EXPIRED_DAYS_BACK = 365
# Reminder windows in days before expiry, nearest last.
REMINDER_WINDOWS = (90, 30, 7)
DIGEST_DAYS = 30
EXPIRY_KIND = "certificate_expiry"
DIGEST_KIND = "certificate_expiry_digest"
DIGEST_KEY = "certificate-expiry-digest:"
# The participant's certificate page (certificates/mine/urls.py, included at /my-certificate/).


class RenewalError(DomainError):
    code = "renewal_error"


def quarter_hours(value, *, code: str) -> Decimal:
    try:
        hours = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        hours = None
    if hours is None or not hours.is_finite() or not HOURS_MIN <= hours <= HOURS_MAX or hours % HOURS_STEP:
        raise RenewalError(
            _("Please enter hours between %(least)s and %(most)s, in quarter hours (for example %(example)s).")
            % {
                "least": plain_number(HOURS_MIN),
                "most": plain_number(HOURS_MAX),
                "example": plain_number(Decimal("12.25")),
            },
            code=code,
        )
    return hours


# --- The credential's settings ---------------------------------------------------------------


def credential_renewal_set(
    *,
    credential: Credential,
    validity_months: int | None,
    renewal_hours: Decimal | None,
    name_es: str | None = None,
    by: User,
) -> Credential:
    """Set or clear the credential's validity period and renewal hours. Certificates already
    issued keep their expiry date: only certificates issued from now on use the new period.
    `name_es`: the credential's name in Spanish (cpse.bilingual), set on the same page;
    None leaves it as it is."""
    if validity_months is not None and not VALIDITY_MIN_MONTHS <= validity_months <= VALIDITY_MAX_MONTHS:
        raise RenewalError(
            _("Please enter a whole number of months from 1 to 120, or leave it empty."), code="bad_validity"
        )
    if renewal_hours is not None:
        renewal_hours = quarter_hours(renewal_hours, code="bad_renewal_hours")
        if validity_months is None:
            raise RenewalError(
                _("Renewal hours need a validity period: a certificate that never expires is never renewed."),
                code="bad_renewal_hours",
            )
    # Saved (not updated in bulk) so the change history records who changed what.
    with transaction.atomic(), set_actor(by):
        credential.validity_months, credential.renewal_hours = validity_months, renewal_hours
        fields = ["validity_months", "renewal_hours"]
        if name_es is not None:
            credential.name_es = name_es.strip()
            fields.append("name_es")
        credential.save(update_fields=fields)
    return credential


# --- Renewal records -------------------------------------------------------------------------


@dataclass(frozen=True)
class RenewalWindow:
    """The days whose continuing education counts for a certificate's next renewal: from
    `earliest` (RENEWAL_EARLIEST_MONTHS before the current expiry), after `after` (the last
    recorded renewal's completion, if any), up to today."""

    earliest: datetime.date
    after: datetime.date | None

    def first_day(self) -> datetime.date:
        if self.after is not None and self.after >= self.earliest:
            return self.after + datetime.timedelta(days=1)
        return self.earliest


def renewal_window(certificate: Certificate, *, last_completed_on: datetime.date | None = None) -> RenewalWindow:
    """One query for the last renewal, unless the caller passes its completion day."""
    if last_completed_on is None:
        last_completed_on = (
            Renewal.objects.filter(certificate=certificate)
            .order_by("-completed_on")
            .values_list("completed_on", flat=True)
            .first()
        )
    return RenewalWindow(earliest=add_months(certificate.expires_on, -RENEWAL_EARLIEST_MONTHS), after=last_completed_on)


def approved_hours_counting(
    certificate: Certificate, *, window: RenewalWindow, today: datetime.date
) -> tuple[Decimal, datetime.date | None]:
    """The approved continuing-education hours that count for the next renewal, and the
    latest day they were completed (one query)."""
    totals = ContinuingEducation.objects.filter(
        certificate=certificate,
        status=ContinuingEducation.Status.APPROVED,
        completed_on__gte=window.first_day(),
        completed_on__lte=today,
    ).aggregate(hours=Sum("hours"), latest=Max("completed_on"))
    return totals["hours"] or Decimal("0"), totals["latest"]


def certificate_renew(
    *,
    certificate: Certificate,
    notes: str,
    by: User,
    hours=None,
    completed_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Renewal:
    """Record a renewal and move the certificate's expiry, in one transaction. The expiry
    moves only if it is still what the caller saw, so a double submission renews once.

    Without `hours` and `completed_on`, the renewal is "from approved hours": the approved
    continuing education that counts (`approved_hours_counting`) gives both. With them,
    staff record a total shown on paper."""
    today = today or timezone.localdate()
    credential = Credential.objects.get(pk=certificate.credential_id)
    if certificate.status != Certificate.Status.VALID:
        raise RenewalError(_("Only a valid certificate can be renewed."), code="not_valid")
    if certificate.expires_on is None or credential.validity_months is None:
        raise RenewalError(
            _("This certificate does not expire, so it needs no renewal. The program has not set a validity period."),
            code="no_expiry",
        )
    from_approved = hours is None and completed_on is None
    if not from_approved:
        hours = quarter_hours(hours, code="bad_hours")
        _enough_hours(credential, hours)
        if completed_on is None or completed_on > today:
            raise RenewalError(_("The completion date cannot be in the future."), code="bad_date")
    old_expiry = certificate.expires_on
    with transaction.atomic():
        window = renewal_window(certificate)
        if from_approved:
            hours, completed_on = approved_hours_counting(certificate, window=window, today=today)
            if not hours:
                raise RenewalError(
                    _("No approved continuing-education hours count for this renewal yet."), code="no_approved_hours"
                )
            _enough_hours(credential, hours)
        if window.after is not None and completed_on <= window.after:
            raise RenewalError(
                _("A renewal completed on %(date)s is already recorded; a new one must be completed after it.")
                % {"date": date_format(window.after, "DATE_FORMAT")},
                code="bad_date",
            )
        if completed_on < window.earliest:
            raise RenewalError(
                _("Hours completed before %(date)s (a year before the current expiry) do not count for this renewal.")
                % {"date": date_format(window.earliest, "DATE_FORMAT")},
                code="bad_date",
            )
        new_expiry = add_months(max(old_expiry, completed_on), credential.validity_months)
        changed = Certificate.objects.filter(
            pk=certificate.pk, status=Certificate.Status.VALID, expires_on=old_expiry
        ).update(expires_on=new_expiry)
        if not changed:
            raise RenewalError(
                _("This certificate changed a moment ago. Please look at it again before recording a renewal."),
                code="changed",
            )
        change_record(certificate, changes={"expires_on": (old_expiry, new_expiry)}, by=by)
        renewal = Renewal.objects.create(
            certificate=certificate,
            hours=hours,
            completed_on=completed_on,
            new_expires_on=new_expiry,
            notes=notes.strip(),
            recorded_by=by,
        )
    certificate.expires_on = new_expiry
    return renewal


def _enough_hours(credential: Credential, hours: Decimal) -> None:
    if credential.renewal_hours is not None and hours < credential.renewal_hours:
        raise RenewalError(
            _("A renewal asks for at least %(hours)s continuing-education hours.")
            % {"hours": plain_number(credential.renewal_hours)},
            code="too_few_hours",
        )


# --- Reads -----------------------------------------------------------------------------------


def certificates_expiring(*, today: datetime.date | None = None) -> QuerySet[Certificate]:
    """Valid certificates expiring within 90 days or expired within the last year, soonest
    first, with their number of renewals: one query for any number of rows."""
    today = today or timezone.localdate()
    return (
        Certificate.objects.filter(
            status=Certificate.Status.VALID,
            expires_on__gte=today - datetime.timedelta(days=EXPIRED_DAYS_BACK),
            expires_on__lte=today + datetime.timedelta(days=EXPIRING_DAYS_AHEAD),
        )
        .annotate(renewals_count=Count("renewals"))
        .order_by("expires_on", "pk")
    )


def certificate_for_renewal(public_id) -> Certificate | None:
    return (
        Certificate.objects.filter(public_id=public_id)
        .select_related("credential", "participant__user", "replaced_by")
        .first()
    )


@dataclass(frozen=True)
class RenewalSummary:
    """What the participant's certificate page shows about expiry and renewal."""

    expires_on: datetime.date | None
    days_left: int | None
    renewal_hours: Decimal | None
    validity_months: int | None
    renewals: list[Renewal]
    # Approved continuing-education hours that count for the next renewal, and from which day.
    approved_hours: Decimal = Decimal("0")
    counts_from: datetime.date | None = None

    @property
    def expired(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def renew_soon(self) -> bool:
        return self.days_left is not None and 0 <= self.days_left <= EXPIRING_DAYS_AHEAD

    @property
    def enough_hours(self) -> bool:
        """Enough approved hours for staff to renew from them."""
        return self.renewal_hours is not None and self.approved_hours >= self.renewal_hours


def renewal_summary(certificate: Certificate, *, today: datetime.date | None = None) -> RenewalSummary:
    """Expiry, days left, the hours a renewal asks for, the approved continuing-education
    hours that count, and the renewals recorded (one query for the renewals, one for the
    hours when the credential asks for some, one for the credential unless it was loaded
    with the certificate)."""
    today = today or timezone.localdate()
    credential = certificate.credential
    expires_on = certificate.expires_on
    renewals = list(Renewal.objects.filter(certificate=certificate).order_by("-completed_on", "-pk"))
    renewal_hours = credential.renewal_hours if expires_on else None
    approved, counts_from = Decimal("0"), None
    if renewal_hours is not None:
        window = renewal_window(certificate, last_completed_on=renewals[0].completed_on if renewals else None)
        approved, _latest = approved_hours_counting(certificate, window=window, today=today)
        counts_from = window.first_day()
    return RenewalSummary(
        expires_on=expires_on,
        days_left=(expires_on - today).days if expires_on else None,
        renewal_hours=renewal_hours,
        validity_months=credential.validity_months,
        renewals=renewals,
        approved_hours=approved,
        counts_from=counts_from,
    )


# --- Reminders -------------------------------------------------------------------------------


def _expiry_due(today: datetime.date):
    """Valid certificates at a reminder window, less those told for it already: the nearest
    window reached (7 before 30 before 90) is worked out in SQL with the key, so
    certificates whose note for that window went already are not read at all."""
    window = Case(
        *(
            When(expires_on__lte=today + datetime.timedelta(days=days), then=Value(str(days)))
            for days in sorted(REMINDER_WINDOWS)
        ),
        output_field=CharField(),
    )
    return without_message(
        Certificate.objects.filter(
            status=Certificate.Status.VALID,
            expires_on__gt=today,
            expires_on__lte=today + datetime.timedelta(days=max(REMINDER_WINDOWS)),
        ).annotate(window=window),
        "certificate-expiry:",
        F("pk"),
        ":",
        F("window"),
    ).values_list(
        "message_key", "participant__user_id", person_language("participant__user_id"), "credential__renewal_hours"
    )


def _expiring_soon(today: datetime.date):
    """The valid certificates expiring within DIGEST_DAYS of `today` (staff's daily count)."""
    return Certificate.objects.filter(
        status=Certificate.Status.VALID,
        expires_on__gt=today,
        expires_on__lte=today + datetime.timedelta(days=DIGEST_DAYS),
    )


def expiry_reminders_send(*, today: datetime.date | None = None) -> int:
    """A note to each participant whose valid certificate expires in 90, 30 or 7 days (each
    window once, by its key, even when beat missed a day), and once a day to each program
    staff member the number expiring within 30 days. The emails carry no names or dates.
    Returns how many messages this call added."""
    today = today or timezone.localdate()
    # Built and compiled once a day per process (`cpse.prepared`): the usual run reads no row.
    due = prepared_rows(("reminders.certificate_expiry", today), lambda: _expiry_due(today))
    # Where the graduate logs the hours a renewal asks for; her certificate page otherwise.
    paths = {True: reverse("continuing_education:mine"), False: reverse("certificates:mine")}
    messages = [
        Message(
            kind=EXPIRY_KIND,
            key=key,
            recipient_id=user_id,
            language=language,
            context={"path": paths[hours is not None]},
        )
        for key, user_id, language, hours in due
    ]
    # Staff not told today yet, with the count (one query): after the day's first digest, none.
    messages += [
        Message(
            kind=DIGEST_KIND,
            key=staff.message_key,
            recipient=staff,
            context={"count": staff.count, "path": reverse("certificates_renewal:expiring")},
        )
        for staff in program_staff_untold(DIGEST_KEY, today, lambda: _expiring_soon(today))
    ]
    return notification_queue_many(messages)
