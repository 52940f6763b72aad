"""Two answers to one survey at the same moment (two tabs, a double tap): one is stored,
the other refused. Row locks need PostgreSQL; on SQLite this is skipped."""

import datetime
import threading

import pytest
from django.db import connection, connections

from checkins.models import Survey, SurveyInvitation, SurveyResponse
from checkins.surveys.services import SurveyError, survey_answer


@pytest.mark.django_db(transaction=True)
def test_two_answers_at_once_make_one(participant):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL")
    invitation = SurveyInvitation.objects.create(
        participant=participant, survey=Survey.END_OF_PROGRAM, opens_on=datetime.date(2026, 9, 1)
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def answer(value):
        try:
            barrier.wait()
            survey_answer(
                invitation=SurveyInvitation.objects.get(pk=invitation.pk),
                answers={"safe": value},
                today=datetime.date(2026, 9, 2),
            )
            outcomes.append("answered")
        except SurveyError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(v,)) for v in ("1", "5")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_answered", "answered"]
    assert SurveyResponse.objects.count() == 1
