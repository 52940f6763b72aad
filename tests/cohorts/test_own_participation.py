"""One definition of "my current participation": `cohorts.selectors.current_participation`
(the person's participation in their latest cohort) and, for the participant's own pages,
`own_participation_or_404`. No view writes the query again."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from cohorts.selectors import current_participation, own_participation_or_404
from tests.factories import CohortFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_latest_cohort_wins_whatever_the_order_of_enrolment():
    user = UserFactory()
    later = ParticipantFactory(user=user, cohort=CohortFactory(year=2027))
    ParticipantFactory(user=user, cohort=CohortFactory(year=2026))  # enrolled after, earlier cohort
    assert current_participation(user) == later
    assert own_participation_or_404(user) == later


def test_the_participation_comes_with_its_cohort_in_one_query(django_assert_num_queries):
    user = UserFactory()
    ParticipantFactory(user=user, cohort=CohortFactory(year=2026))
    with django_assert_num_queries(1):
        assert current_participation(user).cohort.credential.abbreviation == "CPSE"


def test_someone_else_s_participation_is_never_theirs(participant):
    assert current_participation(UserFactory()) is None


def test_no_participation_is_none_and_a_404_on_own_pages():
    user = UserFactory()
    assert current_participation(user) is None
    with pytest.raises(Http404):
        own_participation_or_404(user)


def test_deny_refuses_with_a_403_instead():
    with pytest.raises(PermissionDenied):
        own_participation_or_404(UserFactory(), deny=True)


def test_anonymous_is_none_and_a_404_without_a_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert current_participation(AnonymousUser()) is None
        with pytest.raises(Http404):
            own_participation_or_404(AnonymousUser())


def test_own_pages_follow_the_latest_cohort(client):
    user = UserFactory()
    ParticipantFactory(user=user, cohort=CohortFactory(year=2026))
    ParticipantFactory(user=user, cohort=CohortFactory(year=2027))
    client.force_login(user)
    page = client.get(reverse("cohorts:my_program")).content.decode()
    assert "2027" in page


def test_own_pages_without_a_participation_are_a_404(client):
    client.force_login(UserFactory())
    assert client.get(reverse("requirements_tracking:entry_create")).status_code == 404
    assert client.get(reverse("practicum:log")).status_code == 404
    assert client.get(reverse("supervision:contract", kwargs={"setting": "practicum"})).status_code == 404
    assert client.get(reverse("ethics:mine")).status_code == 403


def test_has_participation_follows_current_participation_at_any_status(django_assert_num_queries):
    from accounts.selectors import user_for_request
    from cohorts.models import Participant
    from cohorts.selectors import has_participation

    applicant, graduate = UserFactory(), UserFactory()
    ParticipantFactory(user=graduate, status=Participant.Status.CERTIFIED)
    with django_assert_num_queries(0):
        assert not has_participation(AnonymousUser())
    for user, expected in ((applicant, False), (graduate, True)):
        assert (current_participation(user) is not None) is expected
        with django_assert_num_queries(1):  # a user loaded some other way: one query
            assert has_participation(user) is expected
        signed_in = user_for_request(user.pk)  # as every request loads her: no query
        with django_assert_num_queries(0):
            assert has_participation(signed_in) is expected
