"""Named personas (as healthchecks' alice/bob/charlie) and shared helpers.

Every persona is a real account; staff and sponsors have two-factor authentication set
up, as the site requires of them.
"""

import contextlib
import dataclasses
import datetime
import importlib
import os
import sqlite3
import uuid
import zoneinfo

import kombu.pools
import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import TransactionTestCase
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from accounts.services import totp_code_now, user_activate_totp
from cpse.celery import app as celery_app
from tests.clock_readers import at_the_runs_moment, calendar_reads, moment_id
from tests.e2e.live_server import between_requests
from tests.factories import PASSWORD, CohortFactory, ParticipantFactory, SponsorMemberFactory, UserFactory
from tests.postgres_template import migrated_template
from tests.sponsors.factories import sponsor_participant

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def pytest_configure(config):
    # SQLite: the test databases are made from the models, not by applying every migration
    # (about 15 s a test process); `restore_reference_data` puts in what the data migrations
    # make, and tests/test_migrations.py proves the two agree. PostgreSQL applies the
    # migrations, as a deployment does.
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        config.option.nomigrations = True
    # pytest-xdist hands a test process one test at a time as it asks (by default each
    # starts with a quarter of its share in one block, so the browser tests, side by side in
    # the order, all went to one process while the other sat idle at the end).
    if getattr(config.option, "maxschedchunk", "absent") is None:
        config.option.maxschedchunk = 1
    TransactionTestCase._fixture_teardown = transactional_test_teardown


def _start_rank(item) -> int:
    if item.get_closest_marker("e2e"):
        return 0
    if item.get_closest_marker("slow"):
        return 1
    return 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    # The longest tests first (the browser's, then those that start real processes), so
    # the run ends on short ones that both test processes share out evenly; within each
    # group pytest-django's order stays. A database test may now follow a transactional
    # one in the same process: `transactional_test_teardown` below leaves the database as
    # the process started with it.
    items.sort(key=_start_rank)


def pinned_clocks() -> list[datetime.datetime]:
    """The moments the tests start at, from CPSE_TEST_CLOCK: ISO dates and times in the
    site's time zone, separated by commas (e.g. "2028-02-29T01:30"); none, the real clock.
    With several, each test runs once at each, in one run (`.ci/run` runs the tests that
    read the calendar at three awkward moments so: scripts/awkward_clocks.py)."""
    moments = []
    for value in os.environ.get("CPSE_TEST_CLOCK", "").split(","):
        if value.strip():
            moment = datetime.datetime.fromisoformat(value.strip())
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
            moments.append(moment)
    return moments


def pytest_generate_tests(metafunc):
    # At several moments, every test is run at each: the moment is a module-wide parameter,
    # so pytest runs a module's tests moment by moment and remakes what a module makes once
    # (`made_for_the_module`) at each.
    moments = pinned_clocks()
    if len(moments) > 1:
        metafunc.parametrize("_clock_moment", moments, indirect=True, ids=moment_id, scope="module")


@pytest.fixture(scope="module")
def _clock_moment(request) -> datetime.datetime | None:
    """The moment this module's tests start at (None: the real clock)."""
    moments = pinned_clocks()
    return getattr(request, "param", moments[0] if moments else None)


@pytest.fixture(autouse=True)
def _test_clock(request, _clock_moment):
    # Each test starts at the same moment (the clock runs on from there), so none depends
    # on when in the run it happens to start; a test's own time_machine travel nests inside.
    # A browser test keeps the real clock, as the browser does (docs/decisions.md).
    real = request.node.get_closest_marker("e2e") is not None
    with at_the_runs_moment(None if real else _clock_moment):
        yield


@pytest.fixture(autouse=True)
def _fresh_start():
    start_afresh()
    yield
    translation.deactivate()


def start_afresh():
    """What each test starts with (and each persona's request in the permission matrix):
    the site's language, since a request through the test client leaves its language
    active in this thread (LocaleMiddleware does not reset it); and an empty cache, where
    rate limits and used TOTP codes live."""
    translation.activate(settings.LANGUAGE_CODE)
    cache.clear()


