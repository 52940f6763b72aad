"""How many test processes a run has, and which of them run the browser tests.

Rules chosen here: with `-n auto` (`make test`), a run that holds the browser tests has one
test process more than the machine has cores, and the browser tests are shared out to as
many of them as there are cores, each module whole (pytest-xdist's `loadgroup`: a group's
tests all run in one process). A browser test waits on chromium and on the live server
between its steps, and the other processes fill those waits; at most one chromium per
core runs at a time (three at once on two cores were slower than two: docs/decisions.md).
A run without the browser tests (PostgreSQL's, the awkward moments') keeps one process per
core: its tests wait on nothing, and each process costs its own collection.
"""

import os
import shutil
from pathlib import Path

E2E_DIR = Path(__file__).resolve().parent / "e2e"
# Debian's headless shell of the same chromium (the build Playwright itself runs headless
# tests on) when it is installed: a third less CPU for the same pages (docs/decisions.md).
CHROMIUM = shutil.which("chromium-headless-shell") or shutil.which("chromium")


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def runs_browser_tests(config) -> bool:
    """Whether the run's paths take in the browser tests, chromium being there to run them."""
    if CHROMIUM is None:
        return False
    if any(Path(config.rootpath, ignored).resolve() == E2E_DIR for ignored in config.getoption("ignore") or ()):
        return False
    paths = [Path(config.invocation_params.dir, arg.split("::")[0]).resolve() for arg in config.args]
    return any(path == E2E_DIR or path in E2E_DIR.parents or E2E_DIR in path.parents for path in paths)


def auto_workers(config) -> int:
    return cores() + 1 if runs_browser_tests(config) else cores()


def browser_group(module: Path, modules: list[Path]) -> str:
    """The process group of a browser test module: the modules in name order, dealt out."""
    return f"browser-{modules.index(module) % cores()}"
