"""The reminder schedule over the whole program, against a baseline in the same run (BENCHMARKS.md).

    .venv/bin/python -m benchmarks.reminders [--participants 3000] [--small 300] [--rounds 5]
                                             [--output PATH] [--strict]

Seeds its own database (var/bench-reminders.sqlite3, made anew each run, unless
DATABASE_URL is set): 10 regional cohorts in their program year, each with a training
session tomorrow and its exam window open, every participant behind on hours, a third of
them with a certificate expiring within 30 days, half of them in their placement year with
this month's check-in due, and program staff for the daily digests.
So every registered reminder (`reminders_run`, whatever the apps registered) has work.

Measured, times as wall-clock seconds in this process (the database is in-process for
SQLite), rounds interleaved with the baseline and the median of per-round ratios kept:

1. queries of one `reminders_run` at `--small` and at `--participants` participants: equal
   means a fixed number of queries however large the program;
2. the baseline: a bare `list(Participant.objects.values_list(...))` of all participants;
3. a first run in the daily hour (HOURS_DIGEST_HOUR: the hours-behind reminder works out
   every participant's grid then), which writes every message (rendered once per kind and
   language, encrypted, one bulk insert each reminder), as a ratio to the baseline and per
   message;
4. a repeat run (the schedule's usual case: every 15 minutes, everything already queued,
   the first run's messages analyzed as autovacuum would have by then), as a ratio to the
   baseline (target ≤ 10×), and the same in the daily hour.

Each measured run is rolled back, so every round sees the same data; on PostgreSQL each
measured run comes after a VACUUM ANALYZE, so the dead rows the runs rolled back before it
are gone, as autovacuum keeps them in a live database (`vacuum`). A dated section is
added at the top of RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import run

REPEAT_RATIO_TARGET = 10.0
COHORTS = 10
YEAR = 2026
# A Tuesday in the program year: sessions tomorrow, exam open. The usual run is at 10:00;
# the daily one at HOURS_DIGEST_HOUR also works out who is behind on hours (every grid).
DAY = (YEAR, 6, 16)
USUAL_HOUR = 10
EMAIL_DOMAIN = "reminders.bench.invalid"


@dataclass(frozen=True)
class Figures:
    small: int
    large: int
    # Reads and updates of one first run (the daily hour, everything due); inserts apart:
    # one bulk insert a reminder, split by the database's limit on parameters (SQLite: ~50 rows).
    queries_small: int
    queries_large: int
    inserts_small: int
    inserts_large: int
    repeat_queries_small: int
    repeat_queries_large: int
    messages: int  # what one first run at `large` writes
    baseline_seconds: float
    first_seconds: float
    first_ratio: float
    repeat_seconds: float
    repeat_ratio: float
    daily_repeat_seconds: float
    daily_repeat_ratio: float
    by_reminder: dict[str, int]

    @property
    def failures(self) -> list[str]:
        failures = []
        if self.queries_small != self.queries_large:
            failures.append(f"queries grow: {self.queries_small} → {self.queries_large}")
        if self.repeat_queries_small != self.repeat_queries_large:
            failures.append(f"repeat queries grow: {self.repeat_queries_small} → {self.repeat_queries_large}")
        if self.repeat_ratio > REPEAT_RATIO_TARGET:
            failures.append(f"repeat run {self.repeat_ratio:.1f}x > {REPEAT_RATIO_TARGET:.0f}x")
        return failures


def now(hour: int = USUAL_HOUR):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(*DAY, hour))


def daily_hour() -> int:
    from django.conf import settings

    return settings.HOURS_DIGEST_HOUR


def seed(participants: int, *, start: int = 0) -> None:
    """Participants number `start` .. `participants - 1`, spread over the cohorts (made on
    the first call, with their session tomorrow, their open exam and program staff)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction

    from accounts.models import Role, User
    from certificates.models import Certificate
    from checkins.models import CheckIn, Placement
    from cohorts.models import Cohort, Credential, Participant, Requirement, RequirementSet
    from cohorts.selectors import checkins_asked_by_set
    from cpse.dates import add_months
    from dashboard.management.commands.seed_demo import cohort_dates
    from requirements_tracking.models import Exam, TrainingSession

    moment = now()
    with transaction.atomic():
        if not Credential.objects.filter(abbreviation="CPSE-M1").exists():
            requirement_set = RequirementSet.objects.get(credential__abbreviation="CPSE")
            credentials = Credential.objects.bulk_create(
                Credential(name=f"Reminder bench credential {n}", abbreviation=f"CPSE-M{n}")
                for n in range(1, COHORTS + 1)
            )
            cohorts = Cohort.objects.bulk_create(
                Cohort(credential=credential, requirement_set=requirement_set, year=YEAR, **cohort_dates(YEAR))
                for credential in credentials
            )
            online = Requirement.objects.get(requirement_set=requirement_set, category="online")
            exam_requirement = Requirement.objects.get(requirement_set=requirement_set, kind=Requirement.Kind.EXAM)
            TrainingSession.objects.bulk_create(
                TrainingSession(
                    cohort=cohort,
                    requirement=online,
                    title="Listening well",
                    starts_at=moment + datetime.timedelta(days=1),
                    duration_minutes=90,
                )
                for cohort in cohorts
            )
            Exam.objects.bulk_create(
                Exam(
                    cohort=cohort,
                    requirement=exam_requirement,
                    title="Final exam",
                    opens_at=now(0) - datetime.timedelta(hours=1),
                    closes_at=moment + datetime.timedelta(days=30),
                )
                for cohort in cohorts
            )
            staff = User.objects.bulk_create(
                User(email=f"staff{n}@{EMAIL_DOMAIN}", display_name=f"Staff {n}", password=make_password(None))
                for n in range(3)
            )
            group = Group.objects.get_or_create(name=Role.PROGRAM_STAFF)[0]
            group.user_set.add(*staff)
        cohorts = list(Cohort.objects.filter(credential__abbreviation__startswith="CPSE-M").order_by("pk"))
        password = make_password(None)
        users = User.objects.bulk_create(
            User(email=f"person{n}@{EMAIL_DOMAIN}", display_name=f"Person {n}", password=password)
            for n in range(start, participants)
        )
        people = Participant.objects.bulk_create(
            Participant(user=user, cohort=cohorts[(start + n) % COHORTS], status=Participant.Status.ENROLLED)
            for n, user in enumerate(users)
        )
        # Half of them in their placement year: check-ins 1 and 2 sent, 3 due today.
        placed = [participant for n, participant in enumerate(people) if (start + n) % 2 == 1]
        start_date = add_months(moment.date(), -3)
        Placement.objects.bulk_create(
            Placement(
                participant=participant,
                agency="Bench agency",
                role=Placement.Role.ADVOCACY,
                terms=Placement.Terms.PAID,
                start_date=start_date,
                created_at=moment - datetime.timedelta(days=100),
            )
            for participant in placed
        )
        # As many as the program's default set asks (the bench's cohorts use it).
        asked = checkins_asked_by_set(RequirementSet.objects.get(credential__abbreviation="CPSE").pk)
        CheckIn.objects.bulk_create(
            CheckIn(
                participant=participant,
                number=number,
                due_on=add_months(start_date, number),
                submitted_at=moment if number < 3 else None,
            )
            for participant in placed
            for number in range(1, asked + 1)
        )
        Certificate.objects.bulk_create(
            Certificate(
                participant=participant,
                credential=cohorts[(start + n) % COHORTS].credential,
                number=f"BENCH-{start + n:06d}",
                displayed_name=participant.user.display_name,
                issued_on=moment.date() - datetime.timedelta(days=700),
                expires_on=moment.date() + datetime.timedelta(days=20),
            )
            for n, participant in enumerate(people)
            if (start + n) % 3 == 0
        )


