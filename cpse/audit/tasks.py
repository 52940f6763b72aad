from celery import shared_task
from django.conf import settings

from cpse import data_rights
from cpse.audit.services import purge_runs_record


@shared_task(name="cpse.audit.tasks.purge_expired")
def purge_expired() -> dict[str, int]:
    """Daily: remove what is past its retention period (or only count it, when
    RETENTION_MODE=dry-run), and keep a record of the run."""
    dry_run = settings.RETENTION_MODE == "dry-run"
    counts = data_rights.purge_expired(dry_run=dry_run)
    purge_runs_record(counts=counts, dry_run=dry_run)
    return counts
