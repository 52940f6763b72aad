"""The production rehearsal's own logic (the real run is `make rehearse`, never part of
pytest): figures outside the fault windows, recovery, exactly-once and no-lost-data
accounting, the goals, the table, the SMTP stub and where the section goes."""

import json
import smtplib
from email.message import EmailMessage

import pytest

from benchmarks.rehearsal import django_side, run, summary
from benchmarks.rehearsal.smtp import SMTPStub
from benchmarks.rehearsal.summary import Delivery, Fault, Outcome, PageFigures, Probe, Request

T0 = 1_000_000.0


def figures(name="home", *, p95=100.0, errors=0, other=0):
    return PageFigures(name, 10, 1.0, 50.0, p95, p95 + 10, errors, other, 0, 0, 0)


def once(n=3):
    return summary.delivery([f"t{i}" for i in range(n)], [f"t{i}" for i in range(n)])


# -- recovery --------------------------------------------------------------------------


def test_no_failed_probe_after_a_fault_means_no_outage():
    probes = [Probe(T0 + i, True) for i in range(10)]
    assert summary.recovery_seconds(probes, T0 + 2) == 0.0


def test_recovery_is_the_first_answer_after_the_first_failure():
    probes = [Probe(T0, True), Probe(T0 + 1, False), Probe(T0 + 2, False), Probe(T0 + 3.5, True), Probe(T0 + 4, True)]
    assert summary.recovery_seconds(probes, T0 + 0.5) == 3.0


def test_a_site_that_never_answers_again_did_not_recover():
    probes = [Probe(T0 + 1, True), Probe(T0 + 2, False), Probe(T0 + 3, False)]
    assert summary.recovery_seconds(probes, T0 + 1.5) is None


def test_failures_after_the_next_fault_belong_to_it():
    probes = [Probe(T0 + 1, True), Probe(T0 + 10, False), Probe(T0 + 11, True)]
    assert summary.recovery_seconds(probes, T0, until=T0 + 9) == 0.0
    assert summary.recovery_seconds(probes, T0 + 9) == 2.0


# -- pages -----------------------------------------------------------------------------


def test_requests_inside_a_fault_window_are_counted_apart():
    fault = Fault("postgres restart", T0 + 10, recovered_s=3.0)  # window: 10 .. 10 + 3 + grace
    requests = [
        Request(T0 + 1, "home", 100.0, 200),
        Request(T0 + 11, "home", 4000.0, 500),
        Request(T0 + 10 + 3 + summary.GRACE_S + 1, "home", 300.0, 200),
        Request(T0 + 30, "home", 200.0, 502),
        Request(T0 + 31, "home", 150.0, 404),
        Request(T0 + 32, "home", 5.0, 429),
    ]
    (row,) = summary.page_figures(requests, [fault], duration_s=40)
    assert row.requests == 6
    assert row.rps == 0.1
    assert row.in_faults == 1 and row.errors_in_faults == 1
    assert row.server_errors == 1  # the 502 outside the window
    assert row.other_answers == 1  # the 404; the 429 is counted apart
    assert row.rate_limited == 1
    assert row.p95_ms == 300.0  # the 4 s request was inside the window
    assert row.p50_ms == 150.0


def test_a_request_under_way_when_the_fault_began_is_in_its_window():
    fault = Fault("postgres restart", T0 + 10, recovered_s=1.0)
    before = Request(T0 + 9.8, "home", 300.0, 500)  # started before, answered during
    long_before = Request(T0 + 9.0, "home", 300.0, 500)  # answered before it began
    (row,) = summary.page_figures([before, long_before], [fault], duration_s=20)
    assert row.in_faults == 1 and row.errors_in_faults == 1
    assert row.server_errors == 1


def test_no_answer_is_a_server_error_and_a_refusal_is_not():
    assert summary.is_server_error(0)
    assert summary.is_server_error(500)
    assert summary.is_server_error(502)
    assert not summary.is_server_error(404)
    assert not summary.is_server_error(302)


