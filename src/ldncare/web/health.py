"""``GET /healthz``: is the database answering, and is the task worker keeping up?

``worker`` is "ok", "behind" (a task has waited more than :data:`WORKER_LAG`),
or "stuck" (a task has been RUNNING longer than the lease: its worker died and
no worker is left to give it back). ``tasks`` counts the stuck tasks and those
that failed in the last :data:`FAILED_WINDOW`; either makes the status "degraded".
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

#: A task still waiting after this long means the worker is down or behind.
WORKER_LAG = timedelta(minutes=5)
#: Failed tasks count against health for this long (then they are history).
FAILED_WINDOW = timedelta(hours=24)


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "down"; the reason goes to the log
        return "down"
    return "ok"


def task_counts() -> dict[str, int]:
    """Tasks waiting too long, RUNNING past the lease, and failed recently."""
    from django_tasks_db.models import DBTaskResult

    from ldncare.web.operations.worker import lease, stale_tasks

    now = timezone.now()
    return {
        "waiting": DBTaskResult.objects.filter(status="READY",
                                               run_after__lte=now - WORKER_LAG).count(),
        "stuck": stale_tasks(now, lease()).count(),
        "failed": DBTaskResult.objects.filter(status="FAILED",
                                              finished_at__gte=now - FAILED_WINDOW).count(),
    }


def worker_status(counts: dict[str, int]) -> str:
    if counts["stuck"]:
        return "stuck"
    return "behind" if counts["waiting"] else "ok"


def healthz(request: HttpRequest) -> JsonResponse:
    database = database_status()
    body: dict[str, Any] = {"status": "degraded", "database": database, "worker": "unknown"}
    if database == "ok":
        try:
            counts = task_counts()
        except Exception:  # the task table missing or locked: say so, do not fail
            counts = None
        if counts is not None:
            body["worker"] = worker_status(counts)
            body["tasks"] = {"stuck": counts["stuck"], "failed": counts["failed"]}
            if body["worker"] == "ok" and not counts["failed"]:
                body["status"] = "ok"
    return JsonResponse(body, status=200 if database == "ok" else 503)
