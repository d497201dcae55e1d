"""/healthz says when a task is stuck RUNNING past its lease (no worker is
left to take it back) and when tasks failed in the last day."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def a_task(**fields):  # type: ignore[no-untyped-def]
    return DBTaskResult.objects.create(args_kwargs={"args": [], "kwargs": {}}, task_path="x.y",
                                       backend_name="default", queue_name="default", priority=0,
                                       run_after=timezone.now(), **fields)


def test_a_task_running_past_its_lease_makes_the_worker_stuck(client, db):
    a_task(status="RUNNING", started_at=timezone.now() - timedelta(hours=1))
    body = client.get("/healthz").json()
    assert body["status"] == "degraded" and body["worker"] == "stuck"
    assert body["tasks"]["stuck"] == 1


def test_a_task_running_within_its_lease_is_fine(client, db):
    a_task(status="RUNNING", started_at=timezone.now() - timedelta(seconds=5))
    assert client.get("/healthz").json()["status"] == "ok"


def test_a_task_that_failed_today_makes_the_status_degraded(client, db):
    a_task(status="FAILED", finished_at=timezone.now() - timedelta(hours=2),
           exception_class_path="smtplib.SMTPException", traceback="...")
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and body["tasks"]["failed"] == 1


def test_a_failure_from_last_week_is_history(client, db):
    a_task(status="FAILED", finished_at=timezone.now() - timedelta(days=7),
           exception_class_path="smtplib.SMTPException", traceback="...")
    assert client.get("/healthz").json()["status"] == "ok"
