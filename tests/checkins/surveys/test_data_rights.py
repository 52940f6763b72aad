"""A person's survey invitations are theirs (exported, erased); the anonymous answers
are nobody's personal data and stay, with nothing pointing back at the person."""

import datetime

import pytest

from checkins import data_rights
from checkins.models import Survey, SurveyInvitation, SurveyResponse
from checkins.surveys.services import survey_answer, survey_decline

D = datetime.date


@pytest.mark.django_db
def test_invitations_go_with_the_person_and_answers_stay_anonymous(participant, other_participant):
    answered = SurveyInvitation.objects.create(
        participant=participant, survey=Survey.END_OF_PROGRAM, opens_on=D(2026, 9, 1)
    )
    survey_answer(invitation=answered, answers={"safe": "5"}, comment="Kind team", today=D(2026, 9, 3))
    declined = SurveyInvitation.objects.create(
        participant=participant, survey=Survey.PLACEMENT_6, opens_on=D(2027, 5, 1)
    )
    survey_decline(invitation=declined)
    SurveyInvitation.objects.create(participant=other_participant, survey=Survey.END_OF_PROGRAM, opens_on=D(2026, 9, 1))

    exported = data_rights.export(participant.user)["evaluation_surveys"]
    assert exported == [
        {"survey": "End of the program", "opened_on": D(2026, 9, 1), "answered": True, "declined": False},
        {"survey": "Six months into your placement", "opened_on": D(2027, 5, 1), "answered": False, "declined": True},
    ]
    # The answers are not theirs to export: nothing about them is in the export.
    assert "Kind team" not in str(data_rights.export(participant.user))

    data_rights.erase(participant.user)
    assert not SurveyInvitation.objects.filter(participant=participant).exists()
    assert SurveyInvitation.objects.filter(participant=other_participant).count() == 1
    assert SurveyResponse.objects.get().comment == "Kind team"
