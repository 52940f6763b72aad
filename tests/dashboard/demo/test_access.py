import pytest

from applications.models import AccessNeeds
from dashboard.demo.access import seed_access
from tests.factories import UserFactory


@pytest.mark.django_db
def test_demo_access_needs_are_seeded_once_and_left_alone_after():
    carmen = UserFactory(email="carmen@demo.cpse.invalid")
    dana = UserFactory(email="dana@demo.cpse.invalid")
    UserFactory(email="carmen@elsewhere.example.org")
    seed_access()
    seed_access()
    assert AccessNeeds.objects.count() == 2
    assert AccessNeeds.objects.get(user=carmen).interpreter_language == "Spanish"
    needs = AccessNeeds.objects.get(user=dana)
    assert needs.extra_time and needs.formats == ["read_aloud", "plain_language"]
    needs.extra_time = False  # changed by the person since: not put back
    needs.save()
    seed_access()
    needs.refresh_from_db()
    assert not needs.extra_time
