from django.db import IntegrityError, transaction

from cohorts.models import Cohort, Participant
from cpse.audit.services import redact_change_history


class EnrolmentError(Exception):
    code = "enrolment_error"


class AlreadyEnrolled(EnrolmentError):
    code = "already_enrolled"


class CohortFull(EnrolmentError):
    code = "cohort_full"


def participant_enroll(
    *, user, cohort: Cohort, aspiration: str = Participant.Aspiration.OTHER, home_state: str = ""
) -> Participant:
    """Enrol `user` in `cohort`. Called by application acceptance and by demo data.

    The cohort row is locked so two acceptances at once cannot both take the last seat.
    """
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
        if Participant.objects.filter(user=user, cohort=cohort).exists():
            raise AlreadyEnrolled("This person is already a participant of this cohort.")
        active = Participant.objects.filter(cohort=cohort).exclude(status=Participant.Status.WITHDRAWN).count()
        if active >= cohort.capacity:
            raise CohortFull("This cohort has no places left.")
        try:
            with transaction.atomic():
                return Participant.objects.create(
                    user=user,
                    cohort=cohort,
                    aspiration=aspiration,
                    home_state=home_state.upper(),
                    fee_due_cents=cohort.fee_cents,
                )
        except IntegrityError:
            raise AlreadyEnrolled("This person is already a participant of this cohort.") from None


def export_participations(user) -> list[dict]:
    return [
        {
            "cohort": str(p.cohort),
            "status": p.get_status_display(),
            "aspiration": p.get_aspiration_display(),
            "home_state": p.home_state,
            "enrolled": p.enrolled_at,
        }
        for p in Participant.objects.filter(user=user).select_related("cohort")
    ]


def erase_participations(user) -> None:
    """Participant rows stay (cohort counts); their change history loses its values."""
    redact_change_history(Participant, Participant.objects.filter(user=user).values_list("pk", flat=True))


def participant_withdraw(*, participant: Participant) -> Participant:
    """The person leaves the program; their record and hours stay."""
    Participant.objects.filter(pk=participant.pk).update(status=Participant.Status.WITHDRAWN)
    participant.status = Participant.Status.WITHDRAWN
    return participant
