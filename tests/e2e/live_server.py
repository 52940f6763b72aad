"""The live server the browser tests talk to, one request at a time on SQLite.

Rules chosen here:
- On an in-memory SQLite test database, Django hands every request thread the test's own
  connection (the only way they can see the same database). Two requests at once then run
  on one connection, and the second one's transaction starts inside the first one's
  ("cannot start a transaction within a transaction"): the exam page's background save,
  sent as its button is pressed, did this. Such requests are served one after the other.
- Each request holds the turn until its whole response is read, so a streamed response
  (a spreadsheet, a file) reads the database inside it too.
- With PostgreSQL each thread has its own connection and the server stays fully threaded.
"""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer


def one_request_at_a_time(application):
    """The WSGI `application`, called by one thread at a time, response included."""
    turn = threading.Lock()

    def serve(environ, start_response):
        with turn:
            response = application(environ, start_response)
            try:
                return list(response)
            finally:
                if hasattr(response, "close"):
                    response.close()

    return serve


class LiveServer(ThreadedWSGIServer):
    """Django's threaded test server, serving one request at a time when its threads share
    the test's connection (`connections_override`, set only for in-memory SQLite)."""

    def set_app(self, application):
        super().set_app(one_request_at_a_time(application) if self.connections_override else application)
