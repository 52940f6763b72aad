"""The cohort staff work on (issue #26): every staff page that shows one cohort opens on the
cohort in progress (else the next one), then on the one the person chose last, on any such
page and after a new sign-in; accepting someone into a cohort whose program has ended
warns first."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from applications.models import Application
from cohorts.models import WorkingCohort
from cohorts.selectors import cohort_has_ended, cohort_in_progress, working_cohort
from cohorts.services import erase_working_cohort, export_working_cohort, working_cohort_choose
from tests.applications.factories import SentApplicationFactory
from tests.factories import CohortFactory

# Dates are read from the cohorts themselves, never from the calendar's month lengths.
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def cohorts(db):
    """The last cohort (started, program over), this year's (started: in progress) and the
    next (not started yet), against TODAY."""
    return CohortFactory(year=2025), CohortFactory(year=2026), CohortFactory(year=2027)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 15, tzinfo=datetime.UTC), tick=False):
        yield


def test_the_cohort_in_progress_is_the_latest_started_else_the_next(cohorts):
    last, this, following = cohorts
    assert this.program_start <= TODAY < following.program_start
    assert cohort_in_progress(today=TODAY) == this
    assert cohort_in_progress(today=last.program_start) == last
    assert cohort_in_progress(today=last.program_start - datetime.timedelta(days=1)) == last  # the next one
    assert cohort_in_progress(today=following.program_start) == following


@pytest.mark.django_db
def test_no_cohort_at_all(program_staff):
    assert cohort_in_progress(today=TODAY) is None
    assert working_cohort(program_staff, today=TODAY) is None


def test_the_last_choice_wins_and_is_kept_once_per_person(cohorts, program_staff, instructor):
    last, this, following = cohorts
    assert working_cohort(program_staff, today=TODAY) == this
    working_cohort_choose(user=program_staff, asked=following)
    working_cohort_choose(user=program_staff, asked=last)
    working_cohort_choose(user=program_staff, asked=last)  # twice: still one row
    assert working_cohort(program_staff, today=TODAY) == last
    assert WorkingCohort.objects.filter(user=program_staff).count() == 1
    assert working_cohort(instructor, today=TODAY) == this  # per person


def test_a_choice_repeated_in_the_same_session_costs_no_write(cohorts, program_staff, django_assert_num_queries):
    _last, this, _following = cohorts
    session = {}
    with django_assert_num_queries(1):
        working_cohort_choose(user=program_staff, asked=this, session=session)
    with django_assert_num_queries(0):
        working_cohort_choose(user=program_staff, asked=this, session=session)


# Each staff page that shows one cohort: how it names the cohort in the query string, and
# where the cohort shown is in its context.
PAGES = {
    "dashboard:home": ("year", lambda c: c["cohort"]),
    "certificates_staff:cohort": ("pk", lambda c: c["cohort"]),
    "certificates_staff:graduation": ("pk", lambda c: c["cohort"]),
    "competency:overview": ("pk", lambda c: c["overview"].cohort),
    "requirements_tracking_staff:grid": ("pk", lambda c: c["grid"].cohort),
    "sessions:staff_list": ("pk", lambda c: c["cohort"]),
    "ethics:staff_acknowledgments": ("pk", lambda c: c["cohort"]),
    "reports:index": ("pk", lambda c: c["cohort"]),
}


def _shown(client, name, query=None):
    response = client.get(reverse(name), query or {})
    assert response.status_code == 200, name
    return PAGES[name][1](response.context)


def _query(name, cohort) -> dict:
    return {"cohort": cohort.year if PAGES[name][0] == "year" else cohort.pk}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_opens_on_the_cohort_in_progress(client, cohorts, program_staff, name):
    client.force_login(program_staff)
    assert _shown(client, name) == cohorts[1]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_cohort_chosen_on_one_page_opens_every_other_page(client, cohorts, program_staff, name):
    last = cohorts[0]
    client.force_login(program_staff)
    assert _shown(client, name, _query(name, last)) == last
    for other in PAGES:
        assert _shown(client, other) == last, (name, other)


def test_the_choice_survives_a_new_sign_in(client, cohorts, program_staff):
    following = cohorts[2]
    client.force_login(program_staff)
    client.get(reverse("requirements_tracking_staff:grid"), {"cohort": following.pk})
    client.logout()
    client.force_login(program_staff)
    assert _shown(client, "sessions:staff_list") == following
    assert _shown(client, "dashboard:home") == following


def test_all_cohorts_on_the_sessions_list_is_not_remembered(client, cohorts, program_staff):
    client.force_login(program_staff)
    assert client.get(reverse("sessions:staff_list"), {"cohort": ""}).context["cohort"] is None
    assert _shown(client, "sessions:staff_list") == cohorts[1]


def test_new_sessions_and_exams_start_on_the_working_cohort(client, cohorts, program_staff):
    last = cohorts[0]
    client.force_login(program_staff)
    client.get(reverse("certificates_staff:cohort"), {"cohort": last.pk})
    assert client.get(reverse("sessions:create")).context["form"].initial["cohort"] == last
    assert client.get(reverse("exam_bank:exam_create")).context["form"].initial["cohort"] == last


# --- Accepting into a cohort whose program has ended --------------------------------------


def _decision_page(client, cohort) -> str:
    application = SentApplicationFactory(cohort=cohort, status=Application.Status.INTERVIEWED)
    url = reverse("applications_staff:decision", args=[application.public_id])
    return client.get(url, {"decision": "accepted"}).content.decode()


def test_offering_a_place_in_an_ended_cohort_warns_first(client, cohorts, program_staff):
    last, this, following = cohorts
    assert cohort_has_ended(last, today=TODAY) and not cohort_has_ended(following, today=TODAY)
    client.force_login(program_staff)
    page = _decision_page(client, last)
    assert "data-cohort-ended" in page and "program ended on" in page
    assert "data-cohort-ended" not in _decision_page(client, following)


def test_the_program_end_day_itself_is_not_over(cohorts):
    last = cohorts[0]
    assert not cohort_has_ended(last, today=last.program_end)
    assert cohort_has_ended(last, today=last.program_end + datetime.timedelta(days=1))


def test_the_choice_is_in_the_persons_data_and_goes_with_erasure(cohorts, program_staff):
    working_cohort_choose(user=program_staff, asked=cohorts[0])
    assert [row["cohort"] for row in export_working_cohort(program_staff)] == [str(cohorts[0])]
    erase_working_cohort(program_staff)
    assert not WorkingCohort.objects.filter(user=program_staff).exists()
