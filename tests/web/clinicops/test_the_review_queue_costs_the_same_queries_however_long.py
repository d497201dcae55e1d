"""The triaged review queue reads the same number of queries for 2 waiting
patients as for 12: verdicts and findings come with the patients, not one by one."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ldntest.world import log_in, make_patient
from web.prescribing.prescribing_setup import screen


def _queries(client) -> int:  # type: ignore[no-untyped-def]
    """Reads of the page, leaving out the audit log's own work (one "access"
    entry, and its chain link, per row shown is the point, not a cost to cut)."""
    with CaptureQueriesContext(connection) as seen:
        assert client.get(reverse("care:review_queue")).status_code == 200
    return sum(1 for q in seen.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
               and not any(w in q["sql"] for w in ("auditlog", "operations_", "advisory")))


def test_twelve_waiting_patients_cost_no_more_queries_than_two(client, world):
    for i in range(2):
        screen(make_patient(f"w{i}@a.example", world.clinic))
    log_in(client, world.users["prescriber"])
    few = _queries(client)
    for i in range(2, 12):
        screen(make_patient(f"w{i}@a.example", world.clinic), currently_taking_opioids=bool(i % 2))
    many = _queries(client)
    assert many == few
