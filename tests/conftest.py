"""Named personas (as healthchecks' alice/bob/charlie) and shared helpers.

Every persona is a real account; staff and sponsors have two-factor authentication set
up, as the site requires of them.
"""

import datetime
import importlib
import os
import zoneinfo

import kombu.pools
import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from accounts.services import totp_code_now, user_activate_totp
from cpse.celery import app as celery_app
from tests.factories import PASSWORD, CohortFactory, ParticipantFactory, SponsorMemberFactory, UserFactory
from tests.sponsors.factories import sponsor_participant

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def pinned_clock() -> datetime.datetime | None:
    """The moment every test starts at, from CPSE_TEST_CLOCK (an ISO date and time in the
    site's time zone, e.g. "2028-02-29T01:30"); None: the real clock. `.ci/run` runs the
    suite again at awkward moments (scripts/awkward-clocks) to prove it passes on any date."""
    value = os.environ.get("CPSE_TEST_CLOCK", "").strip()
    if not value:
        return None
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return moment


@pytest.fixture(autouse=True)
def _test_clock():
    # Each test starts at the same moment (the clock runs on from there), so none depends
    # on when in the run it happens to start; a test's own time_machine travel nests inside.
    moment = pinned_clock()
    if moment is None:
        yield
        return
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(autouse=True)
def _site_language():
    # A request through the test client leaves its language active in this thread
    # (LocaleMiddleware does not reset it): each test starts in the site's language.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and used TOTP codes live in the cache; each test starts clean.
    cache.clear()
    yield


def restore_reference_data():
    """Put back the rows the data migrations create (CPSE credential and requirements, role
    groups, interview rubric and decision messages, competencies). Transactional tests (live server, real worker) empty every table after each
    test; the migrations' own functions are idempotent."""
    for module, function in [
        ("cohorts.migrations.0002_cpse_default_requirements", "create_cpse"),
        ("cohorts.migrations.0006_observed_practice_requirement", "add_observed_practice"),
        ("accounts.migrations.0002_role_groups", "create_groups"),
        ("accounts.migrations.0005_mentor_role", "create_group"),
        ("applications.migrations.0002_rubric_and_decision_templates", "create_defaults"),
        ("requirements_tracking.migrations.0004_default_competencies", "create"),
    ]:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in request.fixturenames or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
        restore_reference_data()


def reset_broker_connections():
    """Forget pooled broker connections (Celery's and kombu's global pools) so the next
    publish or worker uses the broker configuration a test has just set."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu.pools.reset()


def _with_mfa(user):
    user_activate_totp(user=user, secret=TOTP_SECRET)
    return user


def reauthenticate(client, *, second_step: bool = False) -> None:
    """Confirm it is me again, as the data download and the email and password pages ask
    (accounts.decorators.recent_authentication_required): the password, and with
    `second_step` the code of a persona's TOTP_SECRET (each code works once)."""
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    if second_step:
        assert client.post(reverse("mfa_reauthenticate"), {"code": totp_code_now(TOTP_SECRET)}).status_code == 302


@pytest.fixture
def cohort(db):
    return CohortFactory(year=2026)


@pytest.fixture
def applicant(db):
    return UserFactory(display_name="Applicant Ana", email="ana@example.org")


@pytest.fixture
def other_applicant(db):
    return UserFactory(display_name="Applicant Bea", email="bea@example.org")


@pytest.fixture
def participant(db, cohort):
    return ParticipantFactory(cohort=cohort, user__display_name="Participant Cora", user__email="cora@example.org")


@pytest.fixture
def other_participant(db, cohort):
    return ParticipantFactory(cohort=cohort, user__display_name="Participant Dee", user__email="dee@example.org")


@pytest.fixture
def sponsor(db, participant):
    """Signs in for an organisation that pays for `participant`, who shares their name and
    progress (percentages and completed requirements) with it."""
    member = SponsorMemberFactory(user__email="sponsor@example.org")
    sponsor_participant(member.sponsor, participant, shares=("name", "progress_percentages", "requirement_completion"))
    return _with_mfa(member.user)


@pytest.fixture
def sponsor_without_consent(db, other_participant):
    """Signs in for an organisation that pays for `other_participant`, who shares nothing."""
    member = SponsorMemberFactory(user__email="sponsor2@example.org")
    sponsor_participant(member.sponsor, other_participant)
    return _with_mfa(member.user)


@pytest.fixture
def program_staff(db):
    return _with_mfa(UserFactory(email="manager@example.org", roles=[Role.PROGRAM_STAFF]))


@pytest.fixture
def instructor(db):
    return _with_mfa(UserFactory(email="instructor@example.org", roles=[Role.INSTRUCTOR]))


@pytest.fixture
def finance(db):
    return _with_mfa(UserFactory(email="finance@example.org", roles=[Role.FINANCE]))


@pytest.fixture
def mentor(db, participant):
    """Signs in as the peer mentor paired with `participant`, who shares nothing with them
    yet (what a mentor may see is the participant's choice)."""
    from mentorship.models import Mentor, Mentorship

    user = UserFactory(email="mentor@example.org", display_name="Mentor Mae", roles=[Role.MENTOR])
    Mentorship.objects.create(participant=participant, mentor=Mentor.objects.create(user=user, background="graduate"))
    return _with_mfa(user)


@pytest.fixture
def superuser(db):
    user = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    return _with_mfa(user)


PERSONAS = [
    "anonymous",
    "applicant",
    "other_applicant",
    "participant",
    "other_participant",
    "sponsor",
    "sponsor_without_consent",
    "program_staff",
    "instructor",
    "finance",
    "mentor",
    "superuser",
]


@pytest.fixture
def persona_user(request):
    """The user behind a persona name (None for anonymous); participants give their user."""

    def get(name: str):
        if name == "anonymous":
            return None
        value = request.getfixturevalue(name)
        return getattr(value, "user", value)

    return get
