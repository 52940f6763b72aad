"""The participant record's timeline: what happened to one person across the apps, newest
first.

Rules chosen here:
- Each kind of event is read from its app's own selector (their filters, not copies), as
  rows of the same five columns: when, the kind, a public id for the link and two values
  for the label. The kinds are read together, one UNION ALL for the events that carry an
  instant and one for those that carry a day, and approved hours apart (the query their
  index serves), so the timeline costs three queries however many kinds and rows there
  are; a capped timeline reads at most `limit` rows of each. Building those statements
  costs more than running them: they are built once per person and cap (`cpse.prepared`).
- Instants and days are merged here, not in SQL: a day counts from its local midnight
  (`_day`), which SQL cannot compute alike on every database.
- A label says that something happened, never what was written (answers, notes, plans,
  reflections). Choice labels come from unsaved rows of their models, so each reads as it
  does everywhere else.
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Expression, F, QuerySet, Value, When
from django.db.models.functions import Cast, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import ApplicationEvent
from certificates.selectors import certificates_for_participant
from checkins.models import SupervisionContract
from checkins.placement.selectors import checkin_schedule, placements_for_participant
from checkins.supervision.selectors import agreed_contracts
from cohorts.models import Cohort, Participant, ParticipantStatusChange, Requirement
from cohorts.pauses.selectors import pauses_for_participant
from cohorts.selectors import participant_status_history
from cpse.dates import day_start
from cpse.prepared import prepared_rows
from mentorship.models import Mentorship
from requirements_tracking.ethics.selectors import acknowledgments_for
from requirements_tracking.exam_review.selectors import attempts_for_staff
from requirements_tracking.hours.selectors import entries_for_participant
from requirements_tracking.models import Attempt, HourEntry, ReadinessAssessment
from requirements_tracking.readiness.selectors import person_assessments
from sponsors.money.selectors import payments_for_participant

COLUMNS = ("ev_at", "ev_kind", "ev_ref", "ev_a", "ev_b")


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime.datetime
    label: str
    url: str = ""


def _text(value: str | Expression | None) -> Expression:
    """A column of text: a field by name, an expression, or nothing."""
    if value is None:
        return Value(None, output_field=CharField())
    return Cast(F(value) if isinstance(value, str) else value, CharField())


def _rows(rows: QuerySet, kind: str, at: str | Expression, *, ref=None, a=None, b=None) -> QuerySet:
    """One kind of event as the timeline's five columns (no ordering: a UNION branch).
    `at` is a date or an instant, alike in every branch of one UNION."""
    return (
        rows.order_by()
        .annotate(
            ev_at=F(at) if isinstance(at, str) else at,
            ev_kind=Value(kind, output_field=CharField()),
            ev_ref=_text(ref),
            ev_a=_text(a),
            ev_b=_text(b),
        )
        .values_list(*COLUMNS)
    )


def _key(participant: Participant, limit: int | None) -> tuple:
    """What the timeline's statements depend on (`cpse.prepared`): the person, the account
    and the credential their rows are read by, the cap, and the day (a selector may
    compare with today)."""
    return (participant.pk, participant.user_id, participant.cohort.credential_id, limit, timezone.localdate())


def _newest(branches: list[QuerySet], limit: int | None) -> QuerySet:
    # Ties broken by the row, so a capped timeline is the start of the whole one.
    combined = branches[0].union(*branches[1:], all=True).order_by("-ev_at", "ev_kind", "ev_ref", "ev_a")
    return combined if limit is None else combined[:limit]


def _instants(participant: Participant, limit: int | None) -> list[tuple]:
    return prepared_rows(
        ("record.timeline.instants", *_key(participant, limit)), lambda: _instant_rows(participant, limit)
    )


def _instant_rows(participant: Participant, limit: int | None) -> QuerySet:
    passed = Case(When(passed=True, then=Value("1")), default=Value("0"), output_field=CharField())
    agreed_at = Greatest("participant_agreed_at", "supervisor_agreed_at")
    return _newest(
        [
            _rows(
                ApplicationEvent.objects.filter(application__applicant_id=participant.user_id),
                "application",
                "at",
                ref="application__public_id",
                # An interview moved, cancelled or missed says so; any other event, its status.
                a=Case(When(change="", then=F("to_status")), default=F("change")),
                b="application__cohort__year",
            ),
            _rows(participant_status_history(participant), "status", "changed_at", a="from_status", b="to_status"),
            _rows(
                attempts_for_staff().filter(
                    participant=participant, status=Attempt.Status.FINAL, finalized_at__isnull=False
                ),
                "attempt",
                "finalized_at",
                ref="public_id",
                a="number",
                b=passed,
            ),
            _rows(
                checkin_schedule(participant).filter(submitted_at__isnull=False), "checkin", "submitted_at", a="number"
            ),
            _rows(
                acknowledgments_for(participant).filter(acknowledged_at__isnull=False),
                "ethics",
                "acknowledged_at",
                a="code__version",
            ),
            _rows(
                person_assessments(participant).exclude(outcome="").filter(assessed_at__isnull=False),
                "readiness",
                "assessed_at",
                a="stage",
                b="outcome",
            ),
            _rows(agreed_contracts(participant), "contract", agreed_at, a="setting"),
        ],
        limit,
    )


def _approved_hours(participant: Participant, limit: int | None) -> list[tuple]:
    """Approved hours apart, the latest by their date: the selector's order, which the
    participant's index serves (by approval time, in the UNION or alone, SQLite without
    table statistics scans every approved entry of the program)."""

    def build() -> QuerySet:
        approved = entries_for_participant(participant).filter(
            status=HourEntry.Status.APPROVED, reviewed_at__isnull=False
        )
        rows = _rows(approved, "hours", "reviewed_at", ref="public_id", a="hours", b="requirement__category")
        rows = rows.order_by("-date", "-pk")
        return rows if limit is None else rows[:limit]

    return prepared_rows(("record.timeline.hours", *_key(participant, limit)), build)


def _days(participant: Participant, limit: int | None) -> list[tuple]:
    return prepared_rows(("record.timeline.days", *_key(participant, limit)), lambda: _day_rows(participant, limit))


def _day_rows(participant: Participant, limit: int | None) -> QuerySet:
    pauses = pauses_for_participant(participant)
    return _newest(
        [
            _rows(certificates_for_participant(participant), "certificate", "issued_on", ref="public_id", a="number"),
            _rows(placements_for_participant(participant), "placement", "start_date", a="agency"),
            _rows(
                payments_for_participant(participant),
                "payment",
                "received_on",
                ref="invoice__public_id",
                a="receipt_number",
            ),
            _rows(pauses, "paused", "started_on"),
            _rows(pauses.filter(ended_on__isnull=False), "resumed", "ended_on"),
            _rows(
                Mentorship.objects.filter(participant=participant),
                "mentor",
                "started_on",
                ref="mentor__public_id",
                a="mentor__user__display_name",
            ),
        ],
        limit,
    )


def _hours(text: str) -> Decimal:
    """The hours as the model reads them (SQLite's text drops the trailing zeros)."""
    places = HourEntry._meta.get_field("hours").decimal_places
    return Decimal(text).quantize(Decimal(1).scaleb(-places))


def _event(participant: Participant, at, kind: str, ref, a, b) -> TimelineEvent:
    public_id = participant.public_id
    ref = uuid.UUID(ref) if ref else None  # SQLite keeps a public id without its dashes
    if kind == "application":
        label = _("Application to the %(cohort)s: %(status)s") % {
            "cohort": Cohort(year=int(b)),
            "status": ApplicationEvent(to_status=a, change=a if a in ApplicationEvent.Change.values else "").label,
        }
        return TimelineEvent(at, label, reverse("applications_staff:detail", args=[ref]))
    if kind == "status":
        change = ParticipantStatusChange(from_status=a, to_status=b)
        label = _("Status: %(from)s to %(to)s") % {
            "from": change.get_from_status_display(),
            "to": change.get_to_status_display(),
        }
        return TimelineEvent(at, label, reverse("cohorts_staff:participant_detail", args=[public_id]))
    if kind == "hours":
        label = _("%(hours)s hours approved: %(requirement)s") % {
            "hours": _hours(a),
            "requirement": Requirement(category=b).get_category_display(),
        }
        return TimelineEvent(at, label, reverse("requirements_tracking_staff:review", args=[ref]))
    if kind == "attempt":
        label = _("Exam attempt %(number)s: passed") if b == "1" else _("Exam attempt %(number)s: not passed")
        return TimelineEvent(at, label % {"number": a}, reverse("exam_review:attempt", args=[ref]))
    checkins_url = reverse("checkins_staff:participant", args=[public_id])
    if kind == "checkin":
        return TimelineEvent(at, _("Check-in %(number)s sent") % {"number": a}, checkins_url)
    if kind == "ethics":
        url = reverse("ethics:staff_acknowledgments") + f"?cohort={participant.cohort_id}"
        return TimelineEvent(at, _("Code of ethics version %(version)s acknowledged") % {"version": a}, url)
    readiness_url = reverse("readiness:staff_participant", args=[public_id])
    if kind == "readiness":
        assessment = ReadinessAssessment(stage=a, outcome=b)
        label = _("Readiness (%(stage)s): %(outcome)s") % {
            "stage": assessment.get_stage_display(),
            "outcome": assessment.get_outcome_display(),
        }
        return TimelineEvent(at, label, readiness_url)
    if kind == "contract":
        label = _("Supervision contract agreed: %(setting)s") % {
            "setting": SupervisionContract(setting=a).get_setting_display()
        }
        return TimelineEvent(at, label, reverse("supervision:staff_participant", args=[public_id]))
    day = day_start(at)
    if kind == "certificate":
        label = _("Certificate %(number)s issued") % {"number": a}
        return TimelineEvent(day, label, reverse("certificates_staff:detail", args=[ref]))
    if kind == "placement":
        return TimelineEvent(day, _("Placement started at %(agency)s") % {"agency": a}, checkins_url)
    if kind == "payment":
        label = _("Payment received: %(receipt)s") % {"receipt": a}
        return TimelineEvent(day, label, reverse("sponsors_finance:invoice_detail", args=[ref]))
    if kind == "paused":
        return TimelineEvent(day, _("Program paused"), readiness_url)
    if kind == "resumed":
        return TimelineEvent(day, _("Program resumed after a pause"), readiness_url)
    label = _("Paired with peer mentor %(name)s") % {"name": get_user_model()(display_name=a)}
    return TimelineEvent(day, label, reverse("mentorship:staff_detail", args=[ref]))


def timeline(participant: Participant, *, limit: int | None) -> list[TimelineEvent]:
    """What happened, newest first: the newest `limit` events (all of them for None)."""
    rows = _instants(participant, limit) + _approved_hours(participant, limit) + _days(participant, limit)
    events = sorted(
        (_event(participant, *row) for row in rows),
        key=lambda event: event.at,
        reverse=True,
    )
    return events if limit is None else events[:limit]
