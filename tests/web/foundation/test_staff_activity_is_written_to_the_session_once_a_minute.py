"""A staff page does not write the session on every request just to note the
time: "last seen" is written at most once a minute (the idle log-out may come up
to a minute early, never late)."""

from __future__ import annotations

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ldntest.world import log_in


def _session_writes(client, path):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return [q for q in queries.captured_queries
            if "django_session" in q["sql"] and q["sql"].lstrip().startswith(("UPDATE", "INSERT"))]


def test_a_second_page_within_the_minute_does_not_write_the_session(client, world):
    with time_machine.travel("2026-03-01 09:00:00Z", tick=False):
        log_in(client, world.users["prescriber"])
        _session_writes(client, reverse("home"))
    with time_machine.travel("2026-03-01 09:00:30Z", tick=False):
        assert _session_writes(client, reverse("home")) == []
    with time_machine.travel("2026-03-01 09:01:30Z", tick=False):
        assert len(_session_writes(client, reverse("home"))) == 1


def test_the_idle_log_out_still_counts_from_the_last_minute_written(client, world, settings):
    settings.STAFF_IDLE_MINUTES = 30
    with time_machine.travel("2026-03-01 09:00:00Z", tick=False):
        log_in(client, world.users["prescriber"])
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel("2026-03-01 09:29:59Z", tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel("2026-03-01 09:59:00Z", tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel("2026-03-01 10:29:30Z", tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
