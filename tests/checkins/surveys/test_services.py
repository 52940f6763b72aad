import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checkins.models import Survey, SurveyInvitation, SurveyResponse
from checkins.placement.services import pause_start
from checkins.surveys.questions import PREFER_NOT, QUESTIONS, questions_for
from checkins.surveys.services import SurveyError, survey_answer, survey_decline, survey_invitations_create
from cohorts.models import Participant
from tests.checkins.factories import placement_year
from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import count_queries

D = datetime.date


def invite(participant, survey=Survey.END_OF_PROGRAM, opens_on=None) -> SurveyInvitation:
    opens_on = opens_on or D(2026, 9, 1)
    return SurveyInvitation.objects.create(participant=participant, survey=survey, opens_on=opens_on)


def test_each_survey_asks_five_to_nine_questions_with_scales_in_words():
    for survey in Survey.values:
        questions = questions_for(survey)
        assert 5 <= len(questions) <= 9
        assert len({q.key for q in questions}) == len(questions)
    scale = next(q for q in QUESTIONS[Survey.END_OF_PROGRAM] if q.is_scale)
    labels = [str(label) for _value, label in scale.options]
    assert labels[0] == "Not at all" and labels[4] == "Completely" and labels[-1] == "Prefer not to say"
    placement_keys = {q.key for q in questions_for(Survey.PLACEMENT_6)}
    assert {"terms", "conditions", "fair_pay", "safe"} <= placement_keys
    assert {"safe", "team_support", "prepared", "recommend"} <= {q.key for q in questions_for(Survey.END_OF_PROGRAM)}


@pytest.mark.django_db
def test_answering_stores_no_person_and_no_exact_time_and_marks_the_invitation(participant):
    invitation = invite(participant)
    survey_answer(
        invitation=invitation,
        answers={"safe": "5", "prepared": PREFER_NOT, "recommend": "", "not_a_question": "3"},
        comment="  The intensive week helped.  ",
        today=D(2026, 9, 17),
    )
    response = SurveyResponse.objects.get()
    # No person, no invitation, no timestamp: nothing to join the answers to someone on.
    assert {f.name for f in SurveyResponse._meta.concrete_fields} == {
        "id",
        "cohort",
        "survey",
        "month",
        "answers",
        "comment",
    }
    assert (response.cohort, response.survey, response.month) == (participant.cohort, "end_of_program", D(2026, 9, 1))
    assert response.answers == {"safe": 5, "prepared": PREFER_NOT}
    assert response.comment == "The intensive week helped."
    invitation.refresh_from_db()
    assert invitation.answered and not invitation.declined
    # The invitation's history does not say when it was answered, and answers have none.
    history = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(SurveyInvitation))
    assert not any("answered" in entry.changes_dict for entry in history)
    assert not LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(SurveyResponse)).exists()


@pytest.mark.django_db
def test_answering_twice_is_refused(participant):
    invitation = invite(participant)
    survey_answer(invitation=invitation, answers={"safe": "4"}, today=D(2026, 9, 2))
    with pytest.raises(SurveyError) as error:
        survey_answer(invitation=invitation, answers={"safe": "1"}, today=D(2026, 9, 2))
    assert error.value.code == "already_answered"
    assert SurveyResponse.objects.count() == 1
    with pytest.raises(SurveyError):
        survey_decline(invitation=invitation)


@pytest.mark.django_db
def test_after_no_thanks_the_survey_cannot_be_answered(participant):
    invitation = invite(participant)
    survey_decline(invitation=invitation)
    survey_decline(invitation=invitation)  # saying it twice changes nothing
    with pytest.raises(SurveyError) as error:
        survey_answer(invitation=invitation, answers={"safe": "4"}, today=D(2026, 9, 2))
    assert error.value.code == "declined"
    invitation.refresh_from_db()
    assert invitation.declined and not invitation.answered
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answers", "comment", "today", "code"),
    [
        ({"safe": "6"}, "", D(2026, 9, 2), "safe"),
        ({"safe": "paid"}, "", D(2026, 9, 2), "safe"),
        ({}, "   ", D(2026, 9, 2), "empty"),
        ({"safe": ""}, "", D(2026, 9, 2), "empty"),
        ({}, "x" * 2001, D(2026, 9, 2), "comment"),
        ({"safe": "3"}, "", D(2026, 8, 31), "not_open"),
    ],
)
def test_bad_answers_are_refused_with_a_reason(participant, answers, comment, today, code):
    invitation = invite(participant)
    with pytest.raises(SurveyError) as error:
        survey_answer(invitation=invitation, answers=answers, comment=comment, today=today)
    assert error.value.code == code
    assert not SurveyResponse.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.answered


