import pytest
from django.urls import reverse

from tests.factories import CohortFactory, ParticipantFactory
from tests.queries import queries_for


@pytest.mark.django_db
def test_the_dashboard_lists_cohorts_with_their_counts(client, program_staff):
    cohort = CohortFactory(year=2025, capacity=12)
    ParticipantFactory.create_batch(3, cohort=cohort)
    ParticipantFactory(cohort=cohort, status="withdrawn")
    client.force_login(program_staff)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert "2025 cohort" in page
    assert "3 / 12" in page


@pytest.mark.django_db
def test_the_dashboard_query_count_does_not_grow_with_cohorts(client, program_staff):
    client.force_login(program_staff)
    for year in range(2010, 2013):
        ParticipantFactory.create_batch(2, cohort=CohortFactory(year=year))
    small = queries_for(client, reverse("dashboard:home"))
    for year in range(2013, 2043):
        ParticipantFactory.create_batch(2, cohort=CohortFactory(year=year))
    assert queries_for(client, reverse("dashboard:home")) == small
    assert small <= 12


@pytest.mark.django_db
def test_the_sponsor_portal_query_count_does_not_grow(client, sponsor):
    from tests.factories import SponsorMemberFactory

    client.force_login(sponsor)
    small = queries_for(client, reverse("sponsors:portal"))
    for _ in range(20):
        SponsorMemberFactory(user=sponsor)
    assert queries_for(client, reverse("sponsors:portal")) == small
