"""Who is told when something needs program staff."""

import datetime

import pytest

from accounts.models import Role, User
from accounts.selectors import active_program_staff, program_staff_untold
from cpse.notify.services import notification_queue
from tests.factories import UserFactory


@pytest.mark.django_db
def test_active_program_staff_are_the_active_members_of_the_group_each_once():
    staff = UserFactory(roles=[Role.PROGRAM_STAFF, Role.INSTRUCTOR])
    UserFactory(roles=[Role.PROGRAM_STAFF], is_active=False)  # left: no longer told
    UserFactory(roles=[Role.INSTRUCTOR, Role.FINANCE])
    UserFactory()
    assert list(active_program_staff()) == [staff]


@pytest.mark.django_db
def test_a_digest_reaches_the_staff_not_told_today_with_a_count_read_fresh_each_time():
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    other = UserFactory(roles=[Role.PROGRAM_STAFF])
    day = datetime.date(2026, 5, 12)

    def counting():
        return User.objects.filter(email__endswith="@waiting.example")

    def untold():
        return {user.pk: user.count for user in program_staff_untold("test-digest:", day, counting)}

    assert untold() == {}  # nothing waits: nobody to tell
    UserFactory(email="one@waiting.example")
    assert untold() == {staff.pk: 1, other.pk: 1}
    UserFactory(email="two@waiting.example")
    assert untold() == {staff.pk: 2, other.pk: 2}  # the statement is kept, the count is not
    notification_queue(
        kind="hours_digest",
        key=f"test-digest:{staff.pk}:2026-05-12",
        recipient=staff,
        context={"waiting": 2, "path": "/"},
    )
    assert untold() == {other.pk: 2}
    # Tomorrow everyone is told again.
    assert {user.pk for user in program_staff_untold("test-digest:", day + datetime.timedelta(days=1), counting)} == {
        staff.pk,
        other.pk,
    }
