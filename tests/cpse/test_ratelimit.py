"""The small rate limit: one request may count as several hits (`cost`)."""

import pytest

from cpse.ratelimit import rate_limited

pytestmark = pytest.mark.usefixtures("memory_cache")


def test_one_hit_at_a_time_until_the_limit():
    results = [rate_limited(scope="t-one", key="a", limit=3, seconds=60) for _ in range(4)]
    assert results == [False, False, False, True]


def test_a_cost_counts_as_that_many_hits():
    assert rate_limited(scope="t-cost", key="a", limit=5, seconds=60, cost=5) is False
    assert rate_limited(scope="t-cost", key="a", limit=5, seconds=60) is True
    # A first request bigger than the limit is over at once.
    assert rate_limited(scope="t-cost", key="b", limit=5, seconds=60, cost=6) is True
