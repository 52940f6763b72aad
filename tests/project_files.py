"""The project's own Python files, for the tests that read the code (tests/cpse/test_code_rules.py,
tests/cpse/test_transitions_audited.py).

Rules chosen here: the files git knows (committed, staged or new and not ignored); in an export
without .git, every file under the project but a virtual environment. Each caller names the
folders it leaves out (tests, migrations, ...); a folder is left out wherever it stands.
"""

import subprocess
from functools import cache
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR).resolve()
NEVER = frozenset({".venv", "venv", ".git"})


@cache
def project_modules(skipped_dirs: frozenset[str]) -> tuple[Path, ...]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
            cwd=BASE,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        paths = [BASE / name for name in listed]
    except (OSError, subprocess.CalledProcessError):
        paths = list(BASE.rglob("*.py"))
    skipped = skipped_dirs | NEVER
    return tuple(sorted(p for p in paths if p.is_file() and not skipped & set(p.relative_to(BASE).parts[:-1])))
