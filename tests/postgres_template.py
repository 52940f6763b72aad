"""On PostgreSQL, each test process's database is a copy of one migrated template.

Rules chosen here:
- The template is made by applying every migration (`manage.py migrate`, as a deployment
  does) to a database of its own, once, and kept in the cluster between runs. Its name
  holds a digest of what it is made from (every migration file of ours and the locked
  third-party versions, whose migrations run too), so a changed migration makes a new one
  and the old ones are dropped; a test database is never made from a stale template.
- Django then makes each test process's database from it (`TEST["TEMPLATE"]`: `CREATE
  DATABASE … TEMPLATE …`) and runs `migrate`, which finds nothing left to apply. Two test
  processes at once: one makes the template while the other waits on an advisory lock.
- The template is made under another name and renamed when complete, so a run stopped
  half-way leaves nothing that looks finished.
- SQLite makes its test databases from the models (tests/conftest.py): nothing here.
"""

import hashlib
import os
import urllib.parse
from pathlib import Path

import psycopg
from psycopg import sql

from benchmarks.migration_files import migrate_database, migration_files

ROOT = Path(__file__).resolve().parents[1]
# Any number, the same in every test process: the lock of the template's making.
LOCK = 461_902_337


def made_from(root: Path = ROOT) -> str:
    """A digest of the migrations and the locked requirements."""
    digest = hashlib.sha256((root / "requirements-dev.lock").read_bytes())
    for path in migration_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def maintenance(db_settings) -> psycopg.Connection:
    """A connection to the cluster's own database ("postgres"), each statement committed."""
    return psycopg.connect(
        dbname="postgres",
        host=db_settings.get("HOST") or None,
        port=db_settings.get("PORT") or None,
        user=db_settings.get("USER") or None,
        password=db_settings.get("PASSWORD") or None,
        autocommit=True,
    )


def migrated_template(db_settings) -> str:
    """The name of the migrated template for `db_settings` (a PostgreSQL entry of
    DATABASES), made first if the cluster does not have it."""
    prefix = f"test_{db_settings['NAME']}_template_"
    name = prefix + made_from()
    with maintenance(db_settings) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", [LOCK])
        try:
            names = {
                row[0]
                for row in connection.execute(
                    "SELECT datname FROM pg_database WHERE starts_with(datname, %s)", [prefix]
                )
            }
            if name not in names:
                building = f"{name}_making"
                connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(building)))
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
                # The tests' own DATABASE_URL, naming the database being made.
                url = urllib.parse.urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{building}")
                migrate_database(urllib.parse.urlunsplit(url), "tests.settings")
                connection.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(sql.Identifier(building), sql.Identifier(name))
                )
            for stale in names - {name}:
                connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(stale)))
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
    return name
