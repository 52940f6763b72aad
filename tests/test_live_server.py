"""The browser tests' live server serves one request at a time on a shared SQLite connection
(tests/e2e/live_server.py)."""

import threading
import time

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

    serve = one_request_at_a_time(application)
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

    serve = one_request_at_a_time(lambda environ, start_response: Streamed())

    assert serve({}, None) == [b"row"]
    assert events == ["read", "closed"]


def app(environ, start_response):
    return []


def test_only_a_shared_connection_makes_the_server_take_turns():
    shared = LiveServer(("localhost", 0), None, connections_override={"default": object()})
    own = LiveServer(("localhost", 0), None, connections_override={})
    try:
        shared.set_app(app)
        own.set_app(app)
        assert shared.get_app() is not app
        assert own.get_app() is app
    finally:
        shared.server_close()
        own.server_close()
