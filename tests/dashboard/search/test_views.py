"""Staff search: what each role finds, nothing personal in an address, the access log
notes the search without its words, and the page costs the same however much it finds."""

import datetime
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Participant
from cpse.audit.models import AccessLogEntry
from cpse.audit.services import export_record_views
from dashboard.search import selectors
from dashboard.search.services import KEPT_SEARCHES
from tests.applications.factories import InterviewFactory, SentApplicationFactory, on_panel
from tests.certificates.helpers import issued_certificate
from tests.dashboard.dashboard_fixtures import invoice
from tests.factories import ParticipantFactory, UserFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:index")
PS = Participant.Status


@pytest.fixture
def rosa(cohort):
    """A participant with an application, a certificate and an invoice."""
    participant = ParticipantFactory(cohort=cohort, user__display_name="Rosa Marquez", user__email="rosa.m@example.org")
    SentApplicationFactory(applicant=participant.user, cohort=cohort)
    certificate = issued_certificate(participant, number="K7QM2XP9RT4W")
    bill = invoice(participant, due_on=timezone.localdate() + datetime.timedelta(days=30))
    return {"participant": participant, "certificate": certificate, "invoice": bill}


def search(client, words: str):
    """POST the words; return the results page (followed) and where the POST went."""
    response = client.post(SEARCH, {"q": words})
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    return client.get(location), location


def found(response) -> list[tuple[str, str, str]]:
    return [(str(r.kind), r.title, r.url) for r in response.context["found"].results]


# --- What each role finds ----------------------------------------------------------------


def test_program_staff_find_the_person_s_record_application_certificate_and_invoice(client, program_staff, rosa):
    client.force_login(program_staff)
    page, _where = search(client, "rosa")
    participant = rosa["participant"]
    application = participant.user.applications.get()
    assert found(page) == [
        ("Participant record", "Rosa Marquez", reverse("participant_record:record", args=[participant.public_id])),
        ("Application", "Rosa Marquez", reverse("applications_staff:detail", args=[application.public_id])),
    ]
    html = page.content.decode()
    assert "2 results found." in html and "2026 cohort" in html
    page, _where = search(client, "K7QM2X")
    assert found(page) == [
        ("Certificate", "K7QM2XP9RT4W", reverse("certificates_staff:detail", args=[rosa["certificate"].public_id]))
    ]
    page, _where = search(client, rosa["invoice"].number)
    assert found(page) == [
        (
            "Invoice",
            rosa["invoice"].number,
            reverse("sponsors_finance:invoice_detail", args=[rosa["invoice"].public_id]),
        )
    ]


def test_finance_find_the_fee_page_and_invoices_never_an_application_or_a_certificate(client, finance, rosa):
    client.force_login(finance)
    participant = rosa["participant"]
    page, _where = search(client, "Rosa Marquez")
    assert found(page) == [
        ("Participant's fee", "Rosa Marquez", reverse("sponsors_finance:participant_fee", args=[participant.public_id]))
    ]
    page, _where = search(client, "K7QM2X")
    assert found(page) == []
    assert "Nothing found that you can open." in page.content.decode()
    page, _where = search(client, rosa["invoice"].number)
    assert [kind for kind, _title, _url in found(page)] == ["Invoice"]


def test_an_instructor_finds_whom_she_observes_and_the_interviews_on_her_panel_only(client, instructor, cohort):
    observed = ParticipantFactory(cohort=cohort, user__display_name="Lena Ortiz")
    ParticipantFactory(cohort=cohort, user__display_name="Lena Withdrawn", status=PS.WITHDRAWN)
    hers = InterviewFactory(application__applicant__display_name="Lena Applicant", application__cohort=cohort)
    InterviewFactory(application__applicant__display_name="Lena Other", application__cohort=cohort)
    on_panel(hers, instructor)
    client.force_login(instructor)
    page, _where = search(client, "lena")
    assert sorted(found(page)) == sorted(
        [
            ("Observed practice", "Lena Ortiz", reverse("competency:checklist", args=[observed.public_id])),
            (
                "Interview to score",
                "Lena Applicant",
                reverse("applications_staff:score", args=[hers.application.public_id]),
            ),
        ]
    )
    # Every link opens for her.
    for _kind, _title, url in found(page):
        assert client.get(url).status_code == 200, url


def test_every_result_opens_for_the_person_who_found_it(client, program_staff, finance, rosa):
    for person in (program_staff, finance):
        client.force_login(person)
        for words in ("rosa", "K7QM2X", rosa["invoice"].number):
            page, _where = search(client, words)
            for _kind, _title, url in found(page):
                assert client.get(url).status_code == 200, (person, url)