def test_a_503_try_again_is_counted_apart_and_fails_only_outside_the_windows():
    assert not summary.is_server_error(503)
    fault = Fault("postgres restart", T0 + 10, recovered_s=2.0, ended=T0 + 12)
    requests = [Request(T0 + 11, "home", 5, 503), Request(T0 + 30, "home", 5, 503), Request(T0 + 31, "home", 5, 200)]
    (row,) = summary.page_figures(requests, [fault], duration_s=40)
    assert (row.unavailable, row.server_errors, row.errors_in_faults, row.other_answers) == (2, 0, 0, 1)
    failures = summary.goal_failures([row], [fault], [], once(), acknowledged=1)
    assert failures == ["home: 1 answers other than 200 or 302"]


def test_ci_holds_medians_to_its_ceiling_and_reports_the_p95s_over_the_goal():
    slow = figures("grid", p95=2900.0)
    assert summary.goal_failures([slow], [], [], once(), acknowledged=1) == ["grid: p95 2900 ms (goal < 500 ms)"]
    assert summary.goal_failures([slow], [], [], once(), acknowledged=1, ci=True) == []
    gone_wrong = PageFigures("grid", 10, 1.0, summary.CI_CEILING_MS, 3000.0, 3100.0, 0, 0, 0, 0, 0)
    assert summary.goal_failures([gone_wrong], [], [], once(), acknowledged=1, ci=True) == [
        "grid: median 2000 ms (CI's ceiling < 2000 ms)"
    ]
    assert summary.over_goal([figures("home"), slow]) == ["grid: p95 2900 ms"]
    outcome = Outcome([slow], [], 1, [], once(), reported=summary.over_goal([slow]))
    assert "grid: p95 2900 ms" in summary.summary_table(outcome)


def test_writes_new_rows_must_all_be_stored():
    writes = summary.Writes.parse("sent hours - a\nacked hours - a\nsent hours - b\nacked hours - b\nsent hours - c\n")
    assert writes.new_rows == ["a", "b"]
    assert summary.missing_acknowledged(writes.new_rows, {"a"}) == ["b"]


def test_a_record_written_over_holds_its_last_acknowledged_answer_or_a_later_one():
    writes = summary.Writes.parse(
        "\n".join(
            [
                "sent checkin c1 t1",
                "acked checkin c1 t1",
                "sent checkin c1 t2",
                "acked checkin c1 t2",
                "sent checkin c1 t3",  # under way when the load stopped: may have landed
                "sent application 7 a1",
                "acked application 7 a1",
            ]
        )
    )
    assert writes.acknowledged == 2
    assert summary.lost_overwrites(writes, {"checkin c1": "t2", "application 7": "a1"}) == []
    assert summary.lost_overwrites(writes, {"checkin c1": "t3", "application 7": "a1"}) == []
    # An older answer, or none: the acknowledged save was lost.
    assert summary.lost_overwrites(writes, {"checkin c1": "t1", "application 7": None}) == [
        "application 7",
        "checkin c1",
    ]


def test_pages_keep_the_order_they_first_appear_in():
    requests = [Request(T0, "b", 1, 200), Request(T0, "a", 1, 200), Request(T0, "b", 1, 200)]
    assert [row.name for row in summary.page_figures(requests, [], duration_s=1)] == ["b", "a"]


# -- data ------------------------------------------------------------------------------


def test_delivery_counts_lost_duplicated_and_unexpected_messages():
    result = summary.delivery(["a", "b", "c", "d"], ["a", "b", "b", "x", "d"])
    assert result.queued == 4
    assert result.once == 2  # a and d
    assert result.lost == ["c"]
    assert result.duplicated == {"b": 2}
    assert result.unexpected == 1
    assert not result.exactly_once
    assert once().exactly_once


def test_missing_acknowledged_writes_are_the_ones_the_database_lacks():
    assert summary.missing_acknowledged(["a", "b", "c"], {"a", "c", "z"}) == ["b"]


# -- goals -----------------------------------------------------------------------------


def test_a_clean_run_passes():
    fault = Fault("redis restart", T0, recovered_s=1.0)
    assert summary.goal_failures([figures()], [fault], [], once(), acknowledged=5) == []


