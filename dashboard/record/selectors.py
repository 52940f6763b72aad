"""Reads for the participant record: one person across the apps, each app read through its
own selectors, and the change history and record views of that one person.

The record is a few pages (`TABS`: an overview, the placement year, the fee, the program
standards, the timeline), each a list of sections (template includes) fed by its own
`record_<page>` reader, so each page stays small and costs a fixed number of queries
(issue #19: at most 12, the access-log write included) however many rows the person has.
A new part of the program adds a section to one page (or a page) and one template.
"""

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.selectors import ContactCard, contact_card
from applications import selectors as application_selectors
from applications.access.selectors import access_needs_for
from applications.models import Application, StaffNote
from certificates import selectors as certificate_selectors
from certificates.models import Certificate, CertificateName
from checkins.models import CheckIn, Placement, SupervisionContract
from checkins.placement.selectors import checkin_schedule, placement_year_from, placements_for_participant
from checkins.supervision.selectors import contract_gap, contract_in_force, contracts_with_last_session
from checkins.surveys.selectors import invitations_for_staff
from cohorts import selectors as cohort_selectors
from cohorts.models import Participant, ParticipantStatusChange
from cohorts.pauses.selectors import pauses_for_participant
from cpse.audit import selectors as audit_selectors
from cpse.audit.models import AccessLogEntry
from cpse.prepared import PreparedRows
from dashboard.history import changes_in_words
from dashboard.record.timeline import TimelineEvent, timeline
from mentorship import selectors as mentorship_selectors
from requirements_tracking.ethics.selectors import versions_for_participant
from requirements_tracking.exam_review.selectors import attempts_for_staff
from requirements_tracking.models import Attendance, HourEntry
from requirements_tracking.practicum.selectors import practicums_for_staff
from requirements_tracking.progress import participant_progress
from requirements_tracking.readiness.selectors import Stage, assessments_of_person
from sponsors.models import Invoice
from sponsors.money.selectors import (
    invoices_for_participant,
    participant_balance,
    seats_for_participant,
)


@dataclass(frozen=True)
class Tab:
    """One page of the record: its URL's name in `participant_record`, its label and its
    sections (template includes, in order)."""

    name: str
    label: str
    sections: tuple[str, ...]

    @property
    def url_name(self) -> str:
        return f"participant_record:{self.name}"


# The record's pages, in order (see the module docstring).
TABS = (
    Tab(
        "record",
        gettext_lazy("Overview"),
        (
            "dashboard/record/_contact.html",
            "dashboard/record/_application.html",
            "dashboard/record/_progress.html",
            "dashboard/record/_exam.html",
            "dashboard/record/_certificate.html",
        ),
    ),
    Tab("placement", gettext_lazy("Placement and check-ins"), ("dashboard/record/_placement.html",)),
    Tab("fees", gettext_lazy("Fee and sponsors"), ("dashboard/record/_money.html",)),
    Tab(
        "standards",
        gettext_lazy("Program standards"),
        (
            "dashboard/record/_ethics.html",
            "dashboard/record/_readiness.html",
            "dashboard/record/_supervision.html",
            "dashboard/record/_mentor.html",
            "dashboard/record/_access.html",
            "dashboard/record/_surveys.html",
        ),
    ),
    Tab("timeline", gettext_lazy("Timeline"), ("dashboard/record/_timeline.html",)),
)
TAB = {tab.name: tab for tab in TABS}
TIMELINE_CAP = 20


def participant_for_record(public_id) -> Participant | None:
    return cohort_selectors.participant_for_staff(public_id)


@dataclass
class Overview:
    contact: ContactCard
    applications: list[Application]
    progress: list
    attempts: list
    certificates: list  # each with `valid_today`

    @property
    def certified(self) -> bool:
        """certificates.selectors' one rule (`valid_today`): a certificate valid today."""
        return any(certificate.valid_today for certificate in self.certificates)


def record_overview(participant: Participant) -> Overview:
    applications = list(application_selectors.applications_of_person(participant.user))
    for application in applications:
        interview = getattr(application, "interview", None)
        application.average_score = application_selectors.average_score(interview.scores.all()) if interview else None
    return Overview(
        contact=contact_card(participant.user),
        applications=applications,
        progress=participant_progress(participant),
        attempts=list(attempts_for_staff().filter(participant=participant)),
        certificates=list(certificate_selectors.certificates_for_participant(participant)),
    )


@dataclass
class PlacementPage:
    placements: list[Placement]
    placement_year: object


def record_placement(participant: Participant) -> PlacementPage:
    placements = list(placements_for_participant(participant))
    checkins = list(checkin_schedule(participant)) if placements else []
    return PlacementPage(placements=placements, placement_year=placement_year_from(participant, placements, checkins))


@dataclass
class Fees:
    seats: list
    balance: object
    invoices: list


def record_fees(participant: Participant) -> Fees:
    return Fees(
        seats=list(seats_for_participant(participant)),
        balance=participant_balance(participant),
        invoices=list(invoices_for_participant(participant)),
    )