def test_the_role_rule_is_the_target_page_s_own():
    """Read from each page's `role_required`, not written again here."""
    assert selectors._roles_of("participant_record:record") == {"program_staff"}
    assert selectors._roles_of("sponsors_finance:invoice_detail") == {"program_staff", "finance"}
    assert selectors._roles_of("applications_staff:score") == {"program_staff", "instructor"}


def test_an_email_address_and_a_public_id_find_the_person(client, program_staff, rosa):
    client.force_login(program_staff)
    page, _where = search(client, "ROSA.M@example.org")
    assert [kind for kind, _title, _url in found(page)] == ["Participant record", "Application"]
    # Letters of a name inside someone's address are not a match without an "@".
    UserFactory(display_name="Someone", email="xyzrosa@example.org")
    ParticipantFactory(user__email="marquezfan@example.org", cohort=rosa["participant"].cohort)
    page, _where = search(client, "marquez")
    assert [title for _kind, title, _url in found(page)] == ["Rosa Marquez", "Rosa Marquez"]
    page, _where = search(client, str(rosa["participant"].public_id))
    assert found(page) == [
        (
            "Participant record",
            "Rosa Marquez",
            reverse("participant_record:record", args=[rosa["participant"].public_id]),
        )
    ]
    page, _where = search(client, str(rosa["certificate"].public_id).upper())
    assert [kind for kind, _title, _url in found(page)] == ["Certificate"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity is PostgreSQL's")
def test_on_postgresql_a_misspelt_name_is_found_closest_first(client, program_staff, cohort):
    ParticipantFactory(cohort=cohort, user__display_name="Bianca Torres")
    ParticipantFactory(cohort=cohort, user__display_name="Bianka Torrez")
    client.force_login(program_staff)
    page, _where = search(client, "Bianca Torres")
    assert [title for _kind, title, _url in found(page)] == ["Bianca Torres", "Bianka Torrez"]


# --- Nothing personal in an address; the access log -------------------------------------------


def test_the_words_never_travel_in_an_address_nor_sit_in_clear_in_the_session(client, program_staff, rosa):
    client.force_login(program_staff)
    page, where = search(client, "rosa.m@example.org")
    assert "rosa" not in where.lower() and set(parse_qs(urlsplit(where).query)) == {"search"}
    assert page.status_code == 200 and page.request["QUERY_STRING"] == urlsplit(where).query
    # The results page shows the words in the box, for the searcher only.
    assert 'value="rosa.m@example.org"' in page.content.decode()
    assert "rosa" not in str(client.session.load()).lower()
    # The result links hold public ids only.
    for _kind, _title, url in found(page):
        assert "rosa" not in url.lower()
    # A GET with words is not a search.
    assert "found" not in client.get(SEARCH, {"q": "rosa"}).context


def test_the_access_log_notes_who_searched_when_and_how_many_results_never_the_words(client, program_staff, rosa):
    client.force_login(program_staff)
    page, where = search(client, "rosa")
    entry = AccessLogEntry.objects.get()
    assert (entry.viewer, entry.subject, entry.record_kind, entry.result_count) == (
        program_staff,
        None,
        AccessLogEntry.RecordKind.SEARCH,
        2,
    )
    assert "rosa" not in repr(AccessLogEntry.objects.values().get()).lower()
    # Coming back to the results (a reload) is not a second search.
    client.get(where)
    assert AccessLogEntry.objects.count() == 1
    # The audit trail shows it in words.
    audit = client.get(reverse("dashboard:audit"), {"show": "views"}).content.decode()
    assert "Search (2 results)" in audit


def test_a_search_is_nobody_s_record_view(client, program_staff, rosa):
    """Searches name nobody: they are not among the record views a person downloads."""
    client.force_login(program_staff)
    search(client, "rosa")
    assert export_record_views(program_staff) == []
    assert export_record_views(rosa["participant"].user) == []


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("", "Please type a name, an email address or a number to search for."),
        ("   ", "Please type a name, an email address or a number to search for."),
        ("r", "Please type at least 2 letters or numbers."),
        ("r" * 101, "Please type at most 100 letters or numbers."),
    ],
)
def test_a_search_too_short_or_too_long_is_refused_kindly_and_the_words_kept(client, program_staff, typed, error):
    client.force_login(program_staff)
    response = client.post(SEARCH, {"q": typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    if typed.strip():
        assert f'value="{typed}"' in html
    assert not AccessLogEntry.objects.exists()


def test_the_empty_page_and_a_search_with_nothing_found(client, program_staff, rosa):
    client.force_login(program_staff)
    html = client.get(SEARCH).content.decode()
    assert "Results" not in html and 'name="q"' in html
    page, _where = search(client, "nobody by this name")
    assert found(page) == []
    assert "Nothing found that you can open." in page.content.decode()
    assert AccessLogEntry.objects.get().result_count == 0


def test_a_search_ends_after_half_an_hour_and_an_unknown_one_says_so(client, program_staff, rosa):
    client.force_login(program_staff)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _page, where = search(client, "rosa")
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert "found" in client.get(where).context
    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        response = client.get(where)
        assert "found" not in response.context
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "That search has ended, to keep it private. Please search again."
        ]
    response = client.get(SEARCH, {"search": "made-up"})
    assert response.status_code == 200 and "found" not in response.context


def test_a_session_keeps_only_its_latest_searches(client, program_staff, rosa):
    client.force_login(program_staff)
    first = search(client, "rosa")[1]
    for _ in range(KEPT_SEARCHES):
        search(client, "marquez")
    assert "found" not in client.get(first).context
    assert len(client.session["staff_searches"]) == KEPT_SEARCHES


def test_another_session_cannot_open_a_search(client, program_staff, rosa):
    client.force_login(program_staff)
    _page, where = search(client, "rosa")
    client.logout()
    client.force_login(program_staff)
    assert "found" not in client.get(where).context


# --- Capped, and the same cost whatever is found ------------------------------------------------


def test_more_than_fifty_results_are_capped_with_a_request_to_refine(client, program_staff, cohort):
    for number in range(selectors.MAX_RESULTS + 3):
        ParticipantFactory(cohort=cohort, user__display_name=f"Garcia {number}")
    client.force_login(program_staff)
    page, _where = search(client, "garcia")
    assert len(found(page)) == selectors.MAX_RESULTS
    html = page.content.decode()
    assert "53 results found; the first 50 are shown." in html
    assert "Please refine your search" in html
    assert AccessLogEntry.objects.get().result_count == 53


# The session and the person (with their roles), then one query per kind of result the role opens.
EXPECTED_QUERIES = {"program_staff": 2 + 4, "instructor": 2 + 2, "finance": 2 + 2}


@pytest.mark.parametrize("persona", ["program_staff", "instructor", "finance"])
def test_the_results_page_costs_the_same_with_3_or_30_of_each_kind(client, persona_user, persona, cohort):
    user = persona_user(persona)
    number = iter(range(1000))

    def some(count):
        for _ in range(count):
            n = next(number)
            participant = ParticipantFactory(cohort=cohort, user__display_name=f"Nash {n}")
            interview = InterviewFactory(application__applicant=participant.user, application__cohort=cohort)
            if persona == "instructor":
                on_panel(interview, user)
            issued_certificate(participant, number=f"NASH{n:08d}")
            invoice(participant, due_on=timezone.localdate())

    some(3)
    client.force_login(user)
    _page, where = search(client, "nash")
    assert assert_queries_do_not_grow(client, [where], lambda: some(27)) == [EXPECTED_QUERIES[persona]]


def test_the_search_box_is_on_staff_pages_only(client, program_staff, participant):
    client.force_login(program_staff)
    html = client.get(reverse("dashboard:home")).content.decode()
    assert f'action="{SEARCH}"' in html and 'method="post"' in html
    client.force_login(participant.user)
    assert f'action="{SEARCH}"' not in client.get(reverse("cohorts:my_program")).content.decode()


def test_a_post_from_the_top_bar_of_any_staff_page_searches(client, finance, rosa):
    client.force_login(finance)
    response = client.post(SEARCH, {"q": "Rosa"}, follow=True)
    assert [kind for kind, _t, _u in found(response)] == ["Participant's fee"]


def test_no_search_for_people_without_a_staff_role(client, participant, rosa):
    client.force_login(participant.user)
    assert client.post(SEARCH, {"q": "rosa"}).status_code == 403
    assert not AccessLogEntry.objects.filter(record_kind="search").exists()


def test_an_id_that_is_not_a_uuid_is_just_words(client, program_staff):
    assert selectors.as_public_id("not-a-uuid") is None
    assert selectors.as_public_id(f" {uuid.UUID(int=5)} ") == uuid.UUID(int=5)
