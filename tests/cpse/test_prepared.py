"""cpse.prepared: statements built once for the same key, rows read fresh every time."""

import pytest
from django.core.paginator import Paginator
from django.db import OperationalError, connections, transaction
from django.test.utils import CaptureQueriesContext

from cohorts.models import Cohort
from cpse.prepared import PreparedRows, forget_all, prepared, prepared_rows, server_prepared
from tests.factories import CohortFactory
from tests.queries import count_queries


@pytest.fixture(autouse=True)
def _nothing_kept():
    forget_all()
    yield
    forget_all()


def test_a_key_is_built_once():
    built = []

    def build():
        built.append(1)
        return ("SELECT 1", ())

    assert prepared(("test", 1), build) == prepared(("test", 1), build) == ("SELECT 1", ())
    assert len(built) == 1
    prepared(("test", 2), build)
    assert len(built) == 2


@pytest.mark.django_db
def test_rows_are_read_fresh_each_time_and_the_queryset_built_once():
    built = []

    def build():
        built.append(1)
        return Cohort.objects.filter(year__gte=2030).order_by("year")

    first = CohortFactory(year=2031)
    assert prepared_rows(("test", "cohorts"), build) == [first]
    second = CohortFactory(year=2032)
    with count_queries() as captured:
        rows = prepared_rows(("test", "cohorts"), build)
    assert rows == [first, second]
    assert isinstance(rows, list)
    assert len(captured.captured_queries) == 1
    assert len(built) == 1


@pytest.mark.django_db
def test_an_empty_statement_gives_no_rows():
    assert prepared_rows(("test", "none"), lambda: Cohort.objects.filter(pk__in=[])) == []


@pytest.mark.django_db
def test_a_kept_statement_runs_on_the_connection_in_use_now():
    """A thread whose connection object changes (asgiref gives a thread with a running
    event loop its own) gets the statement compiled again for the new one, never run on
    the old one, outside the transaction in progress."""
    built = []

    def build():
        built.append(1)
        return Cohort.objects.filter(year__gte=2030).order_by("year")

    prepared_rows(("test", "moved"), build)
    original = connections["default"]
    other = connections.create_connection("default")
    connections["default"] = other
    try:
        with CaptureQueriesContext(other) as on_other, CaptureQueriesContext(original) as on_original:
            prepared_rows(("test", "moved"), build)
            prepared_rows(("test", "moved"), build)
    finally:
        connections["default"] = original
        if other.connection is not None:
            other.connection.close()
    assert (len(on_other.captured_queries), len(on_original.captured_queries)) == (2, 0)
    assert len(built) == 2


@pytest.mark.django_db
def test_a_paginator_counts_and_slices_fresh_with_statements_built_once():
    built = []

    def build():
        built.append(1)
        return Cohort.objects.filter(year__gte=2030).order_by("year")

    CohortFactory(year=2031)
    second = CohortFactory(year=2032)
    page = Paginator(PreparedRows(("test", "paged"), build), 1).get_page(2)
    assert (page.paginator.count, list(page.object_list)) == (2, [second])
    third = CohortFactory(year=2033)
    with count_queries() as captured:
        page = Paginator(PreparedRows(("test", "paged"), build), 1).get_page(3)
        assert (page.paginator.count, list(page.object_list)) == (3, [third])
    assert len(captured.captured_queries) == 2
    assert len(built) == 3  # the count, the second page, the third page: each once
    assert Paginator(PreparedRows(("test", "empty"), lambda: Cohort.objects.filter(pk__in=[])), 1).count == 0


# Server-side prepared statements (`server_prepared`).

_PERCENT = "SELECT %s::int * 2, '100%%', %s::text"


def _on_the_server(name: str) -> bool:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [name])
        return cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_elsewhere_than_postgresql_the_statement_runs_as_it_is():
    if connections["default"].vendor == "postgresql":
        pytest.skip("PostgreSQL prepares it: the test below")
    assert server_prepared("default", "cpse_test_percent", _PERCENT) == _PERCENT


@pytest.mark.django_db
def test_postgresql_prepares_a_statement_once_per_connection_and_runs_it_with_its_parameters():
    database = connections["default"]
    if database.vendor != "postgresql":
        pytest.skip("only PostgreSQL prepares statements on the server")
    with CaptureQueriesContext(database) as first:
        sql = server_prepared("default", "cpse_test_percent", _PERCENT)
        with database.cursor() as cursor:
            cursor.execute(sql, [21, "it's"])
            # The parameters numbered in order, a literal percent sign left as one.
            assert cursor.fetchone() == (42, "100%", "it's")
    # Not one of the page's queries: only the statement it runs is counted.
    assert [query["sql"] for query in first] == ["EXECUTE cpse_test_percent(21, 'it''s')"]
    assert _on_the_server("cpse_test_percent")
    # Kept by the connection whatever happens to the transaction it was prepared in.
    with pytest.raises(RuntimeError), transaction.atomic():
        server_prepared("default", "cpse_test_rolled_back", "SELECT %s::int")
        raise RuntimeError
    assert _on_the_server("cpse_test_rolled_back")
    # Prepared once: asked again, the same EXECUTE and nothing sent to prepare it.
    with CaptureQueriesContext(database) as again:
        assert server_prepared("default", "cpse_test_percent", _PERCENT) == sql
    assert len(again) == 0


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_the_statement_again():
    database = connections["default"]
    if database.vendor != "postgresql":
        pytest.skip("only PostgreSQL prepares statements on the server")
    sql = server_prepared("default", "cpse_test_again", "SELECT %s::int + 1")
    database.close()
    assert not _on_the_server("cpse_test_again")
    with database.cursor() as cursor:
        cursor.execute(server_prepared("default", "cpse_test_again", "SELECT %s::int + 1"), [1])
        assert cursor.fetchone() == (2,)
    assert sql == "EXECUTE cpse_test_again(%s)"


@pytest.mark.django_db(transaction=True)
def test_a_connection_lost_before_preparing_fails_as_djangos_error_and_is_made_again():
    database = connections["default"]
    if database.vendor != "postgresql":
        pytest.skip("only PostgreSQL prepares statements on the server")
    database.ensure_connection()
    database.connection.close()  # lost under Django, as when PostgreSQL restarts
    with pytest.raises(OperationalError):
        server_prepared("default", "cpse_test_lost", "SELECT 1")
    assert database.errors_occurred
    database.close_if_unusable_or_obsolete()  # as at the end of every request
    assert server_prepared("default", "cpse_test_lost", "SELECT 1") == "EXECUTE cpse_test_lost"
    assert _on_the_server("cpse_test_lost")
