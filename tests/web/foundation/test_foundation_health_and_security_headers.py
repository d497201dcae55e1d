"""/healthz reports the database and the worker; pages carry a strict CSP."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def test_healthz_reports_ok_when_the_database_answers_and_no_task_waits(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "worker": "ok",
                               "tasks": {"stuck": 0, "failed": 0}}


def test_healthz_says_the_worker_is_behind_when_a_task_waits_too_long(client, db):
    DBTaskResult.objects.create(status="READY", args_kwargs={"args": [], "kwargs": {}},
                                task_path="x.y", backend_name="default", queue_name="default",
                                priority=0, run_after=timezone.now() - timedelta(minutes=10))
    body = client.get("/healthz").json()
    assert body["worker"] == "behind" and body["status"] == "degraded"


def test_pages_forbid_inline_script_and_framing(client, db):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"


def test_no_template_contains_an_inline_script_or_style_attribute():
    from pathlib import Path

    import ldncare.web

    root = Path(ldncare.web.__file__).parent
    offenders = []
    for path in root.rglob("*.html"):
        if "/pdf/" in str(path):
            continue  # PDF templates are rendered by WeasyPrint, never served to a browser
        text = path.read_text()
        if " style=" in text or "hx-on" in text or "<script>" in text or "javascript:" in text:
            offenders.append(str(path.relative_to(root)))
    assert not offenders
