"""The PostgreSQL test databases' template is named after what it is made from
(tests/postgres_template.py)."""

import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from psycopg import sql

from benchmarks.migration_files import migration_files
from tests import postgres_template
from tests.postgres_template import ROOT, made_from


def test_every_migration_of_ours_is_in_the_templates_name():
    ours = set()
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        installed = folder.is_relative_to(sys.prefix)  # a virtual environment inside the project
        if folder.is_relative_to(ROOT) and not installed and folder.is_dir():
            ours.update(folder.glob("*.py"))
    assert ours
    assert ours == set(migration_files())


def test_a_changed_migration_or_requirement_names_another_template(tmp_path):
    (tmp_path / "requirements-dev.lock").write_text("django==5.2\n")
    migrations = tmp_path / "cohorts" / "migrations"
    migrations.mkdir(parents=True)
    (migrations / "0001_initial.py").write_text("operations = []\n")
    first = made_from(tmp_path)
    assert made_from(tmp_path) == first

    (migrations / "0001_initial.py").write_text("operations = ['changed']\n")
    changed = made_from(tmp_path)
    (migrations / "0002_more.py").write_text("operations = []\n")
    added = made_from(tmp_path)
    (tmp_path / "requirements-dev.lock").write_text("django==5.2.1\n")
    upgraded = made_from(tmp_path)

    assert len({first, changed, added, upgraded}) == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's test databases only")
@pytest.mark.django_db
def test_the_test_database_is_made_from_the_current_template_and_a_stale_one_is_dropped():
    database = settings.DATABASES["default"]
    template = database["TEST"]["TEMPLATE"]
    assert template.endswith("_template_" + made_from())
    prefix = template.removesuffix(made_from())
    stale = prefix + "000000000000"
    with postgres_template.maintenance(database) as server:
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(stale)))
        # The name the settings gave before the test database's replaced it.
        named = {**database, "NAME": prefix.removeprefix("test_").removesuffix("_template_")}
        assert postgres_template.migrated_template(named) == template
        found = {row[0] for row in server.execute("SELECT datname FROM pg_database")}
    assert template in found
    assert stale not in found
