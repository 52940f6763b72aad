"""What the applications app holds about a person: export, erasure and retention.

Rules chosen here: an interest sign-up (made without an account) belongs to the person
whose account has the same email address (compared without case): it is in their export
and goes with their erasure, with the messages sent to her about it. Documents are deleted
once the erasure commits (`cpse.uploads.file_delete_on_commit`).
"""

import datetime
import pathlib

from django.conf import settings
from django.db.models import Q

from applications.interest.services import interest_messages_delete
from applications.models import (
    AccessNeeds,
    Appeal,
    Application,
    ApplicationEvent,
    InterestSignup,
    InterviewCalendar,
    InterviewerAssignment,
    InterviewScore,
    InterviewSlot,
    StaffNote,
)
from cpse import data_rights
from cpse.uploads import file_delete_on_commit


def export(user) -> list[dict]:
    """The person's own answers and where things stood. What others wrote about them
    (the recommendation, interviewers' comments, staff notes) is not included: the
    program promises those writers that applicants do not see their words."""
    result = []
    for application in Application.objects.filter(applicant=user).select_related("cohort"):
        result.append(
            {
                "cohort": str(application.cohort),
                "status": application.get_status_display(),
                "state": application.home_state,
                "eligibility_answers": application.eligibility,
                "agency": application.agency_name,
                "agency_contact": application.agency_contact_name,
                "name_your_agency_knows_you_by": application.name_for_agency,
                "area_of_peer_work": application.get_aspiration_display(),
                "access_needs": application.access_needs,
                "interpreter_language": application.interpreter_language,
                "started": application.created_at,
                "sent": application.submitted_at,
                "decision": application.decision_message,
                "history": [{"when": e.at, "status": e.label} for e in application.events.all()],
                "recommendation": [r.get_status_display() for r in application.recommendations.all()],
                "reviews_asked_for": [
                    {"when": a.submitted_at, "reason": a.reason, "outcome": a.get_outcome_display()}
                    for a in application.appeals.all()
                ],
            }
        )
    return result


def export_access_needs(user) -> dict | None:
    needs = AccessNeeds.objects.filter(user=user).first()
    if needs is None:
        return None
    return {
        "interpreter_language": needs.interpreter_language,
        "captioning": needs.captioning,
        "extra_time": needs.extra_time,
        "formats": [
            str(AccessNeeds.Format(value).label) for value in needs.formats if value in AccessNeeds.Format.values
        ],
        "anything_else": needs.note,
        "last_changed": needs.updated_at,
    }


def erase_access_needs(user) -> None:
    AccessNeeds.objects.filter(user=user).delete()


def files(user):
    for application in Application.objects.filter(applicant=user).exclude(education_document=""):
        with application.education_document.open("rb") as document:
            yield f"education-document{pathlib.Path(application.education_document.name).suffix}", document.read()


def erase(user) -> None:
    """Applications go entirely (with their events, notes, recommendations, interview and
    reviews); a participant's enrolment stays in cohorts for the counts."""
    for application in Application.objects.filter(applicant=user):
        _delete_with_document(application)


def _delete_with_document(application: Application) -> None:
    document = application.education_document
    file_delete_on_commit(document.storage, document.name)
    application.delete()


def _interest_signups_of(user):
    if not user.email:
        return InterestSignup.objects.none()
    return InterestSignup.objects.filter(email__iexact=user.email)


def export_interest_signups(user) -> list[dict]:
    return [
        {
            "sent": signup.created_at,
            "name": signup.display_name,
            "email": signup.email,
            "phone": signup.phone,
            "how_it_is_safe_to_reach_you": signup.get_safe_contact_display(),
            "about_reaching_you": signup.safe_contact_note,
            "state": signup.state,
            "your_note": signup.note,
            "language": signup.language,
            "cohort": str(signup.cohort) if signup.cohort else "",
            "invited_on": signup.invited_at,
            "invited_again_on": signup.invited_again_at,
            "contacted_on": signup.contacted_at,
        }
        for signup in _interest_signups_of(user).select_related("cohort").order_by("created_at", "pk")
    ]


def erase_interest_signups(user) -> None:
    signups = _interest_signups_of(user)
    interest_messages_delete(signups.only("public_id"))
    signups.delete()


def purge_unsuccessful(now: datetime.datetime, dry_run: bool) -> int:
    """Declined and withdrawn applications, and drafts never sent, after the retention period."""
    cutoff = now - datetime.timedelta(days=settings.RETENTION_UNSUCCESSFUL_APPLICATION_DAYS)
    expired = Application.objects.filter(
        Q(status__in=[Application.Status.DECLINED, Application.Status.WITHDRAWN], updated_at__lt=cutoff)
        | Q(status=Application.Status.DRAFT, updated_at__lt=cutoff)
    ).exclude(appeals__outcome=Appeal.Outcome.PENDING)
    return data_rights.purge(expired, dry_run=dry_run, delete_one=_delete_with_document)


def purge_interest_signups(now: datetime.datetime, dry_run: bool) -> int:
    expired = InterestSignup.objects.filter(
        created_at__lt=now - datetime.timedelta(days=settings.RETENTION_INTEREST_DAYS)
    )
    return data_rights.purge(expired, dry_run=dry_run)


def register() -> None:
    data_rights.register(
        data_rights.PersonalData(
            name="applications",
            models=(
                Application,
                ApplicationEvent,
                StaffNote,
                InterviewSlot,
                InterviewCalendar,
                InterviewScore,
                InterviewerAssignment,
                Appeal,
            ),
            export=export,
            erase=erase,
            files=files,
        )
    )
    data_rights.register(
        data_rights.PersonalData(
            name="access_needs", models=(AccessNeeds,), export=export_access_needs, erase=erase_access_needs
        )
    )
    data_rights.register(
        data_rights.PersonalData(
            name="interest_signups",
            models=(InterestSignup,),
            export=export_interest_signups,
            erase=erase_interest_signups,
        )
    )
    data_rights.register_retention(
        data_rights.RetentionRule(name="unsuccessful_applications", purge=purge_unsuccessful)
    )
    data_rights.register_retention(data_rights.RetentionRule(name="interest_signups", purge=purge_interest_signups))
