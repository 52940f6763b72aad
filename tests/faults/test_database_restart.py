"""The database drops every connection (a restart or failover): the next request works."""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.views.defaults import server_error


def _serve(path: str) -> int:
    """One request through Django's real WSGI handler (the test client would skip the
    connection checks that run when a request starts)."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", **{"wsgi.input": io.BytesIO()})
    statuses = []
    body = WSGIHandler()(environ, lambda status, headers, exc_info=None: statuses.append(status))
    b"".join(body)
    body.close()
    return int(statuses[0].split()[0])


@pytest.fixture
def persistent_connection():
    """Persistent connections, as in production (the test database runs with max age 0)."""
    saved = connection.settings_dict["CONN_MAX_AGE"]
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 60
    yield
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = saved


@pytest.mark.django_db(transaction=True)
def test_pages_work_again_after_the_database_drops_every_connection(settings, persistent_connection):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite has no connections to drop")
    settings.ALLOWED_HOSTS = ["testserver"]
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    # A second connection ends ours, as a database restart would.
    other = connection.copy()
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    # CONN_HEALTH_CHECKS: the request notices the dead connection and opens a new one.
    assert _serve("/") == 200
    assert _serve("/") == 200


def test_the_error_page_is_calm_and_needs_no_database():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Nothing you did caused this" in page
    assert "Traceback" not in page
