"""What a transactional test leaves behind (tests/conftest.py `transactional_test_teardown`):
the database as each test process starts with it, on SQLite in memory (a kept copy put
back) and on PostgreSQL (flushed, the reference rows made again)."""

import pytest
from django.contrib.auth.models import Group
from django.test import TransactionTestCase

from accounts.models import User
from cohorts.models import Requirement
from tests.conftest import transactional_test_teardown
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_leaves_only_the_reference_rows():
    groups = sorted(Group.objects.values_list("name", flat=True))
    requirements = Requirement.objects.count()
    assert groups and requirements
    UserFactory()
    Group.objects.all().delete()

    transactional_test_teardown(TransactionTestCase(methodName="__init__"))

    assert not User.objects.exists()
    assert sorted(Group.objects.values_list("name", flat=True)) == groups
    assert Requirement.objects.count() == requirements