@pytest.fixture
def memory_cache(settings):
    """A cache of this test's own whose clock is Python's, so windows pass under
    time_machine (Redis keeps its own time). Its own location: two tests frozen at the
    same instant would otherwise share unexpired counts in the one in-process store."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}
    }


# The data migrations that make rows (the others only change rows that exist, so an empty
# database needs nothing from them): `tests/test_migrations.py` holds the list complete.
REFERENCE_DATA = [
    ("cohorts.migrations.0002_cpse_default_requirements", "create_cpse"),
    ("cohorts.migrations.0006_observed_practice_requirement", "add_observed_practice"),
    ("accounts.migrations.0002_role_groups", "create_groups"),
    ("accounts.migrations.0005_mentor_role", "create_group"),
    ("applications.migrations.0002_rubric_and_decision_templates", "create_defaults"),
    ("checkins.migrations.0002_default_concern_keywords", "create"),
    ("requirements_tracking.migrations.0004_default_competencies", "create"),
]


def restore_reference_data():
    """Put in the rows the data migrations make (CPSE credential and requirements, role
    groups, interview rubric and decision messages, concern words, competencies): after the
    test database is made from the models (`--nomigrations`, as `make test` runs on SQLite),
    and after each transactional test (live server, real worker), which empties every
    table when it ends. The migrations' own functions are idempotent."""
    for module, function in REFERENCE_DATA:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_use_migrations):
    # PostgreSQL: each test process's database is copied from one migrated template, kept
    # between runs (tests/postgres_template.py), instead of migrated again in each.
    database = settings.DATABASES["default"]
    if django_db_use_migrations and database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("TEST", {})["TEMPLATE"] = migrated_template(database)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        restore_reference_data()
        _as_started.keep()


class _DatabaseAsStarted:
    """SQLite in memory (`make test`): a copy of the test database as its process starts
    with it (tables, reference rows), taken once and copied back over it, whole, in about
    a millisecond. Elsewhere (PostgreSQL, a file) there is no copy."""

    def __init__(self):
        self.copy = None

    def keep(self):
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.ensure_connection()
            self.copy = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self.copy)

    def put_back(self) -> bool:
        if self.copy is None:
            return False
        with between_requests(connection):
            self.copy.backup(connection.connection)
        return True


_as_started = _DatabaseAsStarted()
_flush_after_test = TransactionTestCase._fixture_teardown


def transactional_test_teardown(test_case):
    """What a transactional test (live server, real worker) leaves: the database as every
    test process starts with it, whatever kind of test comes next. On SQLite in memory the
    copy kept at the start is put back (Django's flush took about 150 ms a test: it empties
    every table, then makes the content types and permissions again); elsewhere the tables
    are flushed and the reference rows put back."""
    if not _as_started.put_back():
        _flush_after_test(test_case)
        restore_reference_data()


