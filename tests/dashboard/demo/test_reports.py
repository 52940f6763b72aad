import pytest

from accounts.models import Role
from cpse.notify.models import Notification
from dashboard.demo.reports import seed_reports
from dashboard.models import CohortMessage
from tests.factories import CohortFactory, ParticipantFactory, UserFactory


@pytest.mark.django_db
def test_seed_reports_sends_the_pilot_one_message_however_often_it_runs():
    seed_reports()  # no cohort yet: nothing to do
    pilot = CohortFactory(year=2025)
    CohortFactory(year=2026)
    ParticipantFactory.create_batch(3, cohort=pilot)
    ParticipantFactory(cohort=pilot, status="withdrawn")
    UserFactory(roles=[Role.PROGRAM_STAFF])
    seed_reports()
    seed_reports()
    sent = CohortMessage.objects.get()
    assert (sent.cohort, sent.recipients) == (pilot, 3)
    assert Notification.objects.filter(kind="cohort_message").count() == 3
