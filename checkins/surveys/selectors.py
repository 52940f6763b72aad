"""Reads for the evaluation surveys: a participant's own invitations, and the results as
aggregates for staff and sponsors.

Results are per cohort and survey. A group with fewer answers than
SURVEY_SUPPRESSION_THRESHOLD shows no figures at all; within a group, each question's
answers are one line of cpse.aggregates with its total (how many answered it): a count
of 1 to one below the threshold is shown as "fewer than N", and what subtraction from
the total would give away is hidden too. A mean is shown only when at least that many
gave a 1–5 answer and every count it is worked out from is shown. Comments (never in
downloads) are shown only for groups at the threshold, in random order, with no dates.
Nothing here reads a person.

Staff also see each group's response rate: how many were invited, answered and said no
thanks, counted from the invitations (the answers have no link to anyone), never per
person, with the program's small-cell suppression (cpse.aggregates). Those who answered
are the survey's answers, shown as a number beside the rate: where they are, the rate
takes them as known and protects the others.
"""

import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from checkins.models import Survey, SurveyInvitation, SurveyResponse
from checkins.surveys.questions import PREFER_NOT, RESULT_LABELS, Question, questions_for
from cohorts.models import Cohort
from cpse.aggregates import Cell, Share, is_small, suppress


def threshold() -> int:
    return settings.SURVEY_SUPPRESSION_THRESHOLD


# --- The participant's own ---------------------------------------------------------------------


def invitations_for_owner(user) -> QuerySet[SurveyInvitation]:
    """The person's surveys that have opened, newest first."""
    return (
        SurveyInvitation.objects.filter(participant__user=user, opens_on__lte=timezone.localdate())
        .select_related("participant__cohort")
        .order_by("-opens_on", "-pk")
    )


def invitation_for_owner(*, user, survey: str) -> SurveyInvitation | None:
    """The person's latest invitation to `survey` that has opened; None (404) otherwise."""
    if survey not in Survey.values:
        return None
    return invitations_for_owner(user).filter(survey=survey).first()


def invitations_for_staff(participant) -> QuerySet[SurveyInvitation]:
    """A participant's invitations, whatever their date, for the participant record: the
    invitation says only whether they answered or declined (answers are never linked to it)."""
    return SurveyInvitation.objects.filter(participant=participant).order_by("opens_on", "pk")


# --- Results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionResult:
    label: str
    count: int
    shown: str  # the count, "fewer than N" or "not shown"


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answered: int  # including "Prefer not to say"
    shown_answered: str
    mean: Decimal | None  # of the 1–5 answers; None when too few to show
    options: list[OptionResult]


@dataclass(frozen=True)
class ResponseRate:
    """Of those invited to one cohort's survey: who answered, said no thanks, or not yet.
    The three parts make up the total, so they are suppressed as one line with it."""

    invited: Cell
    answered: Cell
    declined: Cell
    waiting: Cell

    @property
    def answered_percent(self) -> str:
        return Share(count=self.answered, total=self.invited).percent


def response_rate(*, invited: int, answered: int, declined: int, answered_known: bool = False) -> ResponseRate:
    """`answered_known`: the survey's number of answers is shown beside the rate."""
    table = suppress(
        [[answered, declined, invited - answered - declined]],
        row_totals=True,
        known=frozenset({(0, 0)} if answered_known else ()),
    )
    answered_cell, declined_cell, waiting_cell = table.cells[0]
    return ResponseRate(
        invited=table.row_totals[0], answered=answered_cell, declined=declined_cell, waiting=waiting_cell
    )


def response_rates(
    cohort_ids=None, *, answers: dict[tuple[int, str], int] | None = None
) -> dict[tuple[int, str], ResponseRate]:
    """(cohort id, survey) → its response rate, for the surveys that have opened (one query).
    Without `cohort_ids`, every cohort. `answers`: the number of answers shown beside
    each rate (a number unless small)."""
    invitations = SurveyInvitation.objects.filter(opens_on__lte=timezone.localdate())
    if cohort_ids is not None:
        invitations = invitations.filter(participant__cohort_id__in=list(cohort_ids))
    rows = (
        invitations.values("participant__cohort_id", "survey")
        .annotate(  # named apart from the fields `answered` and `declined`
            invited_count=Count("pk"),
            answered_count=Count("pk", filter=Q(answered=True)),
            declined_count=Count("pk", filter=Q(declined=True, answered=False)),
        )
        .order_by()
    )
    return {
        (key := (row["participant__cohort_id"], row["survey"])): response_rate(
            invited=row["invited_count"],
            answered=row["answered_count"],
            declined=row["declined_count"],
            answered_known=answers is not None and Cell.of(answers.get(key, 0), threshold()).shown,
        )
        for row in rows
    }


