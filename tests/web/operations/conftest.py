"""Fixtures of the operations tests: the real database queue (the SMTP sink is
``smtp_sink`` in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def database_queue(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
