"""Answering or declining an evaluation survey, and starting the surveys that are due.

Anonymity: the answers go into a `SurveyResponse` that names only the cohort, the survey
and the month; the person's `SurveyInvitation` is marked answered in the same
transaction, so nobody is asked twice, but nothing joins the two rows (no key, no exact
time: the invitation's change history leaves out when it was answered, see apps.py).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from checkins.models import CheckIn, Survey, SurveyInvitation, SurveyResponse
from checkins.placement.selectors import REMINDED
from checkins.schedule import paused_q
from checkins.surveys.questions import PLACEMENT_MONTHS, questions_for
from cohorts.models import Participant
from cpse.errors import DomainError
from cpse.prepared import prepared_rows

COMMENT_MAX_LENGTH = 2000


class SurveyError(DomainError):
    code = "survey_error"


def _clean_answers(survey: str, answers: dict) -> dict:
    """Only this survey's questions, each with one of its own answers; blanks dropped."""
    cleaned = {}
    for question in questions_for(survey):
        value = answers.get(question.key)
        if value in (None, ""):
            continue
        allowed = {str(option): option for option, _label in question.options}
        if str(value) not in allowed:
            raise SurveyError(_("Please choose one of the answers given."), code=question.key)
        cleaned[question.key] = allowed[str(value)]
    return cleaned


def _locked(invitation: SurveyInvitation) -> SurveyInvitation:
    locked = SurveyInvitation.objects.select_for_update().select_related("participant").get(pk=invitation.pk)
    if locked.answered:
        raise SurveyError(_("You have already answered this survey. Thank you."), code="already_answered")
    return locked


def survey_answer(
    *, invitation: SurveyInvitation, answers: dict, comment: str = "", today: datetime.date | None = None
) -> None:
    """Store the answers anonymously and mark the invitation answered, once."""
    today = today or timezone.localdate()
    cleaned = _clean_answers(invitation.survey, answers)
    comment = comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise SurveyError(
            _("Please keep your words under %(count)s characters.") % {"count": COMMENT_MAX_LENGTH}, code="comment"
        )
    if not cleaned and not comment:
        raise SurveyError(
            _("Please answer at least one question, or choose “No thanks” if you would rather not."), code="empty"
        )
    with transaction.atomic():
        locked = _locked(invitation)
        if locked.declined:
            raise SurveyError(_("You chose not to answer this survey."), code="declined")
        if locked.opens_on > today:
            raise SurveyError(_("This survey is not open yet."), code="not_open")
        SurveyResponse.objects.create(
            cohort_id=locked.participant.cohort_id,
            survey=locked.survey,
            month=today.replace(day=1),
            answers=cleaned,
            comment=comment,
        )
        locked.answered = True
        locked.save(update_fields=["answered"])


def survey_decline(*, invitation: SurveyInvitation) -> None:
    """ "No thanks": never asked again, no reminders. Saying it twice changes nothing."""
    with transaction.atomic():
        locked = _locked(invitation)
        if not locked.declined:
            locked.declined = True
            locked.save(update_fields=["declined"])


def _end_of_program_due(today: datetime.date, window_start: datetime.date):
    S = Participant.Status
    return (
        Participant.objects.filter(
            Q(status__in=(S.COMPLETED, S.CERTIFIED)) | Q(status=S.ENROLLED, cohort__program_end__lte=today),
            ~Exists(SurveyInvitation.objects.filter(participant=OuterRef("pk"), survey=Survey.END_OF_PROGRAM)),
            cohort__program_end__gte=window_start,
        )
        .order_by()
        .values_list("pk", flat=True)
    )


def _placement_due(today: datetime.date, window_start: datetime.date):
    """Both placement surveys in one read: each check-in's number names its survey."""
    placement_survey = Case(
        *(When(number=number, then=Value(survey)) for survey, number in PLACEMENT_MONTHS.items()),
        output_field=CharField(),
    )
    return (
        CheckIn.objects.filter(
            number__in=PLACEMENT_MONTHS.values(),
            due_on__lte=today,
            due_on__gte=window_start,
            participant__status__in=REMINDED,
        )
        .exclude(paused_q())
        .annotate(placement_survey=placement_survey)
        .exclude(
            Exists(
                SurveyInvitation.objects.filter(
                    participant=OuterRef("participant_id"), survey=OuterRef("placement_survey")
                )
            )
        )
        .order_by()  # not the default ordering's joins
        .values_list("placement_survey", "participant_id")
    )


def survey_invitations_create(today: datetime.date) -> int:
    """Start every survey that is due, in bulk (a fixed number of queries), once per
    person and survey (the unique constraint backs the check up): the end-of-program
    survey when a participant completes or is certified, or when their cohort's program
    ends; the placement surveys with the sixth and twelfth check-in of the placement year
    (so a pause moves them on too). Withdrawn people and moments longer ago than
    SURVEY_INVITE_WINDOW_DAYS are left out. Returns how many invitations it added."""
    window_start = today - datetime.timedelta(days=settings.SURVEY_INVITE_WINDOW_DAYS)
    # Both reads built and compiled once a day per process (`cpse.prepared`): the reminder
    # schedule calls this every run.
    due: dict[str, list[int]] = {
        Survey.END_OF_PROGRAM: prepared_rows(
            ("surveys.end_of_program_due", today, window_start), lambda: _end_of_program_due(today, window_start)
        )
    }
    placement_due = prepared_rows(
        ("surveys.placement_due", today, window_start), lambda: _placement_due(today, window_start)
    )
    for survey, participant_id in placement_due:
        due.setdefault(survey, []).append(participant_id)
    rows = [
        SurveyInvitation(participant_id=pid, survey=survey, opens_on=today)
        for survey, pids in due.items()
        for pid in pids
    ]
    # Another run may have added some meanwhile: the constraint skips those.
    SurveyInvitation.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
