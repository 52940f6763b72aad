"""What runs keep between them: the rehearsal's seeded template and static files, the
tests' migrated SQLite database.

Rules chosen here: outside the checkout, so a fresh clone (CI's) finds what an earlier run
made; CPSE_CACHE_DIR, or the user's cache folder. What is kept is named after a digest of
what it is made from, so a change makes it anew.
"""

import os
from pathlib import Path

KEPT = Path(
    os.environ.get("CPSE_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cpse"
)
