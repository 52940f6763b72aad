"""How many test processes a run has (tests/processes.py)."""

import types
from pathlib import Path

import pytest

from tests import processes

ROOT = Path(__file__).resolve().parent.parent


def _config(*args, ignore=(), where=ROOT):
    return types.SimpleNamespace(
        rootpath=ROOT,
        args=list(args),
        invocation_params=types.SimpleNamespace(dir=where),
        getoption=lambda name: list(ignore) if name == "ignore" else None,
    )


@pytest.mark.parametrize(
    ("config", "with_the_browser"),
    [
        (_config("tests"), True),
        (_config("."), True),
        (_config("tests/e2e/test_login.py::test_sign_in"), True),
        (_config("e2e", where=ROOT / "tests"), True),
        (_config("tests", ignore=["tests/e2e"]), False),
        (_config("tests/cpse", "tests/test_settings.py"), False),
    ],
)
def test_one_process_more_than_the_cores_only_when_the_browser_tests_run(monkeypatch, config, with_the_browser):
    monkeypatch.setattr(processes, "CHROMIUM", "/usr/bin/chromium")
    monkeypatch.setattr(processes, "cores", lambda: 2)
    assert processes.auto_workers(config) == (3 if with_the_browser else 2)
    monkeypatch.setattr(processes, "CHROMIUM", None)
    assert processes.auto_workers(config) == 2


def test_browser_modules_are_dealt_out_one_group_a_core(monkeypatch):
    monkeypatch.setattr(processes, "cores", lambda: 2)
    modules = [Path(f"tests/e2e/test_{name}.py") for name in "abcde"]
    assert [processes.browser_group(module, modules) for module in modules] == [
        "browser-0",
        "browser-1",
        "browser-0",
        "browser-1",
        "browser-0",
    ]
