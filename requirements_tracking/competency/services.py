"""Observed practice: a trained assessor (program staff or an instructor) fills one
participant's checklist of competencies after watching them in the intensive week or
the practicum.

Rules chosen here:
- Each answered competency gets a new observation: met or not yet, with evidence notes
  (required, at most 2,000 characters, encrypted). "Not observed this time" adds nothing.
  Earlier observations stay: the history is the record, the latest one counts.
- The date is not in the future and falls within the participant's cohort's program;
  an observation in the intensive setting falls within the intensive week.
- Only active competencies are observed (a retired one keeps its past observations).
- A participant who withdrew or is already certified is not observed.
- The whole checklist is saved in one transaction, or nothing is; the same checklist
  sent twice (a double click) adds its observations once.
"""

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role
from cohorts.models import Participant
from cpse.errors import DomainError
from requirements_tracking.competency.selectors import ASSESSABLE
from requirements_tracking.models import Competency, CompetencyAssessment

EVIDENCE_MAX_LENGTH = 2000
ASSESSOR_ROLES = (Role.PROGRAM_STAFF, Role.INSTRUCTOR)
R = CompetencyAssessment.Result
SETTING = CompetencyAssessment.Setting


class CompetencyAssessmentError(DomainError):
    code = "competency_assessment_error"

    def __init__(self, message: str, *, code: str | None = None, competency_id: int | None = None):
        super().__init__(message, code=code)
        # The checklist row the refusal belongs next to, when it is about one competency.
        self.competency_id = competency_id


def _check_date(participant: Participant, setting: str, observed_on: datetime.date, today: datetime.date) -> None:
    cohort = participant.cohort
    if observed_on > today:
        raise CompetencyAssessmentError(_("The date of an observation cannot be in the future."), code="future_date")
    if not cohort.program_start <= observed_on <= cohort.program_end:
        raise CompetencyAssessmentError(
            _("Please choose a date during the program, between %(start)s and %(end)s.")
            % {"start": date_format(cohort.program_start), "end": date_format(cohort.program_end)},
            code="outside_program",
        )
    if setting == SETTING.INTENSIVE and not cohort.intensive_start <= observed_on <= cohort.intensive_end:
        raise CompetencyAssessmentError(
            _("An observation in the intensive takes place in the intensive week, between %(start)s and %(end)s.")
            % {"start": date_format(cohort.intensive_start), "end": date_format(cohort.intensive_end)},
            code="outside_intensive",
        )


def _check_results(results: Mapping[int, tuple[str, str]]) -> dict[int, tuple[str, str]]:
    """The answered rows, tidied and checked, in a stable order."""
    if not results:
        raise CompetencyAssessmentError(
            _("Please give a result for at least one competency, with your evidence notes."), code="nothing_answered"
        )
    competencies = {c.pk: c for c in Competency.objects.filter(pk__in=list(results))}
    checked = {}
    for competency_id in sorted(results):
        result, evidence = results[competency_id]
        competency = competencies.get(competency_id)
        if competency is None:
            raise CompetencyAssessmentError(
                _("The checklist names a competency that does not exist. Please open it again."),
                code="unknown_competency",
            )
        if not competency.active:
            raise CompetencyAssessmentError(
                _("“%(name)s” is no longer assessed. Please open the checklist again.") % {"name": competency},
                code="retired_competency",
                competency_id=competency_id,
            )
        if result not in R.values:
            raise CompetencyAssessmentError(
                _("Please choose met or not yet for “%(name)s”.") % {"name": competency},
                code="bad_result",
                competency_id=competency_id,
            )
        evidence = (evidence or "").strip()
        if not evidence:
            raise CompetencyAssessmentError(
                _("Please write what you observed for “%(name)s”.") % {"name": competency},
                code="evidence_required",
                competency_id=competency_id,
            )
        if len(evidence) > EVIDENCE_MAX_LENGTH:
            raise CompetencyAssessmentError(
                _("Please keep the notes for “%(name)s” to %(max)s characters at most.")
                % {"name": competency, "max": EVIDENCE_MAX_LENGTH},
                code="evidence_too_long",
                competency_id=competency_id,
            )
        checked[competency_id] = (result, evidence)
    return checked


def competency_assessments_record(
    *,
    participant: Participant,
    assessor,
    setting: str,
    observed_on: datetime.date,
    results: Mapping[int, tuple[str, str]],
    today: datetime.date | None = None,
) -> list[CompetencyAssessment]:
    """Record one observation per answered competency (`results`: competency id →
    (result, evidence)). Returns the observations added."""
    today = today or timezone.localdate()
    if not assessor.has_role(*ASSESSOR_ROLES):
        raise CompetencyAssessmentError(
            _("Only program staff and instructors record observed practice."), code="not_assessor"
        )
    if setting not in SETTING.values:
        raise CompetencyAssessmentError(
            _("Please choose where you observed: the intensive or the practicum."), code="bad_setting"
        )
    checked = _check_results(results)
    with transaction.atomic():
        # Locked: the same checklist sent twice at once is written once.
        participant = Participant.objects.select_for_update().select_related("cohort", "user").get(pk=participant.pk)
        if participant.status not in ASSESSABLE:
            raise CompetencyAssessmentError(
                _("%(name)s is not taking part in the program now, so no observation is recorded.")
                % {"name": participant.user},
                code="not_taking_part",
            )
        _check_date(participant, setting, observed_on, today)
        # A double submission: the same assessor, day, setting, result and words.
        already = {
            (a.competency_id, a.result, a.evidence)
            for a in CompetencyAssessment.objects.filter(
                participant=participant,
                assessor=assessor,
                observed_on=observed_on,
                setting=setting,
                competency_id__in=list(checked),
            )
        }
        added = [
            CompetencyAssessment(
                participant=participant,
                competency_id=competency_id,
                assessor=assessor,
                setting=setting,
                result=result,
                evidence=evidence,
                observed_on=observed_on,
            )
            for competency_id, (result, evidence) in checked.items()
            if (competency_id, result, evidence) not in already
        ]
        return CompetencyAssessment.objects.bulk_create(added)
