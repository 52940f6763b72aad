"""The Celery app: `celery -A cpse worker` and `celery -A cpse beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpse.settings")

app = Celery("cpse")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