@dataclass
class SurveyResult:
    cohort: Cohort
    survey: str
    count: int
    threshold: int
    questions: list[QuestionResult] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    rate: ResponseRate | None = None  # for staff only

    @property
    def label(self) -> str:
        return str(RESULT_LABELS[self.survey])

    @property
    def small(self) -> bool:
        """Fewer answers than the threshold: no figures at all (zero answers is not small)."""
        return is_small(self.count, self.threshold)

    @property
    def shown(self) -> str:
        """The number of answers as shown: the count, or "fewer than N"."""
        return str(Cell.of(self.count, self.threshold))


def _question_result(question: Question, answers: list[dict], limit: int) -> QuestionResult:
    given = [a[question.key] for a in answers if question.key in a]
    counts = [sum(1 for v in given if v == value) for value, _label in question.options]
    # One line with its total: everyone who answered the question is shown (in the CSV,
    # and as the survey's answers when nobody skipped it).
    table = suppress([counts], row_totals=True, threshold=limit)
    cells = table.cells[0]
    options = [
        OptionResult(label=str(label), count=cell.value, shown=str(cell))
        for (_value, label), cell in zip(question.options, cells, strict=True)
    ]
    scores = [v for v in given if question.is_scale and v != PREFER_NOT]
    # A mean with the total would solve a hidden count (4 × "Mostly" + 1 × "Not at all" = 17).
    worked_from = [cell for (value, _label), cell in zip(question.options, cells, strict=True) if value != PREFER_NOT]
    mean = None
    if scores and not is_small(len(scores), limit) and all(cell.shown for cell in worked_from):
        mean = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.1"))
    return QuestionResult(
        question=question, answered=len(given), shown_answered=str(table.row_totals[0]), mean=mean, options=options
    )


def survey_results(
    cohorts: list[Cohort], *, with_comments: bool = False, with_rates: bool = False
) -> list[SurveyResult]:
    """Every survey with answers in these cohorts, newest cohort first, in one query (two
    `with_rates`: then also the surveys people were invited to that nobody answered yet).
    Small groups come back with a count and nothing else."""
    by_pk = {cohort.pk: cohort for cohort in cohorts}
    fields = ["cohort_id", "survey", "answers", *(["comment"] if with_comments else [])]
    groups: dict[tuple[int, str], list[SurveyResponse]] = {}
    for response in SurveyResponse.objects.filter(cohort_id__in=list(by_pk)).only(*fields).order_by():
        groups.setdefault((response.cohort_id, response.survey), []).append(response)
    rates = response_rates(by_pk, answers={key: len(group) for key, group in groups.items()}) if with_rates else {}
    for key in rates:
        groups.setdefault(key, [])
    limit = threshold()
    order = {value: index for index, value in enumerate(Survey.values)}
    results = []
    for (cohort_id, survey), responses in sorted(
        groups.items(), key=lambda item: (-by_pk[item[0][0]].year, order[item[0][1]])
    ):
        result = SurveyResult(
            cohort=by_pk[cohort_id],
            survey=survey,
            count=len(responses),
            threshold=limit,
            rate=rates.get((cohort_id, survey)),
        )
        if responses and not result.small:
            answers = [response.answers for response in responses]
            result.questions = [_question_result(q, answers, limit) for q in questions_for(survey)]
            if with_comments:
                comments = [response.comment for response in responses if response.comment.strip()]
                # Never in the order they came in: that order could point at a person.
                result.comments = random.SystemRandom().sample(comments, len(comments))
        results.append(result)
    return results


@dataclass(frozen=True)
class SurveyGroup:
    cohort: Cohort
    survey: str
    count: int
    threshold: int
    rate: ResponseRate | None = None

    @property
    def label(self) -> str:
        return str(RESULT_LABELS[self.survey])

    @property
    def shown(self) -> str:
        return str(Cell.of(self.count, self.threshold))


def survey_groups() -> list[SurveyGroup]:
    """For staff's overview: each cohort and survey with answers or invitations, how many
    answers, and the response rate (three queries)."""
    counts = {
        (row["cohort_id"], row["survey"]): row["count"]
        for row in SurveyResponse.objects.values("cohort_id", "survey").annotate(count=Count("pk")).order_by()
    }
    rates = response_rates(answers=counts)
    keys = counts.keys() | rates.keys()
    cohorts = Cohort.objects.in_bulk({cohort_id for cohort_id, _survey in keys})
    order = {value: index for index, value in enumerate(Survey.values)}
    limit = threshold()
    groups = [
        SurveyGroup(
            cohort=cohorts[cohort_id],
            survey=survey,
            count=counts.get((cohort_id, survey), 0),
            threshold=limit,
            rate=rates.get((cohort_id, survey)),
        )
        for cohort_id, survey in keys
    ]
    groups.sort(key=lambda group: (-group.cohort.year, order[group.survey]))
    return groups


def cohort_for_staff(cohort_id: int) -> Cohort | None:
    return Cohort.objects.filter(pk=cohort_id).first()
