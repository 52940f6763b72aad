"""The demo data (`manage.py seed_demo`): shaped like the pilot, made once however often
the command runs, and giving each part of the site something to show (the sponsor portal,
placement years, mentoring, readiness, supervision).

Rules chosen here: the module seeds once, at one moment, and again at once (the second run
must add nothing to any of the `COUNTED` tables), in a transaction its tests share
(tests/conftest.py `made_for_the_module`); each test checks its part of what was made,
there rather than seeding again in a module of its own (about 1 s a seeding on SQLite,
2 s on PostgreSQL).
"""

import datetime
import re
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from applications.models import Application
from benchmarks import run
from checkins.models import CheckIn, Placement, SupervisionContract, SupervisionSession
from checkins.reminders import checkin_reminders_send
from checkins.supervision.selectors import supervision_gaps
from cohorts.models import Cohort, Participant, ProgressExpectation
from mentorship.models import Mentor, MentorMeeting, MentorPayment, Mentorship
from requirements_tracking.models import HourEntry, ReadinessAssessment, TrainingSession
from sponsors.models import Consent, ConsentChange, Sponsor, SponsorMember
from tests.conftest import made_for_the_module

SEEDED_AT = datetime.datetime(2026, 11, 23, 12, tzinfo=datetime.UTC)
# What a second run must not add to.
COUNTED = (
    User,
    Participant,
    Cohort,
    SponsorMember,
    TrainingSession,
    HourEntry,
    ProgressExpectation,
    ConsentChange,
    Placement,
    CheckIn,
    MentorMeeting,
    MentorPayment,
    ReadinessAssessment,
    SupervisionContract,
    SupervisionSession,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory, _clock_moment):
    """What the first seeding counted, and what the second found; the certificates' PDFs
    are rendered (by the eager worker, after the first seeding's commit). Seeded on the
    module's own clock, whatever moment the run is at."""

    def seed_twice():
        with time_machine.travel(SEEDED_AT, tick=True):
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("seed_demo", verbosity=0)
            first = _counts()
            call_command("seed_demo", verbosity=0)
            return first, _counts()

    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        made_for_the_module(django_db_blocker, _clock_moment, seed_twice) as counts,
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
def test_the_benchmarks_sign_in_as_accounts_the_demo_makes(seeded):
    emails = {page.login_as for page in run.PAGES if page.login_as}
    assert run.PARTICIPANT in emails
    assert User.objects.filter(email__in=emails).count() == len(emails)


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


@pytest.mark.django_db
def test_the_demo_sponsor_sees_shared_and_unshared_participants(at_the_seeding, client):
    assert ConsentChange.objects.exists()
    assert Consent.objects.filter(progress_percentages=True).exists()
    client.force_login(User.objects.get(email="donor@demo.cpse.invalid"))
    html = client.get(reverse("sponsors:portal")).content.decode()
    assert re.search(r"\d+(\.\d+)? of \d+ hours", html)  # shared progress, in hours
    assert "This participant has not chosen to share progress." in html


@pytest.mark.django_db
def test_the_demo_has_two_placement_years_with_one_missed_check_in(at_the_seeding):
    assert Placement.objects.filter(participant__cohort__year=2025).count() == 2
    assert CheckIn.objects.filter(submitted_at__isnull=False).count() == 5
    today = timezone.localdate()
    missed = CheckIn.objects.filter(submitted_at__isnull=True, due_on__lt=today - datetime.timedelta(days=21))
    assert missed.count() == 1
    # The reminders treat it as missed: staff are asked to follow up.
    checkin_reminders_send(timezone.now())
    assert missed.get().concerns.filter(reason="missed").exists()


@pytest.mark.django_db
def test_the_demo_has_a_graduate_mentor_with_a_mentee_meetings_and_a_payment(at_the_seeding):
    mentor = Mentor.objects.get(user__display_name="Rosa Delgado")
    assert mentor.background == Mentor.Background.GRADUATE
    assert mentor.user.groups.filter(name=Role.MENTOR).exists()
    mentorship = Mentorship.objects.get(mentor=mentor)
    assert mentorship.ended_on is None and mentorship.shares_progress and not mentorship.shares_contact
    assert MentorMeeting.objects.filter(mentorship=mentorship).count() == 3
    payment = MentorPayment.objects.get(mentor=mentor)
    assert (payment.minutes, payment.amount_cents) == (105, 4375)
    assert MentorMeeting.objects.filter(payment__isnull=True).count() == 1


@pytest.mark.django_db
def test_demo_readiness_has_one_waiting_one_judged_and_one_pilot_round(at_the_seeding):
    assessments = ReadinessAssessment.objects.select_related("application__applicant", "participant__user")
    assert assessments.count() == 3
    waiting = assessments.get(outcome="")
    assert (waiting.stage, waiting.application.applicant.display_name) == ("interview", "Jo")
    assert waiting.self_submitted_at is not None
    judged = assessments.get(stage="interview", outcome="ready_with_support")
    assert judged.application.applicant.display_name == "Ada"
    pilot = assessments.get(stage="before_practicum")
    assert (pilot.participant.user.display_name, pilot.outcome) == ("Carmen", "ready")
    assert pilot.self_answers["people"]["choice"] == "one_or_two"


@pytest.mark.django_db
def test_the_supervision_demo_shows_a_gap(at_the_seeding):
    # Alma's agreed practicum contract with sessions, and Bianca's weekly placement
    # contract with a gap the board shows.
    assert (SupervisionContract.objects.count(), SupervisionSession.objects.count()) == (2, 7)
    practicum = SupervisionContract.objects.get(setting="practicum")
    assert practicum.agreed and practicum.participant.user.display_name == "Alma"
    assert practicum.supervisor_user is not None  # the demo sponsor can see it signed in
    assert practicum.sessions.count() == 3

    placement = SupervisionContract.objects.get(setting="placement")
    gap = supervision_gaps([placement.participant_id], timezone.localdate())[placement.participant_id]
    assert (gap.frequency, gap.days_since, gap.gap_days) == ("weekly", 12, 5)
