"""The code's layout (issue #20): topics are packages inside the apps, never filename
prefixes, and the tests mirror the packages."""

import pathlib
import re

import pytest
from django.apps import apps

ROOT = pathlib.Path(__file__).resolve().parent.parent
PREFIXED = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*_(views|services|selectors|forms|urls|reminders|data_rights|pdf)\.py$")
OUR_APPS = [config for config in apps.get_app_configs() if pathlib.Path(config.path).parent == ROOT]
MOST_TOP_LEVEL_MODULES = 12


def _top_level_modules(app_path: pathlib.Path) -> list[str]:
    return sorted(path.name for path in app_path.glob("*.py") if path.name != "__init__.py")


@pytest.mark.parametrize("config", OUR_APPS, ids=lambda config: config.label)
def test_no_module_at_an_apps_top_level_is_named_topic_layer(config):
    assert [name for name in _top_level_modules(pathlib.Path(config.path)) if PREFIXED.match(name)] == []


@pytest.mark.parametrize("config", OUR_APPS, ids=lambda config: config.label)
def test_an_apps_top_level_holds_at_most_a_dozen_modules(config):
    assert len(_top_level_modules(pathlib.Path(config.path))) <= MOST_TOP_LEVEL_MODULES


def _topic_packages():
    for config in OUR_APPS:
        for init in sorted(pathlib.Path(config.path).glob("*/__init__.py")):
            package = init.parent
            if package.name not in {"migrations", "templatetags", "management", "models"}:
                yield config.label, package.name


@pytest.mark.parametrize(("app", "topic"), list(_topic_packages()), ids=lambda value: value)
def test_each_topic_package_has_its_test_folder(app, topic):
    assert (ROOT / "tests" / app / topic / "__init__.py").exists()


def test_no_import_hides_a_topic_behind_an_alias_of_its_old_prefixed_name():
    """`from app import exam_bank_views as views` was the old way round the prefixes."""
    pattern = re.compile(r"^\s*from \w+ import \w+_(views|services|selectors|forms|urls)\b", re.M)
    offenders = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("[a-z]*/**/*.py")
        if ".venv" not in path.parts and pattern.search(path.read_text())
    ]
    assert offenders == []
