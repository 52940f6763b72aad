"""cpse.unavailable: a read that meets a database that cannot answer is tried once more on a
fresh connection; what still fails is a 503 page with Retry-After, never a 500; a POST is
never tried again (issue #23).

The views below stand in for any page: this module is their URLconf. Waiting for the
database (`database_answers`) is replaced, so the test's own connection and transaction
are left alone."""

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from cpse import unavailable
from cpse import urls as project_urls

calls: list[str] = []


def flaky_read(request):
    """Fails on the database the first time it is asked, answers the second."""
    calls.append(request.method)
    if len(calls) == 1:
        raise OperationalError("server closed the connection unexpectedly")
    return HttpResponse("read")


def always_down(request):
    calls.append(request.method)
    raise OperationalError("connection refused")


def driver_error(request):
    """The driver's own error, unwrapped (psycopg's AdminShutdown closing a server-side cursor)."""
    calls.append(request.method)
    raise connection.Database.OperationalError("terminating connection due to administrator command")


def broken(request):
    raise ValueError("a bug, not the database")


urlpatterns = [
    path("flaky/", flaky_read),
    path("down/", always_down),
    path("driver/", driver_error),
    path("broken/", broken),
]
handler500 = project_urls.handler500


@pytest.fixture
def client(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    calls.clear()
    return Client(raise_request_exception=False)


@pytest.fixture
def waits(monkeypatch):
    """Each wait for the database, answering as `answers` says."""
    seen = {"waits": 0, "answers": True}

    def database_answers(wait_s=unavailable.WAIT_S):
        seen["waits"] += 1
        return seen["answers"]

    monkeypatch.setattr(unavailable, "database_answers", database_answers)
    return seen


def test_wired_into_the_project():
    assert project_urls.handler500 == "cpse.unavailable.server_error"
    order = settings.MIDDLEWARE
    # Outside every middleware that may use the database.
    assert order.index("cpse.unavailable.DatabaseRetryMiddleware") < order.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )


def test_a_read_that_met_a_dropped_connection_is_tried_again(client, waits):
    response = client.get("/flaky/")
    assert response.status_code == 200
    assert response.content == b"read"
    assert calls == ["GET", "GET"]
    assert waits["waits"] == 1


def test_a_read_is_tried_once_only_then_a_503_with_retry_after(client, waits):
    response = client.get("/down/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(unavailable.RETRY_AFTER_S)
    assert b"try again in a moment" in response.content
    assert "inténtelo de nuevo en un momento" in response.content.decode()
    assert calls == ["GET", "GET"]


def test_no_second_try_while_the_database_stays_down(client, waits):
    waits["answers"] = False
    response = client.get("/flaky/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert calls == ["GET"]


def test_a_post_is_never_tried_again(client, waits):
    response = client.post("/flaky/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert calls == ["POST"]
    assert waits["waits"] == 0


def test_the_drivers_own_error_is_a_database_error_too(client, waits):
    response = client.get("/driver/")
    assert response.status_code == 503
    assert calls == ["GET", "GET"]


def test_any_other_error_is_still_a_500(client, waits):
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert waits["waits"] == 0


@pytest.mark.django_db(transaction=True)
def test_database_answers_on_a_fresh_connection():
    assert unavailable.database_answers(wait_s=0)
