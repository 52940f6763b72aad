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


# Every page's budget (issue #19), the two middleware queries (session, user) included.
MAX_QUERIES = 12


def assert_queries_do_not_grow(client, urls: list[str], grow, *, limit: int = MAX_QUERIES) -> list[int]:
    """The pages' query counts stay the same after `grow()` adds rows (zulip's
    assert_database_query_count, healthchecks' assertNumQueries), and within `limit`.
    Returns the counts."""
    before = [queries_for(client, url) for url in urls]
    grow()
    after = [queries_for(client, url) for url in urls]
    assert before == after, dict(zip(urls, zip(before, after, strict=True), strict=True))
    over = {url: count for url, count in zip(urls, after, strict=True) if count > limit}
    assert not over, f"over {limit} queries: {over}"
    return before