@contextlib.contextmanager
def made_for_the_module(django_db_blocker, moment: datetime.datetime | None, make):
    """Rows that every test of a module shares, made once (at the module's moment,
    `_clock_moment`, as each test's own rows are) inside a transaction that stays open for
    the module: each test runs in a savepoint within it and rolls back to it, and the whole
    is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        with at_the_runs_moment(moment):
            made = make()
        yield made
        transaction.set_rollback(True)


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


# Each persona is made by one function (used by its fixture and by `make_personas`, which
# makes them all at once for tests that open many pages as each, like the permission matrix).


def make_cohort():
    return CohortFactory(year=2026)


def make_applicant():
    return UserFactory(display_name="Applicant Ana", email="ana@example.org")


def make_other_applicant():
    return UserFactory(display_name="Applicant Bea", email="bea@example.org")


def make_participant(cohort):
    return ParticipantFactory(cohort=cohort, user__display_name="Participant Cora", user__email="cora@example.org")


def make_other_participant(cohort):
    return ParticipantFactory(cohort=cohort, user__display_name="Participant Dee", user__email="dee@example.org")


def make_sponsor(participant):
    """Signs in for an organisation that pays for `participant`, who shares their name and
    progress (percentages and completed requirements) with it."""
    member = SponsorMemberFactory(user__email="sponsor@example.org")
    sponsor_participant(member.sponsor, participant, shares=("name", "progress_percentages", "requirement_completion"))
    return _with_mfa(member.user)


def make_sponsor_without_consent(other_participant):
    """Signs in for an organisation that pays for `other_participant`, who shares nothing."""
    member = SponsorMemberFactory(user__email="sponsor2@example.org")
    sponsor_participant(member.sponsor, other_participant)
    return _with_mfa(member.user)


def make_program_staff():
    return _with_mfa(UserFactory(email="manager@example.org", roles=[Role.PROGRAM_STAFF]))


def make_instructor():
    return _with_mfa(UserFactory(email="instructor@example.org", roles=[Role.INSTRUCTOR]))


def make_finance():
    return _with_mfa(UserFactory(email="finance@example.org", roles=[Role.FINANCE]))


def make_mentor(participant):
    """Signs in as the peer mentor paired with `participant`, who shares nothing with them
    yet (what a mentor may see is the participant's choice)."""
    from mentorship.models import Mentor, Mentorship

    user = UserFactory(email="mentor@example.org", display_name="Mentor Mae", roles=[Role.MENTOR])
    # Paired when the participant's program began, whatever today is.
    Mentorship.objects.create(
        participant=participant,
        mentor=Mentor.objects.create(user=user, background="graduate"),
        started_on=participant.cohort.program_start,
    )
    return _with_mfa(user)


def make_superuser():
    return _with_mfa(UserFactory(email="root@example.org", is_superuser=True, is_staff=True))


@dataclasses.dataclass
class Personas:
    made: dict[str, object]
    # Those whose making (theirs or what they stand on) read the calendar: a test that uses
    # one reads it too (tests/clock_readers.py).
    read_the_calendar: set[str]


def make_personas() -> Personas:
    """Every persona of PERSONAS but "anonymous", made together as their fixtures make them."""
    personas = Personas(made={}, read_the_calendar=set())

    def make(name, maker, *needs):
        with calendar_reads() as read:
            personas.made[name] = maker(*(personas.made[need] for need in needs))
        if read[0] or personas.read_the_calendar.intersection(needs):
            personas.read_the_calendar.add(name)

    make("cohort", make_cohort)
    make("applicant", make_applicant)
    make("other_applicant", make_other_applicant)
    make("participant", make_participant, "cohort")
    make("other_participant", make_other_participant, "cohort")
    make("sponsor", make_sponsor, "participant")
    make("sponsor_without_consent", make_sponsor_without_consent, "other_participant")
    make("program_staff", make_program_staff)
    make("instructor", make_instructor)
    make("finance", make_finance)
    make("mentor", make_mentor, "participant")
    make("superuser", make_superuser)
    return personas


@pytest.fixture
def cohort(db):
    return make_cohort()


@pytest.fixture
def applicant(db):
    return make_applicant()


@pytest.fixture
def other_applicant(db):
    return make_other_applicant()


@pytest.fixture
def participant(db, cohort):
    return make_participant(cohort)


@pytest.fixture
def other_participant(db, cohort):
    return make_other_participant(cohort)


@pytest.fixture
def sponsor(db, participant):
    return make_sponsor(participant)


@pytest.fixture
def sponsor_without_consent(db, other_participant):
    return make_sponsor_without_consent(other_participant)


@pytest.fixture
def program_staff(db):
    return make_program_staff()


@pytest.fixture
def instructor(db):
    return make_instructor()


@pytest.fixture
def finance(db):
    return make_finance()


@pytest.fixture
def mentor(db, participant):
    return make_mentor(participant)


@pytest.fixture
def superuser(db):
    return make_superuser()


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


def persona_users(lookup):
    """The user behind a persona name (None for anonymous), the persona found by `lookup`;
    participants give their user."""

    def get(name: str):
        if name == "anonymous":
            return None
        value = lookup(name)
        return getattr(value, "user", value)

    return get


@pytest.fixture
def persona_user(request):
    """The user behind a persona name (None for anonymous), made by its fixture."""
    return persona_users(request.getfixturevalue)
