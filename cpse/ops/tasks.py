"""Beat's heartbeat: proof for /healthz that beat, the broker and a worker all work.

Rules chosen here: the beat schedule queues `heartbeat` every minute; a worker writes the
time to the cache (no table, no migration). A Redis that lost its contents shows as
"beat" failing until the next tick, a minute later.
"""

from celery import shared_task

from cpse.ops import health


@shared_task(name="cpse.ops.tasks.heartbeat")
def heartbeat() -> None:
    health.beat_heartbeat_record()