@pytest.mark.parametrize(
    ("pages", "fault", "missing", "deliveries", "acknowledged", "expected"),
    [
        ([figures(errors=1)], None, [], once(), 5, "1 server errors outside the fault windows"),
        ([figures(other=2)], None, [], once(), 5, "2 answers other than 200 or 302"),
        ([figures(p95=summary.P95_GOAL_MS)], None, [], once(), 5, "p95 500 ms (goal < 500 ms)"),
        ([figures()], Fault("worker SIGKILL", T0, recovered_s=31.0), [], once(), 5, "did not recover within 30 s"),
        ([figures()], Fault("worker SIGKILL", T0, recovered_s=None), [], once(), 5, "did not recover within 30 s"),
        ([figures()], None, ["x"], once(), 5, "1 acknowledged writes are missing"),
        ([figures()], None, [], once(), 0, "no write was acknowledged"),
        ([figures()], None, [], summary.delivery([], []), 5, "no message was queued"),
        ([figures()], None, [], summary.delivery(["a"], []), 5, "1 queued messages were never delivered"),
        ([figures()], None, [], summary.delivery(["a"], ["a", "a"]), 5, "1 messages were delivered more than once"),
    ],
)
def test_each_missed_goal_fails_the_run(pages, fault, missing, deliveries, acknowledged, expected):
    failures = summary.goal_failures(pages, [fault] if fault else [], missing, deliveries, acknowledged=acknowledged)
    assert len(failures) == 1
    assert expected in failures[0]


def test_the_table_shows_pages_faults_checks_and_the_verdict():
    outcome = Outcome(
        [figures("home"), figures("grid", p95=612.0)],
        [Fault("worker SIGKILL", T0, recovered_s=0.0, notes="ready again"), Fault("postgres restart", T0 + 20)],
        acknowledged=7,
        missing=["m"],
        delivery=Delivery(queued=4, once=3, lost=["c"], duplicated={}, unexpected=0),
        failures=["grid: p95 612 ms (goal < 500 ms)"],
    )
    table = summary.summary_table(outcome)
    assert "| grid | 10 | 1.0 | 50 | 612 | 622 | 0 | 0 | 0 | 0 | 0 (0) |" in table
    assert "| **all pages** | 20 | 2.0 |" in table
    assert "| worker SIGKILL | 0 | 0.0 s | ready again |" in table
    assert "| postgres restart | 20 | never |  |" in table
    assert "| acknowledged writes found in the database | 6 of 7 |" in table
    assert "| 3 of 4 (lost 1, duplicated 0, unexpected 0) |" in table
    assert table.rstrip().endswith("**FAIL**: grid: p95 612 ms (goal < 500 ms)")
    outcome.failures = []
    assert table != summary.summary_table(outcome)
    assert summary.summary_table(outcome).rstrip().endswith("**PASS**")


# -- the SMTP stub ---------------------------------------------------------------------