@pytest.mark.django_db
def test_placement_surveys_take_their_own_choices(participant):
    invitation = invite(participant, Survey.PLACEMENT_6)
    survey_answer(invitation=invitation, answers={"terms": "volunteer", "fair_pay": PREFER_NOT}, today=D(2026, 9, 2))
    assert SurveyResponse.objects.get().answers == {"terms": "volunteer", "fair_pay": PREFER_NOT}


def _invited(survey=Survey.END_OF_PROGRAM) -> set[int]:
    return set(SurveyInvitation.objects.filter(survey=survey).values_list("participant_id", flat=True))


@pytest.mark.django_db
def test_the_end_of_program_survey_opens_on_completion_or_at_the_programs_end():
    cohort = CohortFactory(year=2026)  # the program ends on 31 August 2026
    S = Participant.Status
    completed = ParticipantFactory(cohort=cohort, status=S.COMPLETED)
    certified = ParticipantFactory(cohort=cohort, status=S.CERTIFIED)
    enrolled = ParticipantFactory(cohort=cohort)
    ParticipantFactory(cohort=cohort, status=S.WITHDRAWN)
    ParticipantFactory(cohort=CohortFactory(year=2024), status=S.COMPLETED)  # ended long ago

    assert survey_invitations_create(D(2026, 8, 30)) == 2
    assert _invited() == {completed.pk, certified.pk}
    assert survey_invitations_create(D(2026, 9, 1)) == 1
    assert _invited() == {completed.pk, certified.pk, enrolled.pk}
    assert survey_invitations_create(D(2026, 9, 2)) == 0  # idempotent
    assert set(SurveyInvitation.objects.values_list("opens_on", flat=True)) == {D(2026, 8, 30), D(2026, 9, 1)}


@pytest.mark.django_db
def test_placement_surveys_open_with_the_sixth_and_twelfth_check_in(participant, other_participant):
    placement_year(participant, start=D(2026, 11, 1))  # check-in 6 due 1 May 2027, 12 due 1 Nov 2027
    placement_year(other_participant, start=D(2026, 11, 1))
    pause_start(participant=other_participant, starts_on=D(2027, 4, 1), by=other_participant.user, today=D(2027, 4, 1))
    assert survey_invitations_create(D(2027, 4, 30)) == 0
    survey_invitations_create(D(2027, 5, 1))
    # A paused year moves the survey on, as it moves the check-in.
    assert _invited(Survey.PLACEMENT_6) == {participant.pk}
    assert not _invited(Survey.PLACEMENT_12)
    survey_invitations_create(D(2027, 11, 1))
    assert _invited(Survey.PLACEMENT_12) == {participant.pk}
    survey_invitations_create(D(2027, 11, 2))
    assert SurveyInvitation.objects.count() == 2


@pytest.mark.django_db
def test_starting_surveys_takes_the_same_queries_for_3_or_30_people():
    cohort = CohortFactory(year=2026)

    def run(count: int, today: D) -> int:
        for _ in range(count):
            ParticipantFactory(cohort=cohort, status=Participant.Status.COMPLETED)
        with count_queries() as queries:
            survey_invitations_create(today)
        return len(queries.captured_queries)

    few = run(3, D(2026, 9, 1))
    many = run(30, D(2026, 9, 2))
    assert few == many
    assert SurveyInvitation.objects.count() == 33


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    answers=st.dictionaries(
        st.sampled_from(["safe", "respected", "prepared", "recommend", "terms", "other"]),
        st.one_of(st.sampled_from(["1", "5", PREFER_NOT, "paid", "", "0", "6"]), st.text(max_size=5), st.integers()),
        max_size=6,
    ),
    comment=st.text(max_size=40),
)
def test_any_answers_are_stored_valid_or_refused_with_a_reason(participant, answers, comment):
    SurveyResponse.objects.all().delete()
    SurveyInvitation.objects.all().delete()
    invitation = invite(participant)
    try:
        survey_answer(invitation=invitation, answers=answers, comment=comment, today=D(2026, 9, 2))
    except SurveyError as error:
        assert error.code in {"empty", "safe", "respected", "prepared", "recommend"}
        assert not SurveyResponse.objects.exists()
        return
    stored = SurveyResponse.objects.get()
    assert set(stored.answers) <= {"safe", "respected", "prepared", "recommend"}
    assert all(value in {1, 2, 3, 4, 5, PREFER_NOT} for value in stored.answers.values())
