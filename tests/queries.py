from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def count_queries():
    """Count the queries run inside the block: `with count_queries() as q: ...; q.count`."""
    with CaptureQueriesContext(connection) as context:
        yield context


def queries_for(client, url: str) -> int:
    """Queries of one GET of `url`, after a first GET that settles per-session writes
    (the session's activity stamp), so counts compare pages, not session age."""
    client.get(url)
    with count_queries() as context:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(context.captured_queries)
