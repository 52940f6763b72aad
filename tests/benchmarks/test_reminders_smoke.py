"""A quick smoke of the reminder benchmark (the real run is `python -m benchmarks.reminders`):
a tiny program, fixed queries, positive figures, a section."""

import pytest

from benchmarks import reminders as bench


@pytest.mark.django_db
def test_the_benchmark_measures_and_reports():
    figures = bench.measure(small=3, large=9, rounds=1)
    assert figures.queries_small == figures.queries_large
    assert figures.repeat_queries_small == figures.repeat_queries_large
    assert figures.messages >= 2 * 9  # a session tomorrow and the exam window, at least
    assert figures.by_reminder["session_tomorrow"] == 9
    assert figures.by_reminder["exam_window"] == 9
    assert figures.baseline_seconds > 0 and figures.first_ratio > 0 and figures.repeat_ratio > 0
    section = bench.format_section({"date": "2026-11-25 13:00 UTC", "commit": "abc"}, figures)
    assert section.startswith("## 2026-11-25 13:00 UTC — reminders — ")
    assert "| queries of a repeat run: 3 → 9 participants |" in section
