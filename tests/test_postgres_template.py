"""The PostgreSQL test databases' template is named after what it is made from
(tests/postgres_template.py)."""

import sys
from pathlib import Path

from django.apps import apps

from tests.postgres_template import ROOT, made_from, migration_files


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
