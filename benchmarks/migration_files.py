"""Every migration file of ours: what a database built by `migrate` is made from.

Rules chosen here: the apps are the project's top-level packages and those under `cpse/`
(tests/test_postgres_template.py checks the list against Django's installed apps). Both
the rehearsal's seeded template (benchmarks/rehearsal/run.py) and the tests' PostgreSQL
template (tests/postgres_template.py) are named after a digest of these files.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("*", "cpse/*")


def migration_files(root: Path = ROOT) -> list[Path]:
    """Every migration file of ours under `root`, in one order."""
    return sorted(path for app in APPS for path in root.glob(f"{app}/migrations/*.py"))
