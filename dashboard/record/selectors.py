"""Reads for the participant record: one person across the apps, each app read through its
own selectors, and the change history and record views of that one person.

The record is a list of sections (`RECORD_SECTIONS`): each is a template include fed by
`participant_record`. A new part of the program adds one section there and one template.
The page costs a fixed number of queries however many rows the person has.
"""

import datetime
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import selectors as application_selectors
from applications.access.selectors import access_needs_for
from applications.models import Application
from certificates import selectors as certificate_selectors
from certificates.models import Certificate
from checkins.models import CheckIn, Placement
from checkins.placement.selectors import checkin_schedule, placement_year_from, placements_for_participant
from checkins.supervision.selectors import GAP_PREFERENCE, contract_gap, contracts_with_last_session
from checkins.surveys.selectors import invitations_for_staff
from cohorts import selectors as cohort_selectors
from cohorts.models import Participant, ParticipantStatusChange
from cohorts.pauses.selectors import pauses_for_participant
from cpse.audit import selectors as audit_selectors
from cpse.audit.models import AccessLogEntry
from cpse.crypto import EncryptedTextField  # its subclasses (dates, JSON) too
from mentorship import selectors as mentorship_selectors
from requirements_tracking.ethics.selectors import versions_for_participant
from requirements_tracking.exam_review.selectors import attempts_for_staff
from requirements_tracking.hours.selectors import entries_for_participant
from requirements_tracking.models import HourEntry
from requirements_tracking.practicum.selectors import practicums_for_staff
from requirements_tracking.progress import participant_progress
from requirements_tracking.readiness.selectors import Stage, assessments_of_person
from sponsors.models import Invoice
from sponsors.money.selectors import (
    invoices_for_participant,
    participant_balance,
    payments_for_participant,
    seats_for_participant,
)

# The sections of the record page, in order: one template each (see the module docstring).
RECORD_SECTIONS = [
    "dashboard/record/_application.html",
    "dashboard/record/_progress.html",
    "dashboard/record/_exam.html",
    "dashboard/record/_certificate.html",
    "dashboard/record/_placement.html",
    "dashboard/record/_money.html",
    "dashboard/record/_ethics.html",
    "dashboard/record/_readiness.html",
    "dashboard/record/_supervision.html",
    "dashboard/record/_mentor.html",
    "dashboard/record/_access.html",
    "dashboard/record/_surveys.html",
    "dashboard/record/_timeline.html",
]
TIMELINE_CAP = 20


def participant_for_record(public_id) -> Participant | None:
    return cohort_selectors.participant_for_staff(public_id)


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime.datetime
    label: str
    url: str = ""


def _day(date: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.min))


@dataclass
class ParticipantRecord:
    participant: Participant
    applications: list[Application]
    status_changes: list
    progress: list
    attempts: list
    certificates: list  # each with `valid_today`
    certified: bool  # certificates.selectors' one rule: a certificate valid today
    placements: list[Placement]
    placement_year: object
    checkins: list[CheckIn]
    seats: list
    balance: object
    invoices: list
    payments: list
    ethics_versions: list  # the current version first, each with `acknowledged_at`
    readiness: list  # outcomes and dates only
    pauses: list  # without their plans
    supervision_contracts: list  # every contract, each with `last_on`
    practicums: list  # the current first, each with `supervisor_verified`
    mentorships: list  # each with `meetings_count` and `meetings_minutes`
    access_needs: object  # an AccessSummary, or None
    survey_invitations: list
    today: datetime.date
    timeline: list[TimelineEvent] = field(default_factory=list)
    timeline_more: bool = False

    @property
    def checkins_sent(self) -> int:
        return sum(1 for checkin in self.checkins if checkin.submitted_at is not None)

    @property
    def ethics_current(self):
        return self.ethics_versions[0] if self.ethics_versions else None

    @property
    def ethics_latest_acknowledged(self):
        return next((code for code in self.ethics_versions if code.acknowledged_at), None)

    @property
    def readiness_latest(self) -> list:
        """The latest assessment of each stage, in the program's order."""
        latest = {}
        for assessment in self.readiness:  # newest first
            latest.setdefault(assessment.stage, assessment)
        return [latest[stage] for stage in Stage.values if stage in latest]

    @property
    def supervision_current(self) -> list:
        """The current contract of each setting, each with its last session (`last_on`);
        the one whose gap counts (as on the check-in board) also has `gap`."""
        current = sorted(
            (contract for contract in self.supervision_contracts if contract.replaced_at is None),
            key=lambda contract: GAP_PREFERENCE[contract.setting],
        )
        counted = next((contract for contract in current if contract.agreed), None)
        for contract in current:
            contract.gap = contract_gap(contract, self.today) if contract is counted else None
        return current

    @property
    def mentorship_current(self):
        return next((mentorship for mentorship in self.mentorships if mentorship.ended_on is None), None)


def _limited(queryset, limit: int | None):
    return list(queryset if limit is None else queryset[:limit])


