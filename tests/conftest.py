"""Named personas (as healthchecks' alice/bob/charlie) and shared helpers.

Every persona is a real account; staff and sponsors have two-factor authentication set
up, as the site requires of them.
"""

import pytest
from django.core.cache import cache

from accounts.models import Role
from accounts.services import user_activate_totp
from tests.factories import CohortFactory, ParticipantFactory, SponsorMemberFactory, UserFactory

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and used TOTP codes live in the cache; each test starts clean.
    cache.clear()
    yield


def _with_mfa(user):
    user_activate_totp(user=user, secret=TOTP_SECRET)
    return user


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
def sponsor(db):
    return _with_mfa(SponsorMemberFactory(user__email="sponsor@example.org").user)


@pytest.fixture
def sponsor_without_consent(db):
    return _with_mfa(SponsorMemberFactory(user__email="sponsor2@example.org").user)


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