def analyze() -> None:
    """Table statistics after bulk seeding, as a live database has them (autovacuum)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def vacuum() -> None:
    """The rows of the runs rolled back so far cleared away (PostgreSQL), as autovacuum
    does in a live database: left there (autovacuum may be off, and is slower than the
    rounds), they pile up by the tens of thousands and every read of the outbox wades
    through them, which no live database's schedule does."""
    from django.db import connection

    # SQLite's rollback leaves no dead rows behind; inside a transaction (the smoke test)
    # VACUUM cannot run, and a tiny program has nothing to clear.
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def rolled_back(work: Callable[[], object]) -> Callable[[], object]:
    from django.db import transaction

    def wrapped():
        with transaction.atomic():
            result = work()
            transaction.set_rollback(True)
        return result

    return wrapped


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def queries_of(work: Callable[[], object]) -> tuple[int, int]:
    """(reads and updates, inserts) of `work`; savepoints (the per-reminder transactions'
    bookkeeping) are not counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        work()
    sql = [query["sql"].lstrip().upper() for query in captured.captured_queries]
    inserts = sum(1 for query in sql if query.startswith("INSERT"))
    others = sum(1 for query in sql if not query.startswith(("INSERT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")))
    return others, inserts


def repeat_queries(schedule: Callable[[], object]) -> int:
    from django.db import transaction

    with transaction.atomic():
        schedule()
        reads, inserts = queries_of(schedule)
        transaction.set_rollback(True)
    assert inserts == 0
    return reads


def measure(*, small: int = 300, large: int = 3000, rounds: int = 5) -> Figures:
    from cohorts.models import Participant
    from cpse.notify.models import Notification
    from cpse.notify.reminders import reminders_run

    usual, daily = now(), now(daily_hour())

    def schedule():
        return reminders_run(now=usual)

    def daily_schedule():
        return reminders_run(now=daily)

    def baseline():
        return list(Participant.objects.values_list("pk", "user_id", "cohort_id", "status"))

    seed(small)
    analyze()
    queries_small, inserts_small = queries_of(rolled_back(daily_schedule))
    repeat_queries_small = repeat_queries(daily_schedule)
    seed(large, start=small)
    analyze()
    queries_large, inserts_large = queries_of(rolled_back(daily_schedule))
    repeat_queries_large = repeat_queries(daily_schedule)

    by_reminder = rolled_back(daily_schedule)()
    messages = sum(by_reminder.values())

    def repeat_run(run_schedule) -> float:
        # Within one rolled-back transaction: a first run writes, the second is measured.
        from django.db import transaction

        with transaction.atomic():
            run_schedule()
            # Fifteen minutes later autovacuum has analyzed the messages the first run wrote
            # (its threshold is a tenth of a table changed), as `analyze` stands in for after seeding.
            analyze()
            seconds = timed(run_schedule)
            transaction.set_rollback(True)
        return seconds

    baseline()  # warm-up: connections, caches, templates
    rolled_back(daily_schedule)()
    times: dict[str, list[float]] = {"base": [], "first": [], "repeat": [], "daily": []}
    ratios: dict[str, list[float]] = {"first": [], "repeat": [], "daily": []}
    for _round in range(rounds):
        base = statistics.median(timed(baseline) for _ in range(3))
        measured = {}
        for name, measure_one in (
            ("first", lambda: timed(rolled_back(daily_schedule))),
            ("repeat", lambda: repeat_run(schedule)),
            ("daily", lambda: repeat_run(daily_schedule)),
        ):
            vacuum()  # each measure on the outbox as it stands, not on the last one's rolled-back rows
            measured[name] = measure_one()
        times["base"].append(base)
        for name, seconds in measured.items():
            times[name].append(seconds)
            ratios[name].append(seconds / base)
    assert not Notification.objects.exists(), "measured runs must leave nothing behind"
    return Figures(
        small=small,
        large=large,
        queries_small=queries_small,
        queries_large=queries_large,
        inserts_small=inserts_small,
        inserts_large=inserts_large,
        repeat_queries_small=repeat_queries_small,
        repeat_queries_large=repeat_queries_large,
        messages=messages,
        baseline_seconds=statistics.median(times["base"]),
        first_seconds=statistics.median(times["first"]),
        first_ratio=statistics.median(ratios["first"]),
        repeat_seconds=statistics.median(times["repeat"]),
        repeat_ratio=statistics.median(ratios["repeat"]),
        daily_repeat_seconds=statistics.median(times["daily"]),
        daily_repeat_ratio=statistics.median(ratios["daily"]),
        by_reminder=by_reminder,
    )


def format_section(meta: dict[str, str], figures: Figures) -> str:
    verdict = "pass" if not figures.failures else "FAIL"
    fixed = figures.queries_small == figures.queries_large
    repeat_fixed = figures.repeat_queries_small == figures.repeat_queries_large
    repeat_ok = figures.repeat_ratio <= REPEAT_RATIO_TARGET
    per_message = figures.first_seconds / figures.messages * 1000 if figures.messages else 0
    written = ", ".join(f"{name} {count}" for name, count in figures.by_reminder.items() if count)
    lines = [
        f"## {meta['date']} — reminders — {verdict}",
        "",
        *(f"- {key}: {value}" for key, value in meta.items() if key != "date"),
        f"- messages one first run writes at {figures.large} participants: {figures.messages} ({written})",
        "",
        "| measure | value | × baseline | target | result |",
        "|---|--:|--:|--:|---|",
        f"| reads and updates of a first run: {figures.small} → {figures.large} participants "
        f"| {figures.queries_small} → {figures.queries_large} | — | equal | {'pass' if fixed else 'FAIL'} |",
        f"| bulk insert batches of a first run (one per reminder, split by the parameter limit) "
        f"| {figures.inserts_small} → {figures.inserts_large} | — | — | — |",
        f"| queries of a repeat run: {figures.small} → {figures.large} participants "
        f"| {figures.repeat_queries_small} → {figures.repeat_queries_large} | — | equal "
        f"| {'pass' if repeat_fixed else 'FAIL'} |",
        f"| baseline: bare SELECT of all {figures.large} participants "
        f"| {figures.baseline_seconds * 1000:.1f} ms | 1.00 | — | — |",
        f"| repeat run at {USUAL_HOUR}:00 (everything already queued: the usual 15-minute run) "
        f"| {figures.repeat_seconds * 1000:.0f} ms | {figures.repeat_ratio:.1f} | ≤ {REPEAT_RATIO_TARGET:.0f} "
        f"| {'pass' if repeat_ok else 'FAIL'} |",
        f"| repeat run in the daily hour (who is behind on hours: every cohort's grid) "
        f"| {figures.daily_repeat_seconds * 1000:.0f} ms | {figures.daily_repeat_ratio:.1f} | — | — |",
        f"| first run in the daily hour (writes {figures.messages} messages) | {figures.first_seconds * 1000:.0f} ms "
        f"| {figures.first_ratio:.1f} | — | — |",
        f"| first run, per message written | {per_message:.2f} ms | — | — | — |",
    ]
    return "\n".join(lines) + "\n"


def prepare_database() -> str:
    if not os.environ.get("DATABASE_URL"):
        (run.ROOT / "var").mkdir(exist_ok=True)
        path = run.ROOT / "var" / "bench-reminders.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", run.SETTINGS_MODULE)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "--noinput", verbosity=0)
    return connection.vendor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=3000)
    parser.add_argument("--small", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--output", type=Path, default=run.RESULTS_PATH)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)

    started = time.monotonic()
    vendor = prepare_database()
    meta = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": run.git_revision(),
        "machine": run.machine_description(),
        "software": f"Python {sys.version.split()[0]}, {vendor}, one process",
        "method": f"wall-clock, {args.rounds} interleaved rounds, median of per-round ratios; each run rolled back",
    }
    figures = measure(small=args.small, large=args.participants, rounds=args.rounds)
    meta["run took"] = f"{time.monotonic() - started:.0f} s"
    section = format_section(meta, figures)
    if args.output:
        existing = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        args.output.write_text(run.merge_history(existing, section), encoding="utf-8")
    print(section)
    return 1 if args.strict and figures.failures else 0


if __name__ == "__main__":
    sys.exit(main())
