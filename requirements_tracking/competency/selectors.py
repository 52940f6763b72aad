"""Reads for observed practice: the cohort overview, one participant's checklist and
history, and the participant's own page, each at a fixed number of queries.

"The latest observation" of a competency is the one observed last (by its date; for two
on the same day, the one recorded last). It alone counts: a "not yet" followed by a
"met" is met, a "met" followed by a "not yet" is not yet."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from cohorts.models import Cohort, Participant
from requirements_tracking.models import Competency, CompetencyAssessment

# Who is on the overview and may be observed: not those who withdrew or are certified.
ASSESSABLE = (Participant.Status.ENROLLED, Participant.Status.ON_LEAVE, Participant.Status.COMPLETED)


def active_competencies() -> list[Competency]:
    return list(Competency.objects.filter(active=True).order_by("position", "pk"))


def latest_assessments(participants, *, with_evidence: bool = False) -> QuerySet[CompetencyAssessment]:
    """The latest observation of each active competency for these participants (ids), in
    one query. Evidence is left out (and not decrypted) unless asked for."""
    ranked = CompetencyAssessment.objects.filter(participant__in=participants, competency__active=True).annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("participant_id"), F("competency_id")],
            order_by=[F("observed_on").desc(), F("pk").desc()],
        )
    )
    if not with_evidence:
        ranked = ranked.defer("evidence")
    return ranked.filter(rank=1)


@dataclass(frozen=True)
class OverviewRow:
    participant: Participant
    # The latest observation per active competency, in the competencies' order (None: not observed).
    latest: list[CompetencyAssessment | None]

    @property
    def met_count(self) -> int:
        return sum(1 for item in self.latest if item is not None and item.result == CompetencyAssessment.Result.MET)


@dataclass(frozen=True)
class Overview:
    cohort: Cohort
    competencies: list[Competency]
    rows: list[OverviewRow]


def cohort_overview(cohort: Cohort) -> Overview:
    """The cohort's participants × active competencies with each one's latest result:
    three queries whatever the cohort's size."""
    competencies = active_competencies()
    participants = list(
        Participant.objects.filter(cohort=cohort, status__in=ASSESSABLE)
        .select_related("user")
        .only("public_id", "cohort_id", "status", "user__display_name", "user__email")
        .order_by("user__display_name", "pk")
    )
    latest: dict[tuple[int, int], CompetencyAssessment] = {}
    if participants and competencies:
        for assessment in latest_assessments([p.pk for p in participants]):
            latest[(assessment.participant_id, assessment.competency_id)] = assessment
    rows = [OverviewRow(participant=p, latest=[latest.get((p.pk, c.pk)) for c in competencies]) for p in participants]
    return Overview(cohort=cohort, competencies=competencies, rows=rows)


def participant_for_assessor(public_id) -> Participant | None:
    """A participant staff may observe (by public id); None for anybody else (404)."""
    return (
        Participant.objects.filter(public_id=public_id, status__in=ASSESSABLE).select_related("user", "cohort").first()
    )


@dataclass(frozen=True)
class CompetencyHistory:
    competency: Competency
    # Newest first; the first one counts.
    observations: list[CompetencyAssessment]

    @property
    def latest(self) -> CompetencyAssessment | None:
        return self.observations[0] if self.observations else None


def assessment_history(participant: Participant) -> list[CompetencyHistory]:
    """Every observation of the participant, grouped by competency (active ones first,
    in their order, then retired ones that were observed): two queries."""
    observations = list(
        CompetencyAssessment.objects.filter(participant=participant)
        .select_related("assessor")
        .order_by("-observed_on", "-pk")
    )
    by_competency: dict[int, list[CompetencyAssessment]] = {}
    for observation in observations:
        by_competency.setdefault(observation.competency_id, []).append(observation)
    competencies = Competency.objects.filter(Q(active=True) | Q(pk__in=list(by_competency)))
    ordered = sorted(competencies, key=lambda c: (not c.active, c.position, c.pk))
    return [CompetencyHistory(competency=c, observations=by_competency.get(c.pk, [])) for c in ordered]


@dataclass(frozen=True)
class CompetencyStatus:
    competency: Competency
    latest: CompetencyAssessment | None


def own_observed_practice(participant: Participant) -> list[CompetencyStatus]:
    """The participant's page: each active competency with its latest observation (and
    its evidence, shown for "not yet" as feedback): two queries."""
    competencies = active_competencies()
    latest = {a.competency_id: a for a in latest_assessments([participant.pk], with_evidence=True)}
    return [CompetencyStatus(competency=c, latest=latest.get(c.pk)) for c in competencies]