@dataclass
class Standards:
    ethics_versions: list  # the current version first, each with `acknowledged_at`
    readiness: list  # outcomes and dates only
    pauses: list  # without their plans
    supervision_contracts: list  # every contract, each with `last_on`
    practicums: list  # the current first, each with `supervisor_verified`
    mentorships: list  # each with `meetings_count` and `meetings_minutes`
    access_needs: object  # an AccessSummary, or None
    survey_invitations: list
    today: datetime.date
    program_end: datetime.date  # the cohort's: the practicum's contract is in force until then

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
        """The current contract of each setting, each with its last session (`last_on`),
        the placement year's first; the one in force, once agreed, also has `gap` (as on
        the check-in board)."""
        current = sorted(
            (contract for contract in self.supervision_contracts if contract.replaced_at is None),
            key=lambda contract: contract.setting != SupervisionContract.Setting.PLACEMENT,
        )
        counted = contract_in_force(current, today=self.today, program_end=self.program_end)
        for contract in current:
            contract.gap = contract_gap(contract, self.today) if contract is counted and contract.agreed else None
        return current

    @property
    def mentorship_current(self):
        return next((mentorship for mentorship in self.mentorships if mentorship.ended_on is None), None)


def record_standards(participant: Participant) -> Standards:
    user_id = participant.user_id
    return Standards(
        ethics_versions=versions_for_participant(participant),
        readiness=assessments_of_person(participant),
        pauses=list(pauses_for_participant(participant).defer("plan").order_by("-started_on")),
        supervision_contracts=contracts_with_last_session(participant),
        practicums=practicums_for_staff(participant),
        mentorships=list(mentorship_selectors.mentorships_of_participant(participant)),
        access_needs=access_needs_for([user_id]).get(user_id),
        survey_invitations=list(invitations_for_staff(participant)),
        today=timezone.localdate(),
        program_end=participant.cohort.program_end,
    )


@dataclass
class Timeline:
    timeline: list[TimelineEvent]
    timeline_more: bool  # capped: there is more than TIMELINE_CAP


def record_timeline(participant: Participant, *, full: bool = False) -> Timeline:
    """Every kind of event, newest first; without `full` the latest TIMELINE_CAP (one more
    is read to know whether there is more)."""
    events = timeline(participant, limit=None if full else TIMELINE_CAP + 1)
    if full:
        return Timeline(timeline=events, timeline_more=False)
    return Timeline(timeline=events[:TIMELINE_CAP], timeline_more=len(events) > TIMELINE_CAP)


# --- The history of one record -------------------------------------------------------------


def _rows_of(participant: Participant, types: dict) -> Q:
    """The audit trail's rows about this person: their participation and its status
    changes, their account, and their hours (approved by staff or made by attendance),
    attendance, placements, check-ins, applications (their decisions) and staff notes on
    them, certificates, the name chosen for them, and invoices. Each kind's ids are a
    subquery, so the history costs the same few queries however many kinds and rows
    there are. `types`: the content type of each kind (`_history_types`)."""
    user = participant.user
    owned = {
        Participant: [participant.pk],
        type(user): [user.pk],
        HourEntry: HourEntry.objects.filter(participant=participant),
        Attendance: Attendance.objects.filter(participant=participant),
        Placement: Placement.objects.filter(participant=participant),
        CheckIn: CheckIn.objects.filter(participant=participant),
        Application: Application.objects.filter(applicant=user),
        StaffNote: StaffNote.objects.filter(application__applicant=user),
        ParticipantStatusChange: ParticipantStatusChange.objects.filter(participant=participant),
        Certificate: Certificate.objects.filter(participant=participant),
        CertificateName: CertificateName.objects.filter(participant=participant),
        Invoice: Invoice.objects.filter(participant=participant),
    }
    condition = Q(pk__in=[])
    for model, rows in owned.items():
        if isinstance(rows, list):
            pks = [str(pk) for pk in rows]
        else:  # the audit trail keeps a row's pk as text
            pks = rows.order_by().annotate(pk_text=Cast("pk", CharField())).values("pk_text")
        condition |= Q(content_type=types[model], object_pk__in=pks)
    return condition


def _history_types() -> dict:
    """The content type of each kind of row `_rows_of` reads (Django keeps them cached)."""
    return ContentType.objects.get_for_models(
        Participant,
        get_user_model(),
        HourEntry,
        Attendance,
        Placement,
        CheckIn,
        Application,
        StaffNote,
        ParticipantStatusChange,
        Certificate,
        CertificateName,
        Invoice,
    )


def change_entries_for(participant: Participant) -> PreparedRows:
    """The history's entries for its paginator: building that query (a subquery per kind
    of row) costs more than running it, so its statements are built once per person and
    content types (`cpse.prepared`); the rows are read every time."""
    types = _history_types()
    key = ("record.change_entries", participant.pk, participant.user_id, tuple(sorted(t.pk for t in types.values())))
    return PreparedRows(key, lambda: audit_selectors.change_entries().filter(_rows_of(participant, types)))


def access_entries_for(participant: Participant) -> QuerySet[AccessLogEntry]:
    return audit_selectors.access_log_entries().filter(subject=participant.user)


def with_field_changes(entries, participant: Participant) -> list[LogEntry]:
    """The history's entries in words (`dashboard.history`), the person and their
    participation named by theirs (known already, no query)."""
    known = {
        (Participant, str(participant.pk)): str(participant),
        (type(participant.user), str(participant.user_id)): str(participant.user),
    }
    return changes_in_words(entries, known=known)
