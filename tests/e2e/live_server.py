"""The live server the browser tests talk to, one request at a time on SQLite.

Rules chosen here:
- On an in-memory SQLite test database, Django hands every request thread the test's own
  connection (the only way they can see the same database). Two requests at once then run
  on one connection, and the second one's transaction starts inside the first one's
  ("cannot start a transaction within a transaction"): the exam page's background save,
  sent as its button is pressed, did this. Such requests are served one after the other.
- Each request holds the turn until its whole response is read, so a streamed response
  (a spreadsheet, a file) reads the database inside it too.
- The test's own queries on that connection wait for the turn as well: a test that looks
  in the database while the browser's last request is still being served (the quick
  exit's beacon) otherwise met it mid-transaction ("database table is locked").
- So does the putting back of the database after a browser test (tests/conftest.py
  `transactional_test_teardown`), through `between_requests`.
- With PostgreSQL each thread has its own connection and the server stays fully threaded.
- axe's script, for the accessibility checks, is answered before all of this
  (tests/e2e/axe.py `serve_axe`): it touches no database.
"""

import contextlib
import threading

from django.core.servers.basehttp import ThreadedWSGIServer

from tests.e2e.axe import serve_axe


def one_request_at_a_time(application, turn):
    """The WSGI `application`, called while holding `turn` (a reentrant lock), response included."""

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
    the test's connection (`connections_override`, set only for in-memory SQLite), and
    running the test's own queries on that connection between requests."""

    def set_app(self, application):
        if not self.connections_override:
            super().set_app(serve_axe(application))
            return
        self.turn = threading.RLock()
        for connection in self.connections_override.values():
            connection.execute_wrappers.insert(0, self.query_in_turn)
        super().set_app(serve_axe(one_request_at_a_time(application, self.turn)))

    def query_in_turn(self, execute, sql, params, many, context):
        with self.turn:
            return execute(sql, params, many, context)

    def server_close(self):
        super().server_close()
        for connection in (self.connections_override or {}).values():
            if self.query_in_turn in connection.execute_wrappers:
                connection.execute_wrappers.remove(self.query_in_turn)


def between_requests(connection):
    """A context that holds the turn of the live server whose requests run on `connection`,
    so what runs inside never meets one halfway; a context that does nothing when no live
    server shares it."""
    for wrapper in connection.execute_wrappers:
        server = getattr(wrapper, "__self__", None)
        if isinstance(server, LiveServer):
            return server.turn
    return contextlib.nullcontext()
