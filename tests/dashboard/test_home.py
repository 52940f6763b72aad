"""The staff dashboard: the action list (counts equal the rows of the linked pages), per
role; the pipeline; progress per requirement; dates ahead; a fixed query count."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from cohorts.models import Participant
from dashboard import home_selectors
from requirements_tracking.models import TrainingSession
from tests.applications.factories import InterviewScoreFactory, RecommendationFactory, SentApplicationFactory
from tests.dashboard.dashboard_fixtures import hours_waiting, something_of_everything
from tests.factories import ApplicationFactory, CohortFactory, ParticipantFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

HOME = reverse("dashboard:home")
S = Application.Status


def rows_on(client, url: str) -> int:
    """The number of rows the linked page lists (all its pages)."""
    response = client.get(url)
    assert response.status_code == 200, url
    if "page_obj" in response.context:
        return response.context["page_obj"].paginator.count
    return len(response.context["slots"])


def actions(client) -> dict[str, home_selectors.ActionItem]:
    return {str(item.label): item for item in client.get(HOME).context["actions"]}


@pytest.mark.django_db
def test_each_action_count_equals_the_rows_of_the_page_it_links_to(client, program_staff):
    something_of_everything(times=2)
    client.force_login(program_staff)
    items = actions(client)
    assert set(items) == {
        "Applications to review",
        "Interviews to score",
        "Hours to approve",
        "Exam answers to score",
        "People with an open check-in concern",
        "Invoices overdue",
    }
    for label, item in items.items():
        assert item.count == 2, label
        assert rows_on(client, item.url) == item.count, label


@pytest.mark.django_db
def test_the_action_list_shows_counts_and_links(client, program_staff):
    something_of_everything()
    client.force_login(program_staff)
    page = client.get(HOME).content.decode()
    assert 'href="/staff/hours/"' in page
    assert re.search(r'href="/staff/applications/\?status=submitted">Applications to review</a>\s*<span[^>]*>1<', page)


@pytest.mark.django_db
def test_instructors_see_scoring_and_sessions_finance_sees_invoices(client, instructor, finance):
    something_of_everything()
    client.force_login(instructor)
    assert set(actions(client)) == {"Interviews to score", "Exam answers to score"}
    for item in actions(client).values():
        assert rows_on(client, item.url) == item.count == 1
    client.force_login(finance)
    response = client.get(HOME)
    assert [str(item.label) for item in response.context["actions"]] == ["Invoices overdue"]
    assert "pipeline" not in response.context
    assert reverse("sponsors_finance:overview") in response.content.decode()


@pytest.mark.django_db
def test_the_pipeline_counts_each_stage(client, program_staff):
    cohort = CohortFactory(year=2026)
    ApplicationFactory(cohort=cohort)  # started, not sent
    SentApplicationFactory(cohort=cohort)
    RecommendationFactory(application=SentApplicationFactory(cohort=cohort), status="received")
    InterviewScoreFactory(interview__application__cohort=cohort, interview__application__status=S.INTERVIEWED)
    SentApplicationFactory(cohort=cohort, status=S.DECLINED)
    ParticipantFactory.create_batch(2, cohort=cohort)
    client.force_login(program_staff)
    stages = client.get(HOME, {"cohort": 2026}).context["pipeline"]
    assert [(str(s.label), s.count) for s in stages] == [
        ("Interested", 5),
        ("Applied", 4),
        ("Recommended", 1),
        ("Interviewed", 1),
        ("Decided", 1),
        ("Enrolled", 2),
    ]


@pytest.mark.django_db
def test_progress_per_requirement_counts_complete_on_track_and_behind(client, program_staff):
    # The 2020 cohort has ended: everything is due, so anyone without it is behind.
    cohort = CohortFactory(year=2020)
    done, behind = ParticipantFactory.create_batch(2, cohort=cohort)
    ParticipantFactory(cohort=cohort, status=Participant.Status.WITHDRAWN)
    hours_waiting(done, 30)
    done.hour_entries.update(status="approved")
    client.force_login(program_staff)
    response = client.get(HOME, {"cohort": 2020})
    bars = {bar.requirement.category: bar for bar in response.context["bars"]}
    self_care = bars["self_care"]
    assert (self_care.complete, self_care.on_track, self_care.behind) == (1, 0, 1)
    assert (bars["online"].complete, bars["online"].behind) == (0, 2)
    assert (bars["checkins"].not_started, bars["checkins"].total) == (2, 2)
    page = response.content.decode()
    # A chart readers of the page can read: an image with a title, and the same in a table.
    assert 'role="img"' in page
    assert "Self-awareness and self-care: 1 complete, 0 on track, 1 behind, 0 not started</title>" in page
    assert '<rect class="bar-complete" x="0.0" y="0" width="50.0" height="10">' in page


@pytest.mark.django_db
def test_dates_ahead_list_sessions_intensive_exam_and_graduation(client, program_staff):
    today = timezone.localdate()
    cohort = CohortFactory(
        year=2031,
        program_start=today - datetime.timedelta(days=10),
        intensive_start=today + datetime.timedelta(days=20),
        intensive_end=today + datetime.timedelta(days=24),
        graduation_date=today + datetime.timedelta(days=200),
    )
    requirement = cohort.requirement_set.requirements.get(category="online")
    TrainingSession.objects.create(
        cohort=cohort,
        requirement=requirement,
        title="Trauma-informed listening",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        duration_minutes=90,
    )
    client.force_login(program_staff)
    dates = client.get(HOME, {"cohort": 2031}).context["dates"]
    assert [str(date.label) for date in dates] == [
        "Trauma-informed listening",
        "In-person training intensive",
        "Graduation",
    ]


@pytest.mark.django_db
def test_an_unknown_cohort_year_falls_back_to_the_cohort_in_progress(client, program_staff):
    CohortFactory(year=2026)
    client.force_login(program_staff)
    response = client.get(HOME, {"cohort": "nonsense"})
    assert response.status_code == 200
    assert response.context["cohort"].year == 2026


@pytest.mark.django_db
def test_no_cohorts_yet(client, program_staff):
    from cohorts.models import Cohort

    Cohort.objects.all().delete()
    client.force_login(program_staff)
    assert "No cohorts yet." in client.get(HOME).content.decode()


@pytest.mark.django_db
def test_the_dashboard_query_count_does_not_grow(client, program_staff, instructor):
    something_of_everything()
    for user in (program_staff, instructor):
        client.force_login(user)

        def grow():
            something_of_everything(times=3)
            for year in range(2010, 2015):
                ParticipantFactory.create_batch(2, cohort=CohortFactory(year=year))
            UserFactory.create_batch(2)

        with_cohort = f"{HOME}?cohort=2026"
        assert_queries_do_not_grow(client, [HOME, with_cohort], grow)


@pytest.mark.django_db
def test_the_sponsor_portal_query_count_does_not_grow(client, sponsor):
    from tests.factories import SponsorMemberFactory
    from tests.queries import queries_for

    client.force_login(sponsor)
    small = queries_for(client, reverse("sponsors:portal"))
    for _ in range(20):
        SponsorMemberFactory(user=sponsor)
    assert queries_for(client, reverse("sponsors:portal")) == small
