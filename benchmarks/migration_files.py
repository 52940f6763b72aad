"""Every migration file of ours: what a database built by `migrate` is made from; and that
build, in a process of its own.

Rules chosen here: the apps are the project's top-level packages and those under `cpse/`
(tests/test_postgres_template.py checks the list against Django's installed apps). Both
the rehearsal's seeded template (benchmarks/rehearsal/run.py) and the tests' PostgreSQL
template (tests/postgres_template.py) are named after a digest of these files; the tests'
PostgreSQL template and their migrated SQLite database (tests/test_migrations.py) are built
by `migrate_database`.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("*", "cpse/*")


def migration_files(root: Path = ROOT) -> list[Path]:
    """Every migration file of ours under `root`, in one order."""
    return sorted(path for app in APPS for path in root.glob(f"{app}/migrations/*.py"))


def migrate_database(database_url: str, settings_module: str) -> None:
    """Apply every migration to the database at `database_url` with `manage.py migrate`, as
    a deployment does, under `settings_module`. Nothing of the calling test run is carried
    over (pytest's variables, its Redis); what migrate printed on failure is in the error."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_") and key != "REDIS_URL"}
    env |= {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": settings_module}
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "--verbosity=0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise RuntimeError(f"migrate failed for {settings_module}:\n{result.stdout}\n{result.stderr}")
