"""The migrations and the test database agree.

`make test` makes its SQLite test database from the models (`--nomigrations`: applying
every migration cost each test process about 15 s, in every run) and then puts in the rows
the data migrations make (tests/conftest.py `restore_reference_data`). These tests hold
that shortcut honest: the migrations still apply to an empty database, and they make the
same tables, columns and rows. The PostgreSQL run applies the migrations themselves.

Rules chosen here: the migrated SQLite database is made once for what it is made from and
kept between runs (`migrated_sqlite`).
"""

import hashlib
import importlib
import pkgutil
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.operations import RunPython

from benchmarks.kept import KEPT
from benchmarks.migration_files import migrate_database
from tests.conftest import REFERENCE_DATA
from tests.postgres_template import made_from

# Data migrations that only change rows already there: on an empty database they do nothing.
CHANGES_ONLY = {
    ("accounts.migrations.0006_encrypt_mfa_secrets", "encrypt_secrets"),
    ("applications.migrations.0006_interview_panel", "panel_from_scores"),
    ("applications.migrations.0007_interest_once_and_name_for_agency", "keep_the_latest_sending"),
    ("applications.migrations.0008_interview_changes", "calendars_for_booked_interviews"),
    ("applications.migrations.0008_interview_changes", "reminder_keys_with_their_time"),
    ("applications.migrations.0009_interest_list", "cohort_from_invitation"),
    ("certificates.migrations.0005_status_list", "give_positions"),
    ("checkins.migrations.0004_supervision_session_public_id", "give_ids"),
    ("checkins.migrations.0006_checkin_count_from_requirement_set", "set_the_count_schedules_were_written_with"),
    ("checkins.migrations.0007_supervisor_digest", "fill_supervisor_email_keys"),
    ("cpse.notify.migrations.0003_link_expires_at", "expire_earlier_links"),
    ("mentorship.migrations.0002_mentorship_invitations_and_public_ids", "fill_public_ids"),
    ("requirements_tracking.migrations.0006_trust_confirmers", "fill_email_keys"),
}


def _project_apps():
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR) and not Path(config.path).is_relative_to(sys.prefix)
    ]


def _migration_modules():
    # Read from the files: under --nomigrations Django's loader sees no migrations at all.
    for config in _project_apps():
        try:
            package = importlib.import_module(f"{config.name}.migrations")
        except ModuleNotFoundError:
            continue
        for module in pkgutil.iter_modules(package.__path__):
            yield importlib.import_module(f"{package.__name__}.{module.name}")


def test_every_data_migration_that_makes_rows_is_put_in_the_test_database():
    found = {
        (operation.code.__module__, operation.code.__name__)
        for module in _migration_modules()
        for operation in module.Migration.operations
        if isinstance(operation, RunPython)
    }
    assert found == set(REFERENCE_DATA) | CHANGES_ONLY, (
        "A data migration was added or removed: list it in tests/conftest.py REFERENCE_DATA "
        "(it makes rows) or in CHANGES_ONLY here (it only changes rows that exist)."
    )
    for module, function in CHANGES_ONLY:
        assert callable(getattr(importlib.import_module(module), function))


def _shape(cursor_tables, columns_of) -> dict[str, set[str]]:
    return {table: set(columns_of(table)) for table in cursor_tables}


def migrated_name(installed_apps: list[str]) -> str:
    """The kept migrated database's name: a digest of what it is made from."""
    apps_digest = hashlib.sha256(" ".join(installed_apps).encode()).hexdigest()[:8]
    return f"migrated-{made_from()}-{apps_digest}.sqlite3"


def migrated_sqlite(into: Path, kept: Path) -> Path:
    """An empty SQLite database with every migration applied, at `into`.

    Made by `manage.py migrate` once for what it is made from (our migrations and the
    locked requirements, `made_from`, and the installed apps) and kept in `kept` under that
    digest, as the PostgreSQL template is (tests/postgres_template.py); each later run
    copies it. Applying every migration took about 15 s of CPU in every run of the suite."""
    copy = kept / migrated_name(settings.INSTALLED_APPS)
    if not copy.exists():
        made = into.with_suffix(".making")
        migrate_database(f"sqlite:///{made}", "cpse.settings")
        kept.mkdir(parents=True, exist_ok=True)
        for stale in kept.glob("migrated-*.sqlite3"):
            stale.unlink()
        # Complete before it has its name: a run stopped half-way leaves no kept copy.
        shutil.copyfile(made, copy.with_suffix(".partial"))
        copy.with_suffix(".partial").rename(copy)
    shutil.copyfile(copy, into)
    return into


@pytest.mark.slow
@pytest.mark.django_db
def test_the_migrations_make_what_the_test_database_has(tmp_path):
    migrated = migrated_sqlite(tmp_path / "migrated.sqlite3", KEPT)

    with sqlite3.connect(migrated) as other:
        tables = [
            row[0]
            for row in other.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        ]
        theirs = _shape(tables, lambda table: (row[1] for row in other.execute(f'PRAGMA table_info("{table}")')))
        # Table names come from the database's own catalogue.
        their_rows = {table: other.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608

    with connection.cursor() as cursor:
        ours_tables = connection.introspection.table_names(cursor)
        ours = _shape(
            ours_tables,
            lambda table: (column.name for column in connection.introspection.get_table_description(cursor, table)),
        )
        our_rows = {}
        for table in ours_tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            our_rows[table] = cursor.fetchone()[0]

    # The migration record and the cache table (createcachetable) are not models' tables.
    ignored = {"django_migrations", "django_cache"}
    assert {t: c for t, c in theirs.items() if t not in ignored} == {t: c for t, c in ours.items() if t not in ignored}
    # The change history of the reference rows is written when they are put in with the
    # site's models (a migration's historical models have no history).
    ignored.add("auditlog_logentry")
    assert {t: n for t, n in their_rows.items() if t not in ignored} == {
        t: n for t, n in our_rows.items() if t not in ignored
    }


def test_a_kept_migrated_database_is_used_only_for_what_it_was_made_from(tmp_path):
    kept = tmp_path / "kept"
    kept.mkdir()
    name = migrated_name(settings.INSTALLED_APPS)
    with sqlite3.connect(kept / name) as planted:
        planted.execute("CREATE TABLE planted (id integer)")
    copy = migrated_sqlite(tmp_path / "copy.sqlite3", kept)
    with sqlite3.connect(copy) as opened:
        assert opened.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == [("planted",)]
    # Another app installed: another database.
    assert migrated_name([*settings.INSTALLED_APPS, "django.contrib.sitemaps"]) != name
