"""The outcomes report's check-in rows follow the number of check-ins the cohort's
requirement set asks (issue #24), not a constant 12."""

import datetime

import pytest

from checkins.models import CheckIn
from checkins.schedule import schedule_sync
from cohorts.models import Requirement, RequirementSet
from cohorts.services import requirement_set_copy
from dashboard.reports import selectors
from tests.checkins.factories import PlacementFactory
from tests.factories import CohortFactory, ParticipantFactory


@pytest.mark.parametrize(
    ("total", "marks"),
    [(12, [3, 6, 9, 12]), (6, [2, 3, 5, 6]), (1, [1, 1, 1, 1]), (0, [0, 0, 0, 0])],
)
def test_the_marks_are_quarters_of_the_year_rounded_up(total, marks):
    assert [selectors.checkins_mark(total, quarters) for quarters in selectors.QUARTERS] == marks


@pytest.mark.django_db
def test_a_cohort_asking_six_check_ins_is_reported_out_of_six():
    source = RequirementSet.objects.filter(credential__abbreviation="CPSE").order_by("pk").first()
    six = requirement_set_copy(source=source, name="Six check-ins")
    six.requirements.filter(kind=Requirement.Kind.CHECKINS).update(amount=6)
    cohort = CohortFactory(year=2027, requirement_set=six)
    sent = datetime.datetime(2028, 1, 10, tzinfo=datetime.UTC)
    for filed in (3, 6):
        person = ParticipantFactory(cohort=cohort)
        PlacementFactory(participant=person, start_date=datetime.date(2027, 6, 1))
        schedule_sync(participant=person)
        CheckIn.objects.filter(participant=person, number__lte=filed).update(submitted_at=sent)
    table = dict(selectors.report_tables(["outcomes"], cohort, exact=True)[0].all_rows)
    assert table["Placed participants who filed at least 3 of 6 check-ins"][:2] == ["2", "2"]
    assert table["Placed participants who filed at least 5 of 6 check-ins"][:2] == ["1", "2"]
    assert table["Placed participants who filed at least 6 of 6 check-ins"][:2] == ["1", "2"]
    assert not any("of 12 check-ins" in label for label in table)