def participant_record(participant: Participant, *, full_timeline: bool = False) -> ParticipantRecord:
    """Everything about the participant, each part from its app's selectors. The timeline
    merges every kind of event, newest first; without `full_timeline` it shows the latest
    TIMELINE_CAP (each source reads at most that many rows, so the cost stays fixed)."""
    limit = None if full_timeline else TIMELINE_CAP + 1
    user = participant.user
    applications = list(application_selectors.applications_of_person(user))
    for application in applications:
        interview = getattr(application, "interview", None)
        application.average_score = application_selectors.average_score(interview.scores.all()) if interview else None
    status_changes = list(cohort_selectors.participant_status_history(participant).order_by("-changed_at", "-pk"))
    attempts = list(attempts_for_staff().filter(participant=participant))
    certificates = list(certificate_selectors.certificates_for_participant(participant))
    placements = list(placements_for_participant(participant))
    checkins = list(checkin_schedule(participant))
    payments = list(payments_for_participant(participant).order_by("-received_on", "-pk"))
    # The latest hours by their date (the selector's order, which the participant's index
    # serves; ordering by approval time made SQLite scan every approved entry at scale).
    approved = _limited(
        entries_for_participant(participant).filter(status=HourEntry.Status.APPROVED, reviewed_at__isnull=False),
        limit,
    )
    record = ParticipantRecord(
        participant=participant,
        applications=applications,
        status_changes=status_changes,
        progress=participant_progress(participant),
        attempts=attempts,
        certificates=certificates,
        certified=certificate_selectors.is_certified(participant),
        placements=placements,
        placement_year=placement_year_from(participant, placements, checkins),
        checkins=checkins,
        seats=list(seats_for_participant(participant)),
        balance=participant_balance(participant),
        invoices=list(invoices_for_participant(participant)),
        payments=payments,
        ethics_versions=versions_for_participant(participant),
        readiness=assessments_of_person(participant),
        pauses=list(pauses_for_participant(participant).defer("plan").order_by("-started_on")),
        supervision_contracts=contracts_with_last_session(participant),
        practicums=practicums_for_staff(participant),
        mentorships=list(mentorship_selectors.mentorships_of_participant(participant)),
        access_needs=access_needs_for([user.pk]).get(user.pk),
        survey_invitations=list(invitations_for_staff(participant)),
        today=timezone.localdate(),
    )
    events = _timeline(record, approved)
    record.timeline_more = limit is not None and len(events) > TIMELINE_CAP
    record.timeline = events if limit is None else events[:TIMELINE_CAP]
    return record


def _timeline(record: ParticipantRecord, approved: list[HourEntry]) -> list[TimelineEvent]:
    """What happened, newest first. Check-ins say only that one was sent, never what it said."""
    participant = record.participant
    events = []
    for application in record.applications:
        url = reverse("applications_staff:detail", args=[application.public_id])
        for event in application.events.all():
            label = _("Application to the %(cohort)s: %(status)s") % {
                "cohort": application.cohort,
                "status": event.get_to_status_display(),
            }
            events.append(TimelineEvent(event.at, label, url))
    status_url = reverse("cohorts_staff:participant_detail", args=[participant.public_id])
    for change in record.status_changes:
        label = _("Status: %(from)s to %(to)s") % {
            "from": change.get_from_status_display(),
            "to": change.get_to_status_display(),
        }
        events.append(TimelineEvent(change.changed_at, label, status_url))
    for entry in approved:
        label = _("%(hours)s hours approved: %(requirement)s") % {
            "hours": entry.hours,
            "requirement": entry.requirement.get_category_display(),
        }
        events.append(
            TimelineEvent(
                entry.reviewed_at, label, reverse("requirements_tracking_staff:review", args=[entry.public_id])
            )
        )
    for attempt in record.attempts:
        if attempt.status == attempt.Status.FINAL and attempt.finalized_at:
            label = _("Exam attempt %(number)s: passed") if attempt.passed else _("Exam attempt %(number)s: not passed")
            url = reverse("exam_review:attempt", args=[attempt.public_id])
            events.append(TimelineEvent(attempt.finalized_at, label % {"number": attempt.number}, url))
    for certificate in record.certificates:
        label = _("Certificate %(number)s issued") % {"number": certificate.number}
        url = reverse("certificates_staff:detail", args=[certificate.public_id])
        events.append(TimelineEvent(_day(certificate.issued_on), label, url))
    checkins_url = reverse("checkins_staff:participant", args=[participant.public_id])
    for placement in record.placements:
        label = _("Placement started at %(agency)s") % {"agency": placement.agency}
        events.append(TimelineEvent(_day(placement.start_date), label, checkins_url))
    for checkin in record.checkins:
        if checkin.submitted_at:
            label = _("Check-in %(number)s sent") % {"number": checkin.number}
            events.append(TimelineEvent(checkin.submitted_at, label, checkins_url))
    for payment in record.payments:
        label = _("Payment received: %(receipt)s") % {"receipt": payment.receipt_number}
        url = reverse("sponsors_finance:invoice_detail", args=[payment.invoice.public_id])
        events.append(TimelineEvent(_day(payment.received_on), label, url))
    events += _standards_events(record)
    return sorted(events, key=lambda event: event.at, reverse=True)


