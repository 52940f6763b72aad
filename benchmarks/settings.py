"""The app's settings plus the baseline page; used by the benchmark's gunicorn."""

from cpse.settings import *  # noqa: F403
from cpse.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "benchmarks.urls"
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
# A copy, not an edit: cpse.settings' own list must stay as it is.
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "templates"]}]
