"""Recording observed practice (requirements_tracking/competency/services.py): the rules
for dates, settings, evidence and competencies; history kept, the latest counts."""

import datetime

import pytest
from django.db import connection

from cohorts.models import Participant, Requirement
from requirements_tracking.competency import selectors
from requirements_tracking.competency.services import CompetencyAssessmentError, competency_assessments_record
from requirements_tracking.models import Competency, CompetencyAssessment

MET, NOT_YET = CompetencyAssessment.Result.MET, CompetencyAssessment.Result.NOT_YET
INTENSIVE, PRACTICUM = CompetencyAssessment.Setting.INTENSIVE, CompetencyAssessment.Setting.PRACTICUM
# The 2026 cohort: program 1 April to 31 August, intensive 8 to 12 June (tests/factories.py).
TODAY = datetime.date(2026, 7, 15)
IN_INTENSIVE = datetime.date(2026, 6, 10)
IN_PRACTICUM = datetime.date(2026, 7, 1)


def competencies() -> list[Competency]:
    return selectors.active_competencies()


def observed_practice_requirement(cohort) -> Requirement:
    """The default set's observed-practice requirement (cohorts migration 0006)."""
    return cohort.requirement_set.requirements.get(category=Requirement.Category.COMPETENCY)


def observe(participant, assessor, results=None, *, setting=PRACTICUM, observed_on=IN_PRACTICUM, today=TODAY):
    """Record `results` (competency -> result, or a dict of id -> (result, evidence))."""
    if results is None:
        results = dict.fromkeys(competencies(), MET)
    prepared = {
        (key.pk if isinstance(key, Competency) else key): (value if isinstance(value, tuple) else (value, "Seen"))
        for key, value in results.items()
    }
    return competency_assessments_record(
        participant=participant,
        assessor=assessor,
        setting=setting,
        observed_on=observed_on,
        results=prepared,
        today=today,
    )


@pytest.mark.django_db
def test_one_observation_per_answered_competency(participant, instructor):
    first, second, *_rest = competencies()
    added = observe(
        participant,
        instructor,
        {first: (MET, "  Kept clear, kind boundaries with the person she supported.  "), second: (NOT_YET, "Rushed")},
        setting=INTENSIVE,
        observed_on=IN_INTENSIVE,
    )
    assert len(added) == 2
    rows = {a.competency_id: a for a in CompetencyAssessment.objects.all()}
    assert set(rows) == {first.pk, second.pk}
    assert rows[first.pk].result == MET and rows[first.pk].evidence.startswith("Kept clear")
    assert rows[first.pk].evidence.endswith("supported.")
    assert (rows[second.pk].result, rows[second.pk].setting, rows[second.pk].observed_on) == (
        NOT_YET,
        INTENSIVE,
        IN_INTENSIVE,
    )
    assert rows[second.pk].assessor == instructor


@pytest.mark.django_db
def test_program_staff_record_too_but_nobody_else(participant, program_staff, finance):
    assert len(observe(participant, program_staff)) == len(competencies())
    with pytest.raises(CompetencyAssessmentError) as error:
        observe(participant, finance)
    assert error.value.code == "not_assessor"


def _retire_first():
    first = competencies()[0]
    Competency.objects.filter(pk=first.pk).update(active=False)
    return first.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "code"),
    [
        ({"observed_on": TODAY + datetime.timedelta(days=1)}, "future_date"),
        ({"observed_on": datetime.date(2026, 3, 31)}, "outside_program"),
        ({"observed_on": datetime.date(2026, 9, 1), "today": datetime.date(2026, 9, 10)}, "outside_program"),
        ({"setting": INTENSIVE, "observed_on": datetime.date(2026, 6, 13)}, "outside_intensive"),
        ({"setting": INTENSIVE, "observed_on": datetime.date(2026, 6, 7)}, "outside_intensive"),
        ({"setting": "online"}, "bad_setting"),
        ({"results": {}}, "nothing_answered"),
        ({"results": "missing evidence"}, "evidence_required"),
        ({"results": "blank evidence"}, "evidence_required"),
        ({"results": "long evidence"}, "evidence_too_long"),
        ({"results": "bad result"}, "bad_result"),
        ({"results": "unknown competency"}, "unknown_competency"),
        ({"results": "retired competency"}, "retired_competency"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(participant, instructor, arguments, code):
    first = competencies()[0]
    special = {
        "missing evidence": {first.pk: (MET, "")},
        "blank evidence": {first.pk: (MET, "   \n ")},
        "long evidence": {first.pk: (NOT_YET, "x" * 2001)},
        "bad result": {first.pk: ("maybe", "Seen")},
        "unknown competency": {999_999: (MET, "Seen")},
    }
    if arguments.get("results") == "retired competency":
        arguments = {"results": {_retire_first(): (MET, "Seen")}}
    elif isinstance(arguments.get("results"), str):
        # A good row with the bad one: the checklist is saved whole or not at all.
        arguments = {"results": {competencies()[-1].pk: (MET, "Seen"), **special[arguments["results"]]}}
    with pytest.raises(CompetencyAssessmentError) as error:
        observe(participant, instructor, **arguments)
    assert error.value.code == code
    assert not CompetencyAssessment.objects.exists()


@pytest.mark.django_db
def test_the_row_a_refusal_belongs_to_is_named(participant, instructor):
    second = competencies()[1]
    with pytest.raises(CompetencyAssessmentError) as error:
        observe(participant, instructor, {competencies()[0]: MET, second.pk: (MET, "")})
    assert error.value.competency_id == second.pk


@pytest.mark.django_db
def test_exactly_2000_characters_and_the_last_days_are_accepted(participant, instructor):
    first = competencies()[0]
    observe(participant, instructor, {first.pk: (MET, "x" * 2000)}, observed_on=datetime.date(2026, 4, 1))
    observe(participant, instructor, {first: MET}, setting=INTENSIVE, observed_on=datetime.date(2026, 6, 12))
    observe(participant, instructor, {first: MET}, observed_on=TODAY)
    assert CompetencyAssessment.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Participant.Status.WITHDRAWN, Participant.Status.CERTIFIED])
