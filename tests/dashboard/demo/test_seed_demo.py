"""The demo data (`manage.py seed_demo`): shaped like the pilot, and made once however
often the command runs.

Rules chosen here: the module seeds once, at one moment, and again at once (the second run
must add nothing), in a transaction its tests share (tests/conftest.py
`made_for_the_module`); each test checks its part of what was made. Seeding took about
2 s on SQLite and 4 s on PostgreSQL, and each test did it twice.
"""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.test import TestCase, override_settings

from accounts.models import User
from applications.models import Application
from cohorts.models import Cohort, Participant, ProgressExpectation
from requirements_tracking.models import HourEntry, TrainingSession
from sponsors.models import Sponsor, SponsorMember
from tests.conftest import made_for_the_module

SEEDED_AT = datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC)
# What a second run must not add to.
COUNTED = (User, Participant, Cohort, SponsorMember, TrainingSession, HourEntry, ProgressExpectation)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """What the first seeding counted, and what the second found; the certificates' PDFs
    are rendered (by the eager worker, after the first seeding's commit)."""

    def seed_twice():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", verbosity=0)
        first = _counts()
        call_command("seed_demo", verbosity=0)
        return first, _counts()

    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        made_for_the_module(django_db_blocker, SEEDED_AT, seed_twice) as counts,
    ):
        yield counts


@pytest.fixture
def at_the_seeding(seeded, time_machine):
    time_machine.move_to(SEEDED_AT)


@pytest.mark.django_db
def test_a_second_run_adds_nothing(seeded):
    first, second = seeded
    assert second == first


@pytest.mark.django_db
def test_seed_demo_is_shaped_like_the_pilot(at_the_seeding):
    pilot = Participant.objects.filter(cohort__year=2025)
    assert pilot.count() == 9
    assert set(pilot.values_list("home_state", flat=True)) == {"AZ", "TX", "TN", "GA", "KY", "PA", "FL"}
    assert Counter(pilot.values_list("aspiration", flat=True)) == {
        "residential_care": 5,
        "jail_ministry": 2,
        "emergency_outreach": 1,
        "advocacy": 1,
    }
    cohort_2026 = Cohort.objects.get(year=2026)
    assert (cohort_2026.applications_open.month, cohort_2026.program_start.month, cohort_2026.program_end.month) == (
        1,
        4,
        8,
    )
    assert (cohort_2026.intensive_start.month, cohort_2026.graduation_date.month, cohort_2026.fee_cents) == (
        6,
        10,
        350_000,
    )
    assert Cohort.objects.filter(year=2027).exists()  # the next one to take applications
    assert Sponsor.objects.count() == 2
    statuses = set(Application.objects.filter(cohort__year=2026).values_list("status", flat=True))
    assert statuses == set(Application.Status.values)
    # The accepted applicant is a 2026 participant with the fee due.
    assert Participant.objects.get(cohort__year=2026).fee_due_cents == 350_000
    for user in User.objects.filter(groups__name__in=["program_staff", "instructor", "finance", "sponsor"]):
        assert user.authenticator_set.filter(type="totp").exists()


def test_seed_demo_refuses_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo")


@pytest.mark.django_db
def test_the_pilot_has_nine_months_of_hours_that_the_grid_and_pages_agree_on(at_the_seeding):
    from requirements_tracking import progress
    from requirements_tracking.models import Attendance, SupervisorConfirmation

    pilot = Cohort.objects.get(year=2025)
    assert TrainingSession.objects.filter(cohort=pilot).count() == 11
    assert Attendance.objects.filter(status=Attendance.Status.ABSENT).count() == 1
    # One self-care entry waits for staff, one practicum entry for the demo sponsor.
    assert HourEntry.objects.filter(status=HourEntry.Status.SUBMITTED, practicum__isnull=True).count() == 1
    waiting = SupervisorConfirmation.objects.get(status=SupervisorConfirmation.Status.PENDING)
    assert waiting.practicum.supervisor_user.email == "sponsor@demo.cpse.invalid"

    grid = progress.cohort_grid(pilot)
    for row in grid.rows:
        page = progress.participant_progress(row.participant)
        assert [cell.progress for cell in row.cells] == page
    alma = next(row for row in grid.rows if row.participant.user.email == "participant@demo.cpse.invalid")
    by_category = {cell.progress.requirement.category: cell.progress for cell in alma.cells}
    assert (by_category["online"].approved, by_category["intensive"].approved) == (18, 30)
    assert (by_category["self_care"].approved, by_category["self_care"].pending) == (8, 2)
    assert (by_category["practicum"].approved, by_category["practicum"].pending) == (8, 4)


@pytest.mark.django_db
def test_the_pilot_has_an_exam_with_every_state_the_staff_pages_show(at_the_seeding):
    from requirements_tracking import progress
    from requirements_tracking.models import Attempt, CompetencyAssessment, Question, RemediationPlan

    assert set(Question.objects.values_list("kind", flat=True)) == set(Question.Kind.values)
    attempts = Attempt.objects.filter(exam__cohort__year=2025)
    assert attempts.count() == 9
    assert attempts.filter(status=Attempt.Status.FINAL, passed=True).count() == 7
    assert attempts.get(status=Attempt.Status.SUBMITTED).participant.user.email == "participant@demo.cpse.invalid"
    failed = attempts.get(passed=False)
    assert RemediationPlan.objects.filter(attempt=failed).exists()
    assert CompetencyAssessment.objects.filter(result=CompetencyAssessment.Result.NOT_YET).count() == 1
    pilot = Cohort.objects.get(year=2025)
    done = {
        row.participant.user.email.split("@")[0]: {
            c.progress.requirement.category: c.progress.complete for c in row.cells
        }
        for row in progress.cohort_grid(pilot).rows
    }
    assert done["bianca"]["exam"] and done["bianca"]["competency"]
    assert not done["dana"]["competency"] and not done["faith"]["exam"] and not done["participant"]["exam"]


@pytest.mark.django_db
def test_the_pilot_graduates_who_finished_everything_are_certified(at_the_seeding):
    from certificates.models import Certificate

    certified = set(Certificate.objects.values_list("participant__user__email", flat=True))
    # Bianca and Carmen missed session hours, Dana one competency, Faith the exam, Alma several.
    assert certified == {f"{name}@demo.cpse.invalid" for name in ("elena", "grace", "hope", "imani")}
    assert all(c.pdf for c in Certificate.objects.all())  # rendered by the (eager) worker