def _standards_events(record: ParticipantRecord) -> list[TimelineEvent]:
    """The program standards' events: that something was acknowledged, judged, paused,
    agreed or paired, never what was written (answers, notes, plans, reflections)."""
    public_id = record.participant.public_id
    events = []
    ethics_url = reverse("ethics:staff_acknowledgments") + f"?cohort={record.participant.cohort_id}"
    for code in record.ethics_versions:
        if code.acknowledged_at:
            label = _("Code of ethics version %(version)s acknowledged") % {"version": code.version}
            events.append(TimelineEvent(code.acknowledged_at, label, ethics_url))
    readiness_url = reverse("readiness:staff_participant", args=[public_id])
    for assessment in record.readiness:
        if assessment.outcome and assessment.assessed_at:
            label = _("Readiness (%(stage)s): %(outcome)s") % {
                "stage": assessment.get_stage_display(),
                "outcome": assessment.get_outcome_display(),
            }
            events.append(TimelineEvent(assessment.assessed_at, label, readiness_url))
    for pause in record.pauses:
        events.append(TimelineEvent(_day(pause.started_on), _("Program paused"), readiness_url))
        if pause.ended_on:
            events.append(TimelineEvent(_day(pause.ended_on), _("Program resumed after a pause"), readiness_url))
    supervision_url = reverse("supervision:staff_participant", args=[public_id])
    for contract in record.supervision_contracts:
        if contract.agreed:
            label = _("Supervision contract agreed: %(setting)s") % {"setting": contract.get_setting_display()}
            agreed_at = max(contract.participant_agreed_at, contract.supervisor_agreed_at)
            events.append(TimelineEvent(agreed_at, label, supervision_url))
    for mentorship in record.mentorships:
        label = _("Paired with peer mentor %(name)s") % {"name": mentorship.mentor.user}
        url = reverse("mentorship:staff_detail", args=[mentorship.mentor.public_id])
        events.append(TimelineEvent(_day(mentorship.started_on), label, url))
    return events


# --- The history of one record -------------------------------------------------------------


def _rows_of(participant: Participant) -> Q:
    """The audit trail's rows about this person: their participation and its status
    changes, their account, and their hours, placements, check-ins, applications,
    certificates and invoices. Each kind's ids are a subquery, so the history costs the
    same few queries however many kinds and rows there are."""
    user = participant.user
    owned = {
        Participant: [participant.pk],
        type(user): [user.pk],
        HourEntry: HourEntry.objects.filter(participant=participant),
        Placement: Placement.objects.filter(participant=participant),
        CheckIn: CheckIn.objects.filter(participant=participant),
        Application: Application.objects.filter(applicant=user),
        ParticipantStatusChange: ParticipantStatusChange.objects.filter(participant=participant),
        Certificate: Certificate.objects.filter(participant=participant),
        Invoice: Invoice.objects.filter(participant=participant),
    }
    types = ContentType.objects.get_for_models(*owned)
    condition = Q(pk__in=[])
    for model, rows in owned.items():
        if isinstance(rows, list):
            pks = [str(pk) for pk in rows]
        else:  # the audit trail keeps a row's pk as text
            pks = rows.order_by().annotate(pk_text=Cast("pk", CharField())).values("pk_text")
        condition |= Q(content_type=types[model], object_pk__in=pks)
    return condition


def change_entries_for(participant: Participant) -> QuerySet[LogEntry]:
    return audit_selectors.change_entries().filter(_rows_of(participant))


def access_entries_for(participant: Participant) -> QuerySet[AccessLogEntry]:
    return audit_selectors.access_log_entries().filter(subject=participant.user)


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: str
    new: str
    hidden: bool  # an encrypted field: only that it changed is shown


def field_changes(entry: LogEntry) -> list[FieldChange]:
    """The fields an entry changed; values of encrypted fields are never shown (what is
    stored for them is ciphertext)."""
    model = entry.content_type.model_class()
    changes = []
    for name, values in (entry.changes_dict or {}).items():
        try:
            model_field = model._meta.get_field(name) if model else None
        except Exception:  # a field since removed from the model
            model_field = None
        if model_field is not None and model_field.auto_created and not model_field.concrete:
            continue  # a reverse relation, listed by the history when a row is created
        listed = isinstance(values, (list, tuple))  # many-to-many changes are recorded another way
        hidden = not listed or model_field is None or isinstance(model_field, EncryptedTextField)
        old, new = (list(values) + ["", ""])[:2] if listed else ("", "")
        label = str(getattr(model_field, "verbose_name", name))
        changes.append(FieldChange(label, "" if hidden else str(old), "" if hidden else str(new), hidden))
    return changes


def with_field_changes(entries) -> list[LogEntry]:
    entries = list(entries)
    for entry in entries:
        entry.field_changes = field_changes(entry)
    return entries
