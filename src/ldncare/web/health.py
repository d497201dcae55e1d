"""``GET /healthz``: is the database answering, and is the task worker keeping up?"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone

#: A task still waiting after this long means the worker is down or behind.
WORKER_LAG = timedelta(minutes=5)


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "down"; the reason goes to the log
        return "down"
    return "ok"


def worker_status() -> str:
    from django_tasks_db.models import DBTaskResult

    try:
        stale = DBTaskResult.objects.filter(
            status="READY", run_after__lte=timezone.now() - WORKER_LAG
        ).exists()
    except Exception:
        return "unknown"
    return "behind" if stale else "ok"


def healthz(request: HttpRequest) -> JsonResponse:
    database = database_status()
    worker = worker_status() if database == "ok" else "unknown"
    healthy = database == "ok" and worker == "ok"
    return JsonResponse({"status": "ok" if healthy else "degraded", "database": database,
                         "worker": worker}, status=200 if database == "ok" else 503)
