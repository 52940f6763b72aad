"""Who is told when something needs program staff."""

import pytest

from accounts.models import Role
from accounts.selectors import active_program_staff
from tests.factories import UserFactory


@pytest.mark.django_db
def test_active_program_staff_are_the_active_members_of_the_group_each_once():
    staff = UserFactory(roles=[Role.PROGRAM_STAFF, Role.INSTRUCTOR])
    UserFactory(roles=[Role.PROGRAM_STAFF], is_active=False)  # left: no longer told
    UserFactory(roles=[Role.INSTRUCTOR, Role.FINANCE])
    UserFactory()
    assert list(active_program_staff()) == [staff]
