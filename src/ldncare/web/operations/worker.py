"""The task worker with a lease: tasks are run at least once.

django-tasks-db marks a task RUNNING when a worker claims it; if that worker
is killed (``kill -9``, out of memory, power) the row stays RUNNING forever
and its work is lost. Here a task RUNNING for longer than the lease
(``LDNCARE_TASK_LEASE_SECONDS``, default 600) is given back to the queue and
run again. Every side effect of our tasks is idempotent by key (e-mails by
the task's id, reminders by their key, decision-support suggestions by
patient and rule), so running a task twice has the effect of running it once.

A task claimed :data:`MAX_CLAIMS` times without finishing is marked FAILED
instead, so one task that kills its worker cannot loop forever; ``/healthz``
reports it.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from datetime import datetime, timedelta

from django.db import OperationalError, close_old_connections, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_CLAIMS = 5
LEASE_EXPIRED = "ldncare.web.operations.worker.LeaseExpired"


class LeaseExpired(Exception):
    """A task's worker died or stalled past the lease too many times."""


def lease() -> timedelta:
    return timedelta(seconds=int(os.environ.get("LDNCARE_TASK_LEASE_SECONDS", "600")))


def stale_tasks(now: datetime, lease_length: timedelta):  # type: ignore[no-untyped-def]
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="RUNNING", started_at__lt=now - lease_length)


def requeue_stale(now: datetime | None = None, lease_length: timedelta | None = None) -> int:
    """Give tasks RUNNING past the lease back to the queue (or fail them after
    :data:`MAX_CLAIMS` claims); return how many were given back."""
    now = now or timezone.now()
    requeued = 0
    with transaction.atomic():
        for row in stale_tasks(now, lease_length or lease()).select_for_update():
            if len(row.worker_ids or []) >= MAX_CLAIMS:
                row.status, row.finished_at = "FAILED", now
                row.exception_class_path = LEASE_EXPIRED
                row.traceback = (f"claimed {len(row.worker_ids)} times by workers that "
                                 "never finished it")
                row.save(update_fields=["status", "finished_at", "exception_class_path",
                                        "traceback"])
                continue
            row.status, row.started_at = "READY", None
            row.save(update_fields=["status", "started_at"])
            requeued += 1
    if requeued:
        logger.warning("gave %d task(s) whose worker stopped back to the queue", requeued)
    return requeued


def run(interval: float = 1.0, *, once: bool = False) -> None:
    """Run tasks until stopped (SIGTERM/SIGINT finish the current task first).
    ``once``: run what is due now, then return (tests)."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker_id = f"{socket.gethostname()}-{os.getpid()}"[:64]
    while True:
        close_old_connections()
        try:
            requeue_stale()
        except OperationalError as error:  # a locked SQLite database: try next round
            logger.info("lease check skipped: %s", error)
        worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                        startup_delay=False, max_tasks=None, worker_id=worker_id,
                        excluded_queue_names=[])
        worker.configure_signals()
        worker.run()
        if once or not worker.running:
            return
        time.sleep(interval)
