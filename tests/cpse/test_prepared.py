"""cpse.prepared: statements built once for the same key, rows read fresh every time."""

import pytest
from django.core.paginator import Paginator
from django.db import connections
from django.test.utils import CaptureQueriesContext

from cohorts.models import Cohort
from cpse.prepared import PreparedRows, forget_all, prepared, prepared_rows
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