def test_someone_who_left_or_is_certified_is_not_observed(participant, instructor, status):
    Participant.objects.filter(pk=participant.pk).update(status=status)
    with pytest.raises(CompetencyAssessmentError) as error:
        observe(participant, instructor)
    assert error.value.code == "not_taking_part"


@pytest.mark.django_db
def test_history_is_kept_and_the_latest_observation_counts(participant, instructor, program_staff):
    first, second, *_rest = competencies()
    observe(participant, instructor, {first: NOT_YET, second: MET}, observed_on=datetime.date(2026, 6, 1))
    observe(participant, program_staff, {first: MET}, observed_on=datetime.date(2026, 7, 1))
    # Recorded last but observed earlier: it does not override the July observation.
    observe(participant, instructor, {first: (NOT_YET, "An earlier visit")}, observed_on=datetime.date(2026, 5, 1))
    latest = {a.competency_id: a.result for a in selectors.latest_assessments([participant.pk])}
    assert latest == {first.pk: MET, second.pk: MET}
    history = {item.competency.pk: item for item in selectors.assessment_history(participant)}
    assert [o.observed_on.month for o in history[first.pk].observations] == [7, 6, 5]
    assert history[first.pk].latest.result == MET
    # Then a "not yet" observed later does count.
    observe(participant, instructor, {first: NOT_YET}, observed_on=datetime.date(2026, 7, 10))
    latest = {a.competency_id: a.result for a in selectors.latest_assessments([participant.pk])}
    assert latest[first.pk] == NOT_YET


@pytest.mark.django_db
def test_the_same_checklist_sent_twice_is_saved_once(participant, instructor):
    first, second, *_rest = competencies()
    results = {first: (MET, "Calm and clear"), second: (NOT_YET, "Interrupted twice")}
    assert len(observe(participant, instructor, results)) == 2
    assert observe(participant, instructor, results) == []
    assert CompetencyAssessment.objects.count() == 2
    # Other words on the same day are a new observation.
    assert len(observe(participant, instructor, {first: (MET, "Calm, clear and warm")})) == 1


@pytest.mark.django_db
def test_evidence_is_encrypted_in_the_database(participant, instructor):
    first = competencies()[0]
    [assessment] = observe(participant, instructor, {first: (NOT_YET, "Talked over the person she supported")})
    with connection.cursor() as cursor:
        cursor.execute("SELECT evidence FROM requirements_tracking_competencyassessment WHERE id = %s", [assessment.pk])
        [stored] = cursor.fetchone()
    assert "Talked" not in stored and stored.startswith("gAAAA")
    assert CompetencyAssessment.objects.get().evidence == "Talked over the person she supported"


@pytest.mark.django_db
def test_a_retired_competency_keeps_its_history_but_leaves_the_checklist(participant, instructor):
    first = competencies()[0]
    observe(participant, instructor, {first: NOT_YET})
    Competency.objects.filter(pk=first.pk).update(active=False)
    assert first.pk not in [c.pk for c in competencies()]
    assert not selectors.latest_assessments([participant.pk]).exists()
    history = selectors.assessment_history(participant)
    assert history[-1].competency.pk == first.pk and len(history[-1].observations) == 1
