"""State changes reach the change history (issue #20, docs/decisions.md).

A state change is saved (`select_for_update()` + `save(update_fields=[...])`, which the
audit sees), or made by a conditional `.update()` (the guard against double submits)
followed, when it changed a row, by `cpse.audit.services.change_record`. Two checks:

- the walk: every tracked model with a `status` field (read from the audit registry) has
  its transitions run through the services, and each leaves a change-history row with
  the old and the new status (a few other state fields ride along: agreed, replaced,
  decided, moved between cohorts);
- the guard: a `.update(...)` or `.bulk_update(...)` that writes a state field of a tracked
  model (or of a model it cannot name) is followed by `change_record(...)` in the same
  function, or is on the allow-list below with its reason.
"""

import ast
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from cpse.audit.services import change_record
from tests import project_files

NOW = datetime.datetime(2026, 6, 20, 15, 0, tzinfo=datetime.UTC)  # inside the 2026 program
TODAY = datetime.date(2026, 5, 10)
SET = object()  # "any value": a moment or a row that the service chooses


# --- The walk --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """`run(world)` sets the scene, calls the service(s) and returns the object whose
    `field` went from `old` to `new`."""

    name: str
    model: type[models.Model]
    old: object
    new: object
    run: Callable[[SimpleNamespace], models.Model]
    field: str = "status"


def _hour_entry(w):
    from requirements_tracking.hours.services import hour_entry_submit

    requirement = w.participant.cohort.requirement_set.requirements.get(category="self_care")
    return hour_entry_submit(
        participant=w.participant,
        requirement=requirement,
        date=TODAY,
        hours=Decimal("1"),
        kind="journaling",
        reflection="Walked by the river",
        today=TODAY,
    )


def hours_approved(w):
    from requirements_tracking.hours.services import hour_entry_approve

    return hour_entry_approve(entry=_hour_entry(w), by=w.program_staff)


def hours_returned(w):
    from requirements_tracking.hours.services import hour_entry_return

    return hour_entry_return(entry=_hour_entry(w), by=w.program_staff, comment="Please add the date.")


def hours_resubmitted(w):
    from requirements_tracking.hours.services import hour_entry_return, hour_entry_update

    entry = hour_entry_return(entry=_hour_entry(w), by=w.program_staff, comment="Please add the date.")
    return hour_entry_update(
        entry=entry,
        participant=w.participant,
        date=TODAY,
        hours=Decimal("1.5"),
        kind="journaling",
        reflection="Walked by the river on Sunday",
        today=TODAY,
    )


def _practicum_entry(w):
    from requirements_tracking.practicum import services

    services.practicum_set(
        participant=w.participant,
        host_agency="Harbor House",
        supervisor_name="Sam Rivera",
        supervisor_email="sam@harbor.example.org",
    )
    return services.practicum_hours_log(
        participant=w.participant, date=TODAY, hours=Decimal("2"), reflection="Intake calls", today=TODAY
    )


def _practicum_decided(w, decision):
    from requirements_tracking.practicum import services

    entry = _practicum_entry(w)
    confirmation = entry.supervisor_confirmations.get()
    comment = "Those were not my hours." if decision == services.DECLINE else ""
    services.supervisor_confirmation_decide(confirmation=confirmation, decision=decision, comment=comment)
    return entry, confirmation


def practicum_hours_confirmed(w):
    return _practicum_decided(w, "confirm")[0]


def practicum_hours_declined(w):
    return _practicum_decided(w, "decline")[0]


def confirmation_confirmed(w):
    return _practicum_decided(w, "confirm")[1]


def confirmation_declined(w):
    return _practicum_decided(w, "decline")[1]


def confirmation_replaced(w):
    from requirements_tracking.practicum.services import supervisor_confirmation_resend

    entry = _practicum_entry(w)
    first = entry.supervisor_confirmations.get()
    supervisor_confirmation_resend(entry=entry)
    return first


def practicum_no_longer_current(w):
    from requirements_tracking.practicum.services import practicum_set

    first = practicum_set(
        participant=w.participant, host_agency="Harbor House", supervisor_name="Sam", supervisor_email="sam@h.org"
    )
    practicum_set(
        participant=w.participant, host_agency="Bay Shelter", supervisor_name="Kim", supervisor_email="kim@b.org"
    )
    return first


def _attempt(w):
    from requirements_tracking.exam import services
    from requirements_tracking.models import Question
    from tests.requirements_tracking import exam_factories as make

    exam = make.exam(w.participant.cohort, questions=[make.question(Question.Kind.SINGLE)])
    attempt = services.attempt_start(participant=w.participant, exam=exam)
    services.answer_save(attempt=attempt, position=0, response={"choices": ["b"]})
    services.attempt_submit(attempt=attempt)
    return attempt


def attempt_submitted(w):
    return _attempt(w)


def attempt_final(w):
    return _attempt(w)


def exam_appeal_decided(w):
    from requirements_tracking.exam_review import services

    appeal = services.exam_appeal_submit(attempt=_attempt(w), reason="Question 1 was unclear.")
    return services.exam_appeal_decide(
        appeal=appeal, status="upheld", review_notes="Agreed", outcome="We looked again.", by=w.program_staff
    )


def remediation_completed(w):
    from requirements_tracking.exam_review import services
    from requirements_tracking.models import RemediationPlan
    from tests.requirements_tracking import exam_factories as make

    attempt = make.submitted_attempt(make.exam(w.participant.cohort), w.participant, [])
    plan = RemediationPlan.objects.create(attempt=attempt, plan="Review ethics.", review_by=TODAY)
    return services.remediation_plan_complete(plan=plan, by=w.program_staff)


def attendance_corrected(w):
    from requirements_tracking.models import Attendance
    from requirements_tracking.sessions import services
    from requirements_tracking.sessions.services import Mark

    cohort = w.participant.cohort
    session = services.training_session_schedule(
        cohort=cohort,
        requirement=cohort.requirement_set.requirements.get(category="online"),
        title="Listening well",
        starts_at=datetime.datetime(2026, 5, 12, 22, 0, tzinfo=datetime.UTC),
        duration_minutes=90,
        location="Online",
        by=w.program_staff,
    )
    sheet_time = datetime.datetime(2026, 5, 20, 16, 0, tzinfo=datetime.UTC)
    for status in (Attendance.Status.PRESENT, Attendance.Status.ABSENT):
        services.attendance_record(
            session=session, marks={w.participant.pk: Mark(status)}, by=w.program_staff, now=sheet_time
        )
    return Attendance.objects.get(session=session)


def _application(w, **fields):
    from tests.factories import ApplicationFactory

    return ApplicationFactory(cohort=w.participant.cohort, **fields)


def application_submitted(w):
    from applications import services

    application = _application(w)
    services.application_submit(application=application, by=application.applicant, today=datetime.date(2026, 2, 1))
    return application


def application_declined(w):
    from applications import services
    from applications.models import Application

    application = _application(w, status=Application.Status.INTERVIEWED)
    services.application_decide(application=application, decision=Application.Status.DECLINED, by=w.program_staff)
    return application


def application_reopened(w):
    from applications import services
    from applications.models import Appeal

    application = application_declined(w)
    appeal = services.appeal_submit(application=application, reason="My recommender was away.")
    services.appeal_decide(appeal=appeal, outcome=Appeal.Outcome.RECONSIDERED, note="New letter", by=w.program_staff)
    return application


def appeal_decided(w):
    from applications import services
    from applications.models import Appeal

    appeal = services.appeal_submit(application=application_declined(w), reason="My recommender was away.")
    return services.appeal_decide(appeal=appeal, outcome=Appeal.Outcome.UPHELD, note="", by=w.program_staff)


def recommendation_received(w):
    from applications import services

    application = application_submitted(w)
    recommendation, token = services.recommendation_request(application=application, by=None)
    services.recommendation_submit(token=token, relationship="Case manager", text="Ready.", recommends=True)
    return recommendation


def recommendation_replaced(w):
    from applications import services

    application = application_submitted(w)
    first, _token = services.recommendation_request(application=application, by=None)
    services.recommendation_request(application=application, by=w.program_staff)
    return first


def certificate_revoked(w):
    from certificates import services
    from tests.certificates.helpers import issued_certificate

    certificate = issued_certificate(w.participant)
    services.certificate_revoke(certificate=certificate, reason="Issued in error", by=w.program_staff)
    return certificate


def _continuing_education(w):
    from certificates.continuing_education.services import continuing_education_submit
    from tests.certificates.renewal.test_services import certificate, credential_with_validity

    credential_with_validity(24, "10")
    cert = certificate(w.participant, expires_on=TODAY + datetime.timedelta(days=30))
    return continuing_education_submit(
        certificate=cert, activity="Workshop", provider="Coalition", completed_on=TODAY, hours="2", today=TODAY
    )


def continuing_education_approved(w):
    from certificates.continuing_education.services import continuing_education_approve

    return continuing_education_approve(entry=_continuing_education(w), by=w.program_staff)


def continuing_education_returned(w):
    from certificates.continuing_education.services import continuing_education_return

    return continuing_education_return(entry=_continuing_education(w), by=w.program_staff, reason="The date?")


def continuing_education_resubmitted(w):
    from certificates.continuing_education.services import continuing_education_update

    entry = continuing_education_returned(w)
    return continuing_education_update(
        entry=entry, activity="Workshop", provider="Coalition", completed_on=TODAY, hours="2.5", today=TODAY
    )


def certificate_replaced(w):
    from certificates import services
    from tests.certificates.helpers import issued_certificate

    certificate = issued_certificate(w.participant)
    services.certificate_reissue(certificate=certificate, by=w.program_staff, reason="Name change")
    return certificate


def _batch(w):
    from certificates import services

    batch = services.certificate_batch_start(
        cohort=w.participant.cohort, previewed=[w.participant.public_id], by=w.program_staff
    )
    return services.certificate_batch_run(batch_id=batch.pk)


def batch_running(w):
    return _batch(w)


def batch_done(w):
    return _batch(w)


def participant_on_leave(w):
    from cohorts.services import participant_leave

    participant_leave(participant=w.participant, by=w.program_staff)
    return w.participant


def participant_back(w):
    from cohorts.services import participant_leave, participant_return

    participant_leave(participant=w.participant, by=w.program_staff)
    participant_return(participant=w.participant, by=w.program_staff)
    return w.participant


def participant_withdrawn(w):
    from cohorts.services import participant_withdraw

    participant_withdraw(participant=w.participant, by=w.program_staff)
    return w.participant


def participant_moved(w):
    from cohorts.services import participant_transfer
    from tests.factories import CohortFactory

    participant_transfer(participant=w.participant, to_cohort=CohortFactory(year=2027), by=w.program_staff)
    return w.participant


def pause_ended(w):
    from cohorts.models import ProgramPause
    from cohorts.services import participant_leave, participant_return

    participant_leave(participant=w.participant, by=w.program_staff)
    pause = ProgramPause.objects.create(
        participant=w.participant, started_on=TODAY, return_on=TODAY + datetime.timedelta(days=30)
    )
    participant_return(participant=w.participant, by=w.program_staff)  # not through the pause's page
    return pause


def _offer(w):
    from cohorts.models import Participant
    from mentorship.models import MentorVolunteer

    Participant.objects.filter(pk=w.participant.pk).update(status=Participant.Status.CERTIFIED)
    return MentorVolunteer.objects.create(user=w.participant.user, message="")


def volunteer_declined(w):
    from mentorship import services

    return services.volunteer_decline(offer=_offer(w), by=w.program_staff)


def volunteer_accepted(w):
    from mentorship import services

    offer = _offer(w)
    services.volunteer_accept(offer=offer, hourly_rate_cents=2500, by=w.program_staff)
    return offer


def concern_closed(w):
    from checkins.models import Concern
    from checkins.monthly.services import concern_close
    from tests.checkins.factories import CheckInFactory

    checkin = CheckInFactory(participant=w.participant)
    concern = Concern.objects.create(participant=w.participant, checkin=checkin, reason=Concern.Reason.LOW_WELLBEING)
    return concern_close(concern=concern, note="We talked; all well.", by=w.program_staff)


def _contract(w):
    from checkins.supervision import services
    from requirements_tracking.practicum.services import practicum_set

    practicum_set(
        participant=w.participant,
        host_agency="Harbor House",
        supervisor_name="Sam Rivera",
        supervisor_email="sam@harbor.example.org",
    )
    return services.supervision_contract_propose(
        participant=w.participant,
        setting="practicum",
        supervisor_name="Sam Rivera",
        supervisor_email="sam@harbor.example.org",
        frequency="weekly",
        session_minutes=60,
        expectations="We meet and both come prepared.",
        feedback_channels="In our sessions.",
        confidentiality="Stays between us.",
        raising_concerns="In a session.",
        agree=True,
    )


def contract_agreed_by_participant(w):
    return _contract(w)


def contract_agreed_by_supervisor(w):
    from checkins.supervision import services

    contract = _contract(w)
    token = services.supervisor_link_send(contract=contract)  # the contract's own link, as emailed before
    return services.supervision_contract_supervisor_agree(contract=services.contract_for_token(token), token=token)


def contract_replaced(w):
    from checkins.supervision import services

    first = _contract(w)
    services.supervision_contract_propose(
        participant=w.participant,
        setting="practicum",
        supervisor_name="Sam Rivera",
        supervisor_email="sam@harbor.example.org",
        frequency="monthly",
        session_minutes=60,
        expectations="We meet.",
        feedback_channels="In our sessions.",
        confidentiality="Stays between us.",
        raising_concerns="In a session.",
    )
    return first


def invoice_void(w):
    from sponsors.money import services
    from tests.sponsors.money.factories import fee_participant

    invoice = services.invoice_create_for_participant(
        participant=fee_participant(w.participant.cohort), by=w.finance, today=TODAY
    )
    return services.invoice_void(invoice=invoice, reason="Sent twice", by=w.finance)


def lead_contacted(w):
    from sponsors.models import SponsorLead
    from sponsors.organisations import services

    lead = SponsorLead.objects.create(name="Ana", kind="agency", email="ana@agency.example.org", interest="one")
    return services.lead_set_status(lead=lead, status=SponsorLead.Status.CONTACTED, by=w.program_staff)


def sponsorship_cancelled(w):
    from sponsors.sponsorships.services import sponsorship_cancel
    from tests.sponsors.money.factories import fee_participant, pledge

    sponsorship = pledge(w.participant.cohort, w.finance, participant=fee_participant(w.participant.cohort))
    return sponsorship_cancel(sponsorship=sponsorship, by=w.finance)


def seat_ended(w):
    from sponsors.models import SponsorshipSeat

    sponsorship = sponsorship_cancelled(w)
    return SponsorshipSeat.objects.get(sponsorship=sponsorship)


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


TRANSITIONS = [
    Transition("hours approved", _model("requirements_tracking.HourEntry"), "submitted", "approved", hours_approved),
    Transition("hours returned", _model("requirements_tracking.HourEntry"), "submitted", "returned", hours_returned),
    Transition(
        "hours changed after a return",
        _model("requirements_tracking.HourEntry"),
        "returned",
        "submitted",
        hours_resubmitted,
    ),
    Transition(
        "practicum hours confirmed",
        _model("requirements_tracking.HourEntry"),
        "submitted",
        "approved",
        practicum_hours_confirmed,
    ),
    Transition(
        "practicum hours declined",
        _model("requirements_tracking.HourEntry"),
        "submitted",
        "returned",
        practicum_hours_declined,
    ),
    Transition(
        "supervisor confirms",
        _model("requirements_tracking.SupervisorConfirmation"),
        "pending",
        "confirmed",
        confirmation_confirmed,
    ),
    Transition(
        "supervisor declines",
        _model("requirements_tracking.SupervisorConfirmation"),
        "pending",
        "declined",
        confirmation_declined,
    ),
    Transition(
        "confirmation link replaced",
        _model("requirements_tracking.SupervisorConfirmation"),
        "pending",
        "replaced",
        confirmation_replaced,
    ),
    Transition(
        "a new practicum",
        _model("requirements_tracking.Practicum"),
        True,
        False,
        practicum_no_longer_current,
        field="is_current",
    ),
    Transition(
        "exam attempt submitted", _model("requirements_tracking.Attempt"), "in_progress", "submitted", attempt_submitted
    ),
    Transition("exam result final", _model("requirements_tracking.Attempt"), "submitted", "final", attempt_final),
    Transition(
        "exam appeal decided", _model("requirements_tracking.ExamAppeal"), "open", "upheld", exam_appeal_decided
    ),
    Transition(
        "remediation completed",
        _model("requirements_tracking.RemediationPlan"),
        None,
        SET,
        remediation_completed,
        field="completed_at",
    ),
    Transition(
        "attendance corrected", _model("requirements_tracking.Attendance"), "present", "absent", attendance_corrected
    ),
    Transition("application sent", _model("applications.Application"), "draft", "submitted", application_submitted),
    Transition(
        "application declined", _model("applications.Application"), "interviewed", "declined", application_declined
    ),
    Transition(
        "application reopened on appeal",
        _model("applications.Application"),
        "declined",
        "under_review",
        application_reopened,
    ),
    Transition("appeal decided", _model("applications.Appeal"), "pending", "upheld", appeal_decided, field="outcome"),
    Transition(
        "recommendation received", _model("applications.Recommendation"), "pending", "received", recommendation_received
    ),
    Transition(
        "recommendation link replaced",
        _model("applications.Recommendation"),
        "pending",
        "replaced",
        recommendation_replaced,
    ),
    Transition("certificate revoked", _model("certificates.Certificate"), "valid", "revoked", certificate_revoked),
    Transition("certificate reissued", _model("certificates.Certificate"), "valid", "replaced", certificate_replaced),
    Transition("batch started", _model("certificates.CertificateBatch"), "queued", "running", batch_running),
    Transition("batch finished", _model("certificates.CertificateBatch"), "running", "done", batch_done),
    Transition(
        "continuing education approved",
        _model("certificates.ContinuingEducation"),
        "submitted",
        "approved",
        continuing_education_approved,
    ),
    Transition(
        "continuing education returned",
        _model("certificates.ContinuingEducation"),
        "submitted",
        "returned",
        continuing_education_returned,
    ),
    Transition(
        "continuing education sent again",
        _model("certificates.ContinuingEducation"),
        "returned",
        "submitted",
        continuing_education_resubmitted,
    ),
    Transition("participant on leave", _model("cohorts.Participant"), "enrolled", "on_leave", participant_on_leave),
    Transition("participant back", _model("cohorts.Participant"), "on_leave", "enrolled", participant_back),
    Transition("participant withdrew", _model("cohorts.Participant"), "enrolled", "withdrawn", participant_withdrawn),
    Transition(
        "participant moved to a later cohort",
        _model("cohorts.Participant"),
        SET,
        SET,
        participant_moved,
        field="cohort",
    ),
    Transition("pause ended on return", _model("cohorts.ProgramPause"), None, SET, pause_ended, field="ended_on"),
    Transition(
        "mentor offer declined", _model("mentorship.MentorVolunteer"), "waiting", "declined", volunteer_declined
    ),
    Transition(
        "mentor offer accepted", _model("mentorship.MentorVolunteer"), "waiting", "accepted", volunteer_accepted
    ),
    Transition("concern closed", _model("checkins.Concern"), "open", "closed", concern_closed),
    Transition(
        "contract agreed by the participant",
        _model("checkins.SupervisionContract"),
        None,
        SET,
        contract_agreed_by_participant,
        field="participant_agreed_at",
    ),
    Transition(
        "contract agreed by the supervisor",
        _model("checkins.SupervisionContract"),
        None,
        SET,
        contract_agreed_by_supervisor,
        field="supervisor_agreed_at",
    ),
    Transition(
        "contract replaced by new terms",
        _model("checkins.SupervisionContract"),
        None,
        SET,
        contract_replaced,
        field="replaced_at",
    ),
    Transition("invoice cancelled", _model("sponsors.Invoice"), "issued", "void", invoice_void),
    Transition("sponsor lead contacted", _model("sponsors.SponsorLead"), "new", "contacted", lead_contacted),
    Transition("pledge cancelled", _model("sponsors.Sponsorship"), "active", "cancelled", sponsorship_cancelled),
    Transition(
        "seat ended with its pledge", _model("sponsors.SponsorshipSeat"), None, SET, seat_ended, field="ended_on"
    ),
]


def tracked_models_with_status() -> set[type[models.Model]]:
    return {model for model in auditlog.get_models() if any(f.name == "status" for f in model._meta.concrete_fields)}


def test_every_tracked_model_with_a_status_is_walked():
    walked = {t.model for t in TRANSITIONS if t.field == "status"}
    missing = sorted(model._meta.label for model in tracked_models_with_status() - walked)
    assert not missing, f"Tracked models whose status changes are not walked here: {missing}"
    assert {t.model for t in TRANSITIONS} <= set(auditlog.get_models()), "the walk names only tracked models"


def _history(obj: models.Model):
    content_type = ContentType.objects.get_for_model(type(obj))
    return LogEntry.objects.filter(
        content_type=content_type, object_pk=str(obj.pk), action=LogEntry.Action.UPDATE
    ).order_by("timestamp", "pk")


@pytest.mark.django_db
@pytest.mark.parametrize("transition", TRANSITIONS, ids=[t.name for t in TRANSITIONS])
def test_each_transition_leaves_a_change_history_row(transition, time_machine, participant, program_staff, finance):
    time_machine.move_to(NOW, tick=True)
    world = SimpleNamespace(participant=participant, program_staff=program_staff, finance=finance)
    obj = transition.run(world)
    assert isinstance(obj, transition.model)
    # The history keeps JSON: the table's values are the stored ones (text, booleans, None).
    changes = [entry.changes[transition.field] for entry in _history(obj) if transition.field in entry.changes]
    assert any(
        old != new
        and (old == transition.old or transition.old is SET)
        and (new == transition.new or (transition.new is SET and new is not None))
        for old, new in changes
    ), f"{transition.name}: no change-history row {transition.field} {transition.old!r} → {transition.new!r}: {changes}"


# --- change_record itself ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_recorded_change_reads_as_a_saved_one(participant, program_staff):
    """The same row the tracking writes on save: action, field, old and new, who."""
    from cohorts.models import Participant

    participant.status = Participant.Status.ON_LEAVE
    participant.save(update_fields=["status"])
    saved = _history(participant).get()
    entry = change_record(participant, changes={"status": ("on_leave", "enrolled")}, by=program_staff)
    entry.refresh_from_db()
    assert (entry.action, entry.content_type, entry.object_pk) == (saved.action, saved.content_type, saved.object_pk)
    assert entry.object_repr == saved.object_repr
    assert saved.changes == {"status": ["enrolled", "on_leave"]}
    assert entry.changes == {"status": ["on_leave", "enrolled"]}
    assert entry.actor == program_staff


@pytest.mark.django_db
def test_a_recorded_change_keeps_out_what_the_tracking_keeps_out(program_staff):
    """Excluded and encrypted fields stay out; a relation is kept as its pk; a model read
    again by its pk; nothing for an unchanged value, an untracked model or a switched-off
    audit (erasure)."""
    from cpse.notify.models import Notification
    from sponsors.models import SponsorInvitation
    from tests.factories import SponsorFactory

    user = program_staff
    entry = change_record(
        type(user),
        user.pk,
        changes={"password": ("a", "b"), "safe_contact_note": ("x", "y"), "display_name": ("A", "B")},
    )
    entry.refresh_from_db()
    assert entry.changes == {"display_name": ["A", "B"]}
    invitation = SponsorInvitation.objects.create(
        sponsor=SponsorFactory(),
        email="new@sponsor.example.org",
        token_hash="h",
        expires_at=NOW,
        invited_by=program_staff,
    )
    entry = change_record(invitation, changes={"token_hash": ("h", "i"), "accepted_by": (None, program_staff)})
    entry.refresh_from_db()
    invitation.accepted_by = program_staff
    invitation.save(update_fields=["accepted_by"])  # as a save records it
    assert entry.changes == {"accepted_by": [None, program_staff.pk]} == _history(invitation).last().changes
    assert change_record(invitation, changes={"accepted_by": (None, None)}) is None
    notification = Notification.objects.create(kind="x", key="y", to_email="z@example.org")
    assert change_record(notification, changes={"status": ("pending", "sent")}) is None
    with disable_auditlog():
        assert change_record(user, changes={"display_name": ("A", "B")}) is None


# --- The guard ---------------------------------------------------------------------------------

BASE = Path(settings.BASE_DIR).resolve()
SKIPPED_DIRS = {"tests", "migrations", ".venv", "venv", "node_modules", "static"}
STATE_FIELDS = {"status", "outcome", "active", "is_current"}
AUDIT_CALL = "change_record"

# Updates of a state field that write no change-history row, each for its reason.
# (path, function): reason. An entry that no longer matches fails the guard too.
ALLOWED = {
    ("mentorship/data_rights.py", "erase"): (
        "erasure: runs inside accounts.services.person_erase with the audit switched off; "
        "the person's history is redacted, not added to"
    ),
    ("checkins/schedule.py", "schedule_sync"): (
        "the check-in schedule is derived from the placement and its pauses (whose own changes "
        "are in the history), recomputed whenever they change: not a decision anyone made"
    ),
    ("checkins/supervision/services.py", "supervisor_link_send"): (
        "a new one-time link: only the token's hash and expiry change, which the history does "
        "not keep (as SponsorInvitation's token_hash)"
    ),
    ("cpse/audit/management/commands/rotate_field_keys.py", "_save"): (
        "re-encryption under a new key: the same values, stored again"
    ),
    ("dashboard/demo/mentorship.py", "seed_mentorship"): "demo data: dates set into the past while seeding",
    ("dashboard/demo/checkins.py", "seed_checkins"): "demo data: dates set into the past while seeding",
    ("dashboard/management/commands/seed_demo.py", "_applications"): "demo data: dates set into the past while seeding",
}


def project_modules() -> tuple[Path, ...]:
    return project_files.project_modules(frozenset(SKIPPED_DIRS))


def _is_state(name: str) -> bool:
    return name in STATE_FIELDS or name.endswith(("_at", "_on"))


def _root_name(node: ast.AST) -> str | None:
    """`Invoice` in `Invoice.objects.filter(...).update`; None when the chain starts
    elsewhere (a call such as `type(x)`, a subscript)."""
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Name):
            return node.id
        else:
            return None


@cache
def _models_by_name() -> dict[str, type[models.Model]]:
    return {model.__name__: model for model in apps.get_models()}


def _state_write(call: ast.Call) -> list[str]:
    """The state fields this `.update()`/`.bulk_update()` writes ("**" when it cannot tell)."""
    if call.func.attr == "update":
        names = [keyword.arg or "**" for keyword in call.keywords]
        return [name for name in names if name == "**" or _is_state(name)]
    fields = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "fields"), None)
    if isinstance(fields, ast.List | ast.Tuple) and all(isinstance(e, ast.Constant) for e in fields.elts):
        return [e.value for e in fields.elts if _is_state(e.value)]
    return ["**"]


def _may_be_tracked(call: ast.Call) -> bool:
    model = _models_by_name().get(_root_name(call.func.value) or "")
    return model is None or auditlog.contains(model)


def _functions(tree: ast.Module):
    """Each function with the calls that are its own (not those of a function inside it)."""
    stack = [(tree, "<module>")]
    while stack:
        scope, name = stack.pop()
        calls = []
        todo = list(ast.iter_child_nodes(scope))
        while todo:
            node = todo.pop()
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                stack.append((node, getattr(node, "name", name)))
                continue
            if isinstance(node, ast.Call):
                calls.append(node)
            todo.extend(ast.iter_child_nodes(node))
        yield name, calls


def unaudited_state_updates() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for path in project_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        relative = str(path.relative_to(BASE))
        for function, calls in _functions(tree):
            audited_from = [
                call.lineno
                for call in calls
                if (isinstance(call.func, ast.Name) and call.func.id == AUDIT_CALL)
                or (isinstance(call.func, ast.Attribute) and call.func.attr == AUDIT_CALL)
            ]
            for call in calls:
                if not (isinstance(call.func, ast.Attribute) and call.func.attr in ("update", "bulk_update")):
                    continue
                fields = _state_write(call)
                if not fields or not _may_be_tracked(call):
                    continue
                if any(line > call.lineno for line in audited_from):
                    continue
                found.setdefault((relative, function), []).append(f"{relative}:{call.lineno} ({', '.join(fields)})")
    return found


def test_state_updates_are_followed_by_a_change_history_row():
    found = unaudited_state_updates()
    unexplained = [where for key, places in sorted(found.items()) if key not in ALLOWED for where in places]
    assert not unexplained, (
        "A conditional .update()/.bulk_update() changes a state field without a change-history row. "
        "Call cpse.audit.services.change_record(...) after it (when it changed a row), or lock the row "
        "and save(update_fields=[...]); see docs/decisions.md (issue #20):\n" + "\n".join(unexplained)
    )
    stale = sorted(key for key in ALLOWED if key not in found)
    assert not stale, f"Allow-list entries that no longer match an update: {stale}"
