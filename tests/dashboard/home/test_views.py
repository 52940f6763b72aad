"""The staff dashboard: the action list (counts equal the rows of the linked pages), per
role; the pipeline; progress per requirement; dates ahead; a fixed query count."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, InterviewSlot
from applications.services import recommendation_request, recommendation_submit
from certificates.services import certificate_issue
from checkins.models import Concern
from checkins.placement.selectors import placement_years
from cohorts.models import Cohort, Participant
from dashboard.home.selectors import ActionItem, count_each
from requirements_tracking.ethics.services import ethics_acknowledge
from requirements_tracking.exam_review import selectors
from requirements_tracking.models import TrainingSession
from tests.applications.factories import InterviewScoreFactory, RecommendationFactory, SentApplicationFactory, on_panel
from tests.certificates.helpers import complete
from tests.checkins.factories import placement_year
from tests.dashboard.dashboard_fixtures import (
    concern_open,
    hours_waiting,
    program_standards_waiting,
    something_of_everything,
)
from tests.factories import ApplicationFactory, CohortFactory, ParticipantFactory, UserFactory
from tests.queries import MAX_QUERIES, assert_queries_do_not_grow, count_queries, queries_for
from tests.requirements_tracking.ethics.test_services import publish, with_ethics_requirement
from tests.requirements_tracking.exam_factories import exam

HOME = reverse("dashboard:home")
S = Application.Status


# Inside the 2026 cohort's program (tests/factories.py), which something_of_everything runs.
IN_THE_2026_PROGRAM = datetime.datetime(2026, 5, 10, 15, tzinfo=datetime.UTC)


def rows_on(client, url: str) -> int:
    """The number of rows the linked page lists (all its pages)."""
    response = client.get(url)
    assert response.status_code == 200, url
    if "page_obj" in response.context:
        return response.context["page_obj"].paginator.count
    return len(response.context["slots"])


def actions(client) -> dict[str, ActionItem]:
    return {str(item.label): item for item in client.get(HOME).context["actions"]}


@pytest.mark.django_db
def test_each_action_count_equals_the_rows_of_the_page_it_links_to(client, program_staff):
    something_of_everything(times=2)
    client.force_login(program_staff)
    items = actions(client)
    first_six = {
        "Applications to review",
        "Interviews to score",
        "Hours to approve",
        "Exam answers to score",
        CONCERNS,
        "Invoices overdue",
    }
    # The program standards (below) and who can be certified show too, at 0; the code of
    # ethics only with its requirement.
    assert set(items) == first_six | {CERTIFY} | set(STANDARDS.values()) - {STANDARDS["ethics"]}
    for label in first_six:
        assert items[label].count == 2, label
        assert rows_on(client, items[label].url) == items[label].count, label


# --- Each item: what staff can act on now, and the page that lists exactly that ---------------

CONCERNS = "Open check-in concerns"
CERTIFY = "People who can be certified now"


@pytest.mark.django_db
def test_an_application_is_to_review_once_its_recommendation_arrives(client, program_staff):
    application = SentApplicationFactory()
    _request, token = recommendation_request(application=application, by=None)
    SentApplicationFactory(status=S.INTERVIEW_INVITED)  # reviewed already
    client.force_login(program_staff)
    item = actions(client)["Applications to review"]
    assert item.url == f"{reverse('applications_staff:queue')}?status=under_review"
    assert item.count == rows_on(client, item.url) == 0  # waiting for its recommendation
    recommendation_submit(token=token, relationship="Case manager", text="Ready.", recommends=True)
    item = actions(client)["Applications to review"]
    assert item.count == rows_on(client, item.url) == 1
    assert [row.application for row in client.get(item.url).context["rows"]] == [application]


@pytest.mark.django_db
def test_the_open_concerns_count_links_to_the_concerns_themselves(client, program_staff):
    something_of_everything(times=2)  # two open concerns, and one closed
    second = concern_open(ParticipantFactory())
    Concern.objects.create(participant=second.participant, checkin=second.checkin, reason=Concern.Reason.KEYWORD)
    client.force_login(program_staff)
    item = actions(client)[CONCERNS]
    assert item.url == reverse("checkins_staff:concerns")
    assert item.count == rows_on(client, item.url) == 4  # the concerns, not the people (3)
    page = client.get(item.url)
    listed = list(page.context["page_obj"].object_list)
    assert {concern.status for concern in listed} == {Concern.Status.OPEN}
    for concern in listed:
        assert reverse("checkins_staff:concern", args=[concern.public_id]) in page.content.decode()


@pytest.mark.django_db
def test_the_count_of_people_who_can_be_certified_equals_the_certificates_page(
    client, program_staff, participant, other_participant
):
    complete(participant)
    complete(other_participant, skip=("intensive",))  # not yet
    certified = complete(ParticipantFactory(cohort=participant.cohort))
    certificate_issue(participant=certified, by=program_staff)
    client.force_login(program_staff)
    item = actions(client)[CERTIFY]
    assert item.url == f"{reverse('certificates_staff:cohort')}?cohort={participant.cohort.pk}"
    rows = client.get(item.url).context["rows"]
    assert item.count == sum(1 for row in rows if row.eligible) == 1
    # Another cohort chosen for the overview: the item stays the cohort in progress's.
    CohortFactory(year=2020)
    assert client.get(HOME, {"cohort": 2020}).context["actions"] == list(actions(client).values())


# --- The program standards -------------------------------------------------------------------


def page_rows(client, url: str) -> list:
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.context.get("page_obj") or response.context["offers"]
    assert not page.has_next(), url
    return list(page.object_list)


STANDARDS = {
    "readiness": "Readiness answers waiting for a judgement",
    "pauses": "Program pauses whose return date has come (on the list of pauses)",
    "gaps": "People with a supervision gap (shown on the check-in board)",
    "volunteers": "Graduates offering to mentor, waiting for an answer",
    "ethics": "People who have not acknowledged the current code of ethics",
}


@pytest.mark.django_db
def test_the_program_standards_counts_equal_what_their_pages_show(client, program_staff, time_machine):
    time_machine.move_to(IN_THE_2026_PROGRAM, tick=True)  # the ethics item is the running cohort's
    running = something_of_everything()["running"]
    program_standards_waiting(running, program_staff, times=2)
    with_ethics_requirement(running)
    code = publish(program_staff)
    acknowledged = ParticipantFactory(cohort=running)
    ethics_acknowledge(participant=acknowledged, code=code)
    client.force_login(program_staff)
    items = actions(client)
    today = timezone.localdate()

    readiness = items[STANDARDS["readiness"]]
    assert readiness.url == reverse("readiness:staff_list")
    assert rows_on(client, readiness.url) == readiness.count == 2

    pauses = items[STANDARDS["pauses"]]
    assert pauses.url == f"{reverse('readiness:staff_list')}?show=pauses"
    listed = page_rows(client, pauses.url)
    assert len(listed) == 3 and sum(1 for pause in listed if pause.return_on <= today) == pauses.count == 2

    gaps = items[STANDARDS["gaps"]]
    assert gaps.url == reverse("checkins_staff:board")
    on_board = page_rows(client, gaps.url)
    assert sum(1 for row in on_board if row.supervision.gap_days) == gaps.count == 2

    volunteers = items[STANDARDS["volunteers"]]
    offers = page_rows(client, volunteers.url)
    assert len(offers) == 3 and sum(1 for offer in offers if offer.status == "waiting") == volunteers.count == 2

    ethics = items[STANDARDS["ethics"]]
    assert ethics.url == f"{reverse('ethics:staff_acknowledgments')}?cohort={running.pk}&status=due"
    everyone = Participant.objects.filter(cohort=running).count()
    assert rows_on(client, ethics.url) == ethics.count == everyone - 1


@pytest.mark.django_db
def test_the_ethics_item_shows_only_when_the_cohort_has_the_requirement(
    client, program_staff, instructor, time_machine
):
    time_machine.move_to(IN_THE_2026_PROGRAM, tick=True)
    running = something_of_everything()["running"]
    publish(program_staff)
    client.force_login(program_staff)
    assert STANDARDS["ethics"] not in actions(client)
    with_ethics_requirement(running)
    assert actions(client)[STANDARDS["ethics"]].count == Participant.objects.filter(cohort=running).count() == 3
    # The program standards are program staff's.
    client.force_login(instructor)
    assert not set(STANDARDS.values()) & set(actions(client))


@pytest.mark.django_db
def test_counting_several_querysets_in_one_statement(program_staff):
    something_of_everything(times=2)
    querysets = {
        "applications": Application.objects.filter(status=S.UNDER_REVIEW),
        "nothing": Application.objects.filter(pk=-1),
        "grouped": selectors.scoring_queue(user=program_staff),
    }
    with count_queries() as captured:
        counts = count_each(querysets)
    assert len(captured.captured_queries) == 1
    assert (
        counts
        == {key: queryset.count() for key, queryset in querysets.items()}
        == {
            "applications": 2,
            "nothing": 0,
            "grouped": 2,
        }
    )


@pytest.mark.django_db
def test_the_action_list_shows_counts_and_links(client, program_staff):
    something_of_everything()
    client.force_login(program_staff)
    page = client.get(HOME).content.decode()
    assert 'href="/staff/hours/"' in page
    assert re.search(
        r'href="/staff/applications/\?status=under_review">Applications to review</a>\s*<span[^>]*>1<', page
    )


@pytest.mark.django_db
def test_instructors_see_scoring_and_sessions_finance_sees_invoices(client, instructor, finance):
    something_of_everything()
    for slot in InterviewSlot.objects.all():  # on every panel: the count is of their interviews
        on_panel(slot, instructor)
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
def test_the_checkins_bar_agrees_with_each_placement_year(client, program_staff, time_machine):
    time_machine.move_to(IN_THE_2026_PROGRAM, tick=False)
    cohort = CohortFactory(year=2026)
    complete, behind, on_track, not_started = ParticipantFactory.create_batch(4, cohort=cohort)
    placement_year(complete, start=datetime.date(2025, 3, 1), submitted=12)
    placement_year(behind, start=datetime.date(2026, 1, 1), submitted=1)  # March's not sent
    placement_year(on_track, start=datetime.date(2026, 5, 5))  # the first is due 1 June
    client.force_login(program_staff)
    bar = next(bar for bar in client.get(HOME).context["bars"] if bar.requirement.category == "checkins")
    assert (bar.complete, bar.behind, bar.on_track, bar.not_started) == (1, 1, 1, 1)
    # The same answers as the placement year each person's pages show.
    years = placement_years([complete, behind, on_track, not_started])
    today = datetime.date(2026, 5, 10)
    assert [years[p.pk].done for p in (complete, behind, on_track)] == [True, False, False]
    assert [years[p.pk].has_missed(today) for p in (behind, on_track)] == [True, False]
    assert not_started.pk not in years


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
    exam(
        cohort,
        title="Final exam",
        opens_at=timezone.now() + datetime.timedelta(days=30),
        closes_at=timezone.now() + datetime.timedelta(days=44),
    )
    client.force_login(program_staff)
    dates = client.get(HOME, {"cohort": 2031}).context["dates"]
    assert [str(date.label) for date in dates] == [
        "Trauma-informed listening",
        "In-person training intensive",
        "Exam window: Final exam",
        "Graduation",
    ]
    window = dates[2]
    assert (window.end - window.start).days == 14


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
def test_the_dashboard_query_count_does_not_grow(client, program_staff, instructor, time_machine):
    # In the 2026 program, so the cohort the dashboard opens on stays the same as rows grow.
    time_machine.move_to(IN_THE_2026_PROGRAM, tick=True)
    something_of_everything()
    running = Cohort.objects.get(year=2026)
    program_standards_waiting(running, program_staff)
    with_ethics_requirement(running)
    publish(program_staff)
    for user in (program_staff, instructor):
        client.force_login(user)

        def grow():
            something_of_everything(times=3)
            program_standards_waiting(Cohort.objects.get(year=2026), program_staff, times=3)
            for year in range(2010, 2015):
                ParticipantFactory.create_batch(2, cohort=CohortFactory(year=year))
            UserFactory.create_batch(2)

        with_cohort = f"{HOME}?cohort=2026"
        # Two more than the budget: the cohort grid reads the code of ethics acknowledgments
        # (the cohort has that requirement) and the program pauses (someone was paused).
        assert_queries_do_not_grow(client, [HOME, with_cohort], grow, limit=MAX_QUERIES + 2)


@pytest.mark.django_db
def test_the_dashboard_stays_within_the_query_budget(client, program_staff, time_machine):
    """Issue #19: at most 12 queries, the two of the session and the user included, with
    something in every list (a cohort with no ethics requirement and nobody paused)."""
    time_machine.move_to(IN_THE_2026_PROGRAM, tick=True)
    something_of_everything(times=3)
    client.force_login(program_staff)
    # 2027 has not started: its grid and the one in progress (2026) are read together.
    for url in (HOME, f"{HOME}?cohort=2026", f"{HOME}?cohort=2027"):
        assert queries_for(client, url) <= MAX_QUERIES, url


@pytest.mark.django_db
def test_the_sponsor_portal_query_count_does_not_grow(client, sponsor):
    from tests.factories import SponsorMemberFactory
    from tests.queries import queries_for

    client.force_login(sponsor)
    small = queries_for(client, reverse("sponsors:portal"))
    for _ in range(20):
        SponsorMemberFactory(user=sponsor)
    assert queries_for(client, reverse("sponsors:portal")) == small


@pytest.mark.django_db
def test_counts_are_never_stale_after_the_viewers_own_action(client, program_staff):
    # The statement counting them is built once per process (cpse.prepared); the counts are
    # read on every request.
    from requirements_tracking.hours.selectors import entries_awaiting_review
    from requirements_tracking.hours.services import hour_entry_approve

    something_of_everything(times=2)
    client.force_login(program_staff)
    before = actions(client)["Hours to approve"].count
    assert before == entries_awaiting_review().count() > 0
    hour_entry_approve(entry=entries_awaiting_review().first(), by=program_staff)
    assert actions(client)["Hours to approve"].count == before - 1