def _send(port: int, token: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@cpse.invalid", f"{token}@x.invalid", "Hello"
    message.set_content(f"Rehearsal message {token}.")
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
        client.send_message(message)


def test_the_smtp_stub_refuses_then_records_each_message(tmp_path):
    token = "rehearsal-message-" + "a" * 32
    with SMTPStub(tmp_path / "smtp.jsonl") as stub:
        stub.refusing.set()
        with pytest.raises(smtplib.SMTPConnectError):
            _send(stub.port, token)
        stub.refusing.clear()
        _send(stub.port, token)
        _send(stub.port, token)
        assert stub.counts == {"refused": 1, "accepted": 2}
        assert stub.delivered_tokens() == [token, token]
    first = json.loads((tmp_path / "smtp.jsonl").read_text().splitlines()[0])
    assert first == {"to": [f"{token}@x.invalid"], "tokens": [token]}


# -- the run's pure parts --------------------------------------------------------------


def test_the_section_goes_at_the_top_and_replaces_the_last_rehearsal():
    existing = "# Benchmark results\n\nIntro.\n\n## Test suite\n\nKept.\n\n## Production rehearsal — old — FAIL\n\nx\n"
    merged = run.merge_results(existing, "## Production rehearsal — new — PASS\n\ny\n")
    assert merged.startswith("# Benchmark results\n\nIntro.\n\n## Production rehearsal — new — PASS\n")
    assert "old" not in merged
    assert "## Test suite\n\nKept.\n" in merged


def test_the_request_log_is_read_back(tmp_path):
    path = tmp_path / "requests.tsv"
    path.write_text(f"{T0:.3f}\tGET home\t12.5\t200\nbroken line\n{T0 + 1:.3f}\tPOST save\t40.0\t0\n")
    assert run.read_requests(path) == [Request(T0, "GET home", 12.5, 200), Request(T0 + 1, "POST save", 40.0, 0)]


def test_the_proxy_sends_what_the_trusted_proxy_setting_expects(tmp_path):
    config = run.nginx_config(tmp_path, https_port=8443, app_port=8000, cert=tmp_path / "c", key=tmp_path / "k")
    text = config.read_text()
    assert "listen 127.0.0.1:8443 ssl;" in text
    assert "proxy_pass http://127.0.0.1:8000;" in text
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text


@pytest.mark.django_db
def test_the_outbox_is_filled_with_one_token_a_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        tokens = django_side.fill_outbox(3)
    assert len(set(tokens)) == 3
    assert all(summary_token.startswith("rehearsal-message-") for summary_token in tokens)
    assert django_side.outbox_state(tokens) == {"pending": 3}


def test_faults_are_timed_from_the_start_of_the_load():
    outcome = Outcome(
        [figures()], [Fault("redis restart", T0 + 40, recovered_s=0.0)], 1, [], once(), load_started=T0 + 4
    )
    assert "| redis restart | 36 | 0.0 s |" in summary.summary_table(outcome)


def test_a_fault_window_lasts_while_the_fault_is_being_caused():
    assert Fault("postgres restart", T0, recovered_s=3.0).window == (T0, T0 + 3.0 + summary.GRACE_S)
    slow = Fault("postgres restart", T0, recovered_s=3.0, ended=T0 + 9.0)
    assert slow.window == (T0, T0 + 9.0 + summary.GRACE_S)


def test_a_page_benchmark_run_keeps_the_rehearsal_at_the_top():
    from benchmarks.run import merge_history

    existing = run.merge_results("# Benchmark results\n", "## Production rehearsal — x — PASS\n\nz\n")
    merged = merge_history(existing, "## 2026-12-07 10:00 UTC — PASS\n\nnew\n", keep=1)
    assert merged.index("## Production rehearsal") < merged.index("## 2026-12-07")


@pytest.mark.django_db
def test_a_saved_entry_is_found_by_the_token_in_its_reflection():
    import datetime
    from decimal import Decimal

    from requirements_tracking.models import HourEntry
    from tests.factories import ParticipantFactory
    from tests.requirements_tracking.conftest import self_care

    participant = ParticipantFactory(user__email="alma@demo.cpse.invalid")
    saved, never_saved = "rehearsal-entry-" + "1" * 32, "rehearsal-entry-" + "2" * 32
    HourEntry.objects.create(
        participant=participant,
        requirement=self_care(participant),
        date=datetime.date(2026, 4, 1),
        hours=Decimal("0.25"),
        kind="other",
        reflection=f"A quiet walk. {saved}",
    )
    assert django_side.stored_tokens([saved, never_saved]) == [saved]


def test_the_kept_static_files_are_linked_over_the_folder_the_settings_made(tmp_path, monkeypatch):
    """On a new machine the seeded template is made first, with the run's settings, which
    make an empty STATIC_ROOT where the link to the kept static files goes."""
    monkeypatch.setattr(run, "KEPT", tmp_path / "cache")
    monkeypatch.setattr(run, "static_fingerprint", lambda: "abc")
    kept = tmp_path / "cache" / "rehearsal-static-abc"
    kept.mkdir(parents=True)
    (kept / "staticfiles.json").write_text("{}")
    folder = tmp_path / "run"
    (folder / "var" / "staticfiles").mkdir(parents=True)
    run.static_files({}, folder)
    assert (folder / "var" / "staticfiles").resolve() == kept.resolve()
    run.static_files({}, folder)  # a link already there is replaced too
    assert (folder / "var" / "staticfiles" / "staticfiles.json").exists()
