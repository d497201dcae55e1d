"""Shared fixtures (the helpers live in ``tests/ldntest``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API + live_server

from ldntest.world import World, build_world, log_in  # noqa: E402


@pytest.fixture(autouse=True, scope="session")
def _data_directory_per_worker():  # type: ignore[no-untyped-def]
    """Each xdist worker gets its own data directory: backup, restore, serve and
    the worker take the directory's lock, and two workers must not see each
    other's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        from django.conf import settings

        settings.DATA_DIR = Path(settings.DATA_DIR) / worker
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    yield


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    return lambda user: log_in(client, user)



@pytest.fixture
def smtp_sink(settings):  # type: ignore[no-untyped-def]
    """A local SMTP server that Django sends to; its ``messages`` are what arrived."""
    from ldntest.mail import smtp_server

    with smtp_server(settings) as sink:
        yield sink
