"""What the check-ins app holds about a person: their placements and pauses, and the
answers of their monthly check-ins. Staff's concerns and follow-up notes about them are
staff's records (not exported, as their writers are promised) and go on erasure; a staff
member's name is taken off what they recorded.

Evaluation surveys: the person's invitations (which surveys they were asked, answered or
declined) are theirs and go with them. The answers (`SurveyResponse`) are not personal
data: they name no person and cannot be linked to one, so they are neither exported nor
erased (there is no way to find "this person's" answers, by design)."""

from checkins.models import (
    CheckIn,
    Concern,
    ConcernFollowUp,
    ConcernKeyword,
    Placement,
    PlacementPause,
    SurveyInvitation,
)
from cpse import data_rights
from cpse.audit.services import redact_change_history


def export(user) -> dict:
    return {
        "placements": [
            {
                "cohort": str(placement.participant.cohort),
                "agency": placement.agency,
                "role": placement.get_role_display(),
                "role_in_your_words": placement.role_other,
                "paid_or_volunteer": placement.get_terms_display(),
                "start_date": placement.start_date,
                "end_date": placement.end_date,
                "supervisor_name": placement.supervisor_name,
                "supervisor_email": placement.supervisor_email,
                "supervisor_phone": placement.supervisor_phone,
                "recorded": placement.created_at,
            }
            for placement in Placement.objects.filter(participant__user=user)
            .select_related("participant__cohort")
            .order_by("start_date", "pk")
        ],
        "pauses": [
            {"from": pause.starts_on, "back_on": pause.ends_on, "reason": pause.reason}
            for pause in PlacementPause.objects.filter(participant__user=user).order_by("starts_on", "pk")
        ],
        "checkins": [
            {
                "number": checkin.number,
                "due": checkin.due_on,
                "submitted": checkin.submitted_at,
                "how_is_work_going": checkin.work_going,
                "how_are_you_doing": _wellbeing(checkin.wellbeing),
                "boundaries_and_self_care": checkin.boundaries,
                "supervision": checkin.supervision,
                "support_wanted": checkin.support_wanted,
                "wants_contact": checkin.wants_contact,
                "contact_way": checkin.contact_way,
                "contact_note": checkin.contact_note,
            }
            for checkin in CheckIn.objects.filter(participant__user=user).order_by("participant_id", "number")
            if checkin.started_at or checkin.submitted_at
        ],
        "evaluation_surveys": [
            {
                "survey": invitation.get_survey_display(),
                "opened_on": invitation.opens_on,
                "answered": invitation.answered,
                "declined": invitation.declined,
            }
            for invitation in SurveyInvitation.objects.filter(participant__user=user).order_by("opens_on", "pk")
        ],
    }


def _wellbeing(value: str) -> str:
    """The answer in words ("Okay"), as the person chose it; stored as "1"–"5"."""
    try:
        return str(CheckIn.Wellbeing(int(value)).label)
    except ValueError:
        return value


def erase(user) -> None:
    """The person's check-ins (answers), concerns and follow-ups, pauses and placements;
    their change history is emptied after the rows go (the delete is recorded too, with
    what the row held). For staff, their name comes off what they recorded."""
    concerns = Concern.objects.filter(participant__user=user)
    rows = {
        SurveyInvitation: SurveyInvitation.objects.filter(participant__user=user),
        ConcernFollowUp: ConcernFollowUp.objects.filter(concern__in=concerns),
        Concern: concerns,
        CheckIn: CheckIn.objects.filter(participant__user=user),
        PlacementPause: PlacementPause.objects.filter(participant__user=user),
        Placement: Placement.objects.filter(participant__user=user),
    }
    pks = {model: list(queryset.values_list("pk", flat=True)) for model, queryset in rows.items()}
    for queryset in rows.values():
        queryset.delete()
    for model, model_pks in pks.items():
        redact_change_history(model, model_pks)
    Placement.objects.filter(recorded_by=user).update(recorded_by=None)
    PlacementPause.objects.filter(recorded_by=user).update(recorded_by=None)
    CheckIn.objects.filter(reviewed_by=user).update(reviewed_by=None)
    Concern.objects.filter(closed_by=user).update(closed_by=None)
    ConcernFollowUp.objects.filter(author=user).update(author=None)
    ConcernKeyword.objects.filter(added_by=user).update(added_by=None)


def register() -> None:
    data_rights.register(
        data_rights.PersonalData(
            name="placement_year",
            models=(Placement, PlacementPause, CheckIn, Concern, ConcernFollowUp, ConcernKeyword, SurveyInvitation),
            export=export,
            erase=erase,
        )
    )
