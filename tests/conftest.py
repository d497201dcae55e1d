"""Shared fixtures (the helpers live in ``tests/ldntest``)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API + live_server

from ldntest.world import World, build_world, log_in  # noqa: E402


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture
def login(client):  # type: ignore[no-untyped-def]
    return lambda user: log_in(client, user)
