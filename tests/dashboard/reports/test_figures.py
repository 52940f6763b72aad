"""Every report figure, computed from the known cohort of tests/dashboard/reports/fixture.py."""

import pytest

from applications.selectors import pipeline_counts
from dashboard.reports import selectors
from requirements_tracking.exam.selectors import exam_outcomes
from tests.dashboard.reports.fixture import pipeline, report_cohort
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db

FEW, HIDDEN = "fewer than 5", "not shown"


@pytest.fixture
def known():
    return report_cohort()


def rows(table) -> dict[str, list[str]]:
    return dict(table.all_rows)


def test_outcomes(known):
    cohort, _people = known
    table = rows(selectors.report_tables(["outcomes"], cohort)[0])
    assert table["Enrolled"] == ["12", "", ""]
    assert table["Completed the program"] == ["7", "12", "58 percent"]
    assert table["Median days from the program's start to completion"] == ["170", "", ""]
    # 10 of 12 took it: the 2 who did not would show, so both are hidden.
    assert table["Took the final exam"] == [HIDDEN, "12", HIDDEN]
    # Counted out of those 10, the exam rows would give the hidden 10 back: nothing shows.
    assert table["Passed the exam on their first attempt"] == [HIDDEN, HIDDEN, HIDDEN]
    assert table["Passed the exam"] == [HIDDEN, HIDDEN, HIDDEN]
    assert table["Certified"] == ["6", "12", "50 percent"]
    assert table["Placed within 3 months of the program's end"] == [FEW, "7", HIDDEN]
    assert table["Placed within 6 months of the program's end"] == [HIDDEN, "7", HIDDEN]
    assert table["Placed within 12 months of the program's end"] == ["7", "7", "100 percent"]
    assert table["Placed participants who filed at least 3 of 12 check-ins"] == ["8", "8", "100 percent"]
    assert table["Placed participants who filed at least 6 of 12 check-ins"] == [HIDDEN, "8", HIDDEN]
    assert table["Placed participants who filed at least 12 of 12 check-ins"] == [HIDDEN, "8", HIDDEN]


def test_exam_outcomes_count_first_and_any_final_attempt(known):
    _cohort, people = known
    outcomes = exam_outcomes([p.pk for p in people])
    assert len(outcomes) == 10  # p10's attempt is still being scored
    assert sum(o.passed_first_attempt for o in outcomes.values()) == 5
    assert sum(o.passed for o in outcomes.values()) == 8


def test_median_of_fewer_than_five_is_not_shown():
    assert selectors.median_days([]) == "–"
    assert selectors.median_days([10, 20, 30, 40]) == "not shown"
    assert selectors.median_days([10, 20, 30, 40, 50, 60]) == "35"


def test_areas(known):
    cohort, _people = known
    table = rows(selectors.report_tables(["areas"], cohort)[0])
    # Hoped / working here / working where they hoped. The last column's only small cell
    # (jail ministry, 2) would be 7 − 5: residential care's 5 is hidden with it, and both
    # read "not shown" (beside "fewer than 5", "not shown" could only be 5 or 6).
    assert table["Residential care"] == ["6", "5", HIDDEN]
    assert table["Jail ministry"] == [FEW, FEW, HIDDEN]
    assert table["Emergency care and outreach"] == [FEW, "0", "0"]
    assert table["Advocacy"] == [FEW, FEW, "0"]
    assert table["Other"] == [FEW, "0", "0"]
    assert table["All areas"] == ["12", "8", "7"]


def test_equity(known):
    cohort, _people = known
    table = rows(selectors.report_tables(["equity"], cohort)[0])
    # Participants / accommodation / fee help. The one person without a state is a small
    # cell alone in its column: Georgia's 5 is hidden so it cannot be worked out, and both
    # read "not shown" ("not shown" beside "fewer than 5" of 6 could only be 5 and 1).
    # Fee help: Georgia's and the one without a state would be 7 − 5 = 2, so 1 and 1:
    # both read "not shown", which could be 0 and 2 as well.
    assert table["TX"] == ["6", FEW, "5"]
    assert table["GA"] == [HIDDEN, FEW, HIDDEN]
    assert table["Not given"] == [HIDDEN, "0", HIDDEN]
    assert table["All states"] == ["12", FEW, "7"]


def test_pipeline_counts_and_conversion(known):
    cohort, _people = known
    pipeline(cohort)
    CohortFactory(year=2025)
    assert pipeline_counts()[cohort.pk] == {
        "interested": 20,
        "applied": 15,
        "recommended": 14,
        "interviewed": 13,
        "decided": 13,
        "accepted": 12,
        "enrolled": 12,
    }
    table = rows(selectors.report_tables(["pipeline"], None)[0])
    assert table["2026 cohort"] == [
        "20",
        "15 (75 percent)",
        "14 (93 percent)",
        "13 (93 percent)",
        "13 (100 percent)",
        "12 (92 percent)",
        "12 (100 percent)",
    ]
    assert table["2025 cohort"] == ["0"] * 7


def test_an_empty_cohort_reports_zeros():
    cohort = CohortFactory(year=2030)
    outcomes = rows(selectors.report_tables(["outcomes"], cohort)[0])
    assert outcomes["Enrolled"] == ["0", "", ""]
    assert outcomes["Completed the program"] == ["0", "0", ""]
    assert rows(selectors.report_tables(["equity"], cohort)[0]) == {"All states": ["0", "0", "0"]}
