"""Competency milestones: each active competency (shared by the exam and observed
practice) with its evidence, for the participant's observed practice page and staff's page for
the participant. Four queries, six once an exam result exists, whatever the number of
competencies, observations, attempts or entries.

Evidence: the competency's section of the latest exam result (a strength at the pass
mark or above, else one to review), the latest observation ("met" or "not yet"), and
how many reflective journal entries the participant wrote (their hour entries with a
reflection; a count only, the words stay on the participant's own pages)."""

from dataclasses import dataclass
from decimal import Decimal

from cohorts.models import Participant
from requirements_tracking.competency.selectors import active_competencies, latest_assessments
from requirements_tracking.exam import scoring
from requirements_tracking.models import Attempt, Competency, CompetencyAssessment, HourEntry


@dataclass(frozen=True)
class Milestone:
    competency: Competency
    observation: CompetencyAssessment | None
    # The competency's percent in the latest exam result (None: no result covers it).
    exam_percent: Decimal | None
    exam_strong: bool

    @property
    def reached(self) -> bool:
        """Reached once observed as met (the exam section is evidence, not a gate)."""
        return self.observation is not None and self.observation.result == CompetencyAssessment.Result.MET


@dataclass(frozen=True)
class Milestones:
    milestones: list[Milestone]
    reflections: int

    @property
    def reached_count(self) -> int:
        return sum(1 for m in self.milestones if m.reached)


def _latest_exam_sections(participant: Participant) -> dict[int, tuple[Decimal, bool]]:
    """Competency id → (percent, strength) in the participant's latest final attempt."""
    attempt = (
        Attempt.objects.filter(participant=participant, status=Attempt.Status.FINAL)
        .select_related("exam")
        .order_by("-finalized_at", "-pk")
        .first()
    )
    result = scoring.attempt_result(attempt) if attempt is not None else None
    if result is None:
        return {}
    return {
        section.competency.pk: (section.percent, section.percent >= attempt.exam.pass_percent)
        for section in result.by_competency
    }


def competency_milestones(participant: Participant) -> Milestones:
    competencies = active_competencies()
    observations = {a.competency_id: a for a in latest_assessments([participant.pk])}
    sections = _latest_exam_sections(participant)
    milestones = []
    for competency in competencies:
        percent, strong = sections.get(competency.pk, (None, False))
        milestones.append(
            Milestone(
                competency=competency,
                observation=observations.get(competency.pk),
                exam_percent=percent,
                exam_strong=strong,
            )
        )
    reflections = HourEntry.objects.filter(participant=participant).exclude(reflection="").count()
    return Milestones(milestones=milestones, reflections=reflections)
