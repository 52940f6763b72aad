"""The browser tests' live server serves one request at a time on a shared SQLite connection
(tests/e2e/live_server.py), and answers axe's script before the site (tests/e2e/axe.py)."""

import threading
import time

from tests.e2e.axe import AXE_PATH, serve_axe
from tests.e2e.live_server import LiveServer, one_request_at_a_time


def test_requests_on_a_shared_connection_run_one_after_the_other():
    inside = []
    most = []

    def application(environ, start_response):
        inside.append(environ["PATH_INFO"])
        most.append(len(inside))
        time.sleep(0.05)
        inside.remove(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [environ["PATH_INFO"].encode()]

    serve = one_request_at_a_time(application, threading.RLock())
    bodies = {}

    def request(path):
        bodies[path] = serve({"PATH_INFO": path}, lambda status, headers: None)

    threads = [threading.Thread(target=request, args=(f"/{n}/",)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert max(most) == 1
    assert bodies == {f"/{n}/": [f"/{n}/".encode()] for n in range(3)}


def test_a_streamed_response_is_read_and_closed_inside_the_turn():
    events = []

    class Streamed:
        def __iter__(self):
            events.append("read")
            yield b"row"

        def close(self):
            events.append("closed")

    serve = one_request_at_a_time(lambda environ, start_response: Streamed(), threading.RLock())

    assert serve({}, None) == [b"row"]
    assert events == ["read", "closed"]


def app(environ, start_response):
    return []


class Connection:
    def __init__(self):
        self.execute_wrappers = []


def test_only_a_shared_connection_makes_the_server_take_turns():
    connection = Connection()
    shared = LiveServer(("localhost", 0), None, connections_override={"default": connection})
    own = LiveServer(("localhost", 0), None, connections_override={})
    try:
        shared.set_app(app)
        own.set_app(app)
        assert hasattr(shared, "turn") and not hasattr(own, "turn")
        assert connection.execute_wrappers == [shared.query_in_turn]
    finally:
        shared.server_close()
        own.server_close()
    # The connection is the test's: once the server is gone, its queries no longer wait.
    assert connection.execute_wrappers == []


def test_the_tests_own_query_waits_for_the_request_being_served():
    connection = Connection()
    server = LiveServer(("localhost", 0), None, connections_override={"default": connection})
    events = []
    serving = threading.Event()

    def application(environ, start_response):
        serving.set()
        time.sleep(0.05)
        # The request's own queries take the turn it holds.
        server.query_in_turn(lambda *query: events.append("request's query"), "SELECT 1", None, False, {})
        events.append("request done")
        return []

    try:
        server.set_app(application)
        request = threading.Thread(target=server.get_app(), args=({}, None))
        request.start()
        serving.wait()
        server.query_in_turn(lambda *query: events.append("test's query"), "SELECT 1", None, False, {})
        request.join()
    finally:
        server.server_close()
    assert events == ["request's query", "request done", "test's query"]


def test_axe_is_answered_before_the_site_and_kept_by_the_browser():
    asked = []

    def site(environ, start_response):
        asked.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b"page"]

    serve = serve_axe(site)
    answered = {}

    def start_response(status, headers):
        answered.update(status=status, headers=dict(headers))

    script = b"".join(serve({"PATH_INFO": AXE_PATH}, start_response))
    assert answered["status"] == "200 OK" and asked == []
    assert b"axe" in script and int(answered["headers"]["Content-Length"]) == len(script)
    assert answered["headers"]["Content-Type"].startswith("text/javascript")
    assert "immutable" in answered["headers"]["Cache-Control"]
    assert serve({"PATH_INFO": "/"}, start_response) == [b"page"] and asked == ["/"]
