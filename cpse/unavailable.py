"""When the database cannot be reached: a read is tried once more on a fresh connection,
and the person sees a calm 503 page with Retry-After instead of a 500.

Rules chosen here:
- Django's health check (CONN_MAX_AGE with conn_health_checks, cpse/settings.py) already
  replaces a kept connection that died between requests, once the database answers. What
  is left is a request that meets the database while it cannot answer (PostgreSQL refuses
  connections for seconds while it restarts) or loses its connection midway.
- Any request that fails on the database (an OperationalError or InterfaceError, Django's
  or the driver's own: psycopg raises AdminShutdown unwrapped when PostgreSQL stops while
  a server-side cursor is open; raised by a view, a middleware or a template) is
  answered 503 with Retry-After, from a
  page that needs no database (templates/errors/503.html, bilingual like 500.html). Django still
  logs it as an error with its traceback, so an operator hears of it.
- A GET or HEAD that failed so is tried once more, once the database answers again on a
  fresh connection (waiting WAIT_S at most): reading twice is harmless. Any other method
  is never tried again: a POST may have written part of what it meant before the
  connection was lost, and its person decides whether to send it again (the page asks them
  to check first).
"""

from __future__ import annotations

import sys
import time

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

# A PostgreSQL restart takes a few seconds; gunicorn's worker timeout (30 s) is far above.
WAIT_S = 10.0
POLL_S = 0.25
RETRY_AFTER_S = 10
RETRIED_METHODS = ("GET", "HEAD")
DATABASE_ERRORS = (OperationalError, InterfaceError)


def unavailable_response() -> HttpResponse:
    """The 503 page; its marker tells DatabaseRetryMiddleware why it was given."""
    response = HttpResponse(loader.get_template("errors/503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_S)
    response.database_unavailable = True
    return response


def is_database_unavailable(error: BaseException | None) -> bool:
    """Whether the error is the database not answering, Django's or its driver's."""
    driver = connection.Database
    return isinstance(error, (*DATABASE_ERRORS, driver.OperationalError, driver.InterfaceError))


def server_error(request) -> HttpResponse:
    """handler500 (cpse/urls.py): called while the uncaught exception is being handled."""
    if is_database_unavailable(sys.exc_info()[1]):
        return unavailable_response()
    return defaults.server_error(request)


def database_answers(wait_s: float = WAIT_S) -> bool:
    """Whether a fresh connection could be made within `wait_s` seconds."""
    deadline = time.monotonic() + wait_s
    while True:
        connection.close()
        try:
            connection.ensure_connection()
            return True
        except DATABASE_ERRORS:
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_S)


class DatabaseRetryMiddleware:
    """Outside every middleware that may use the database (sessions, accounts, audit)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(response, "database_unavailable", False)
            and request.method in RETRIED_METHODS
            and database_answers()
        ):
            response = self.get_response(request)
        return response
