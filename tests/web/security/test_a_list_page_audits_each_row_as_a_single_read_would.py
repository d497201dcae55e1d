"""A list page writes its read entries together (one insert, one seal) — and each
entry is the one django-auditlog writes for a single read: same patient, reader,
address, object and action; the hash chain over them verifies."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ldncare.web.accounts.models import User
from ldncare.web.care.services import register_patient
from ldncare.web.operations.auditchain import FIELDS, verify
from ldntest.world import log_in

pytestmark = pytest.mark.django_db

#: What differs between two entries written at different moments for the same read.
MOMENT = {"id", "timestamp", "cid"}


def _more_patients(world, n):  # type: ignore[no-untyped-def]
    for i in range(n):
        user = User.objects.create_user(email=f"list{i}@example.org", password=None,
                                        role="patient", full_name=f"Listed {i}")
        register_patient(user, world.clinic)


def _entry(patient, reader):  # type: ignore[no-untyped-def]
    row = (LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=reader,
                                   additional_data__patient_id=patient.pk)
           .order_by("-id").values(*FIELDS).first())
    assert row is not None
    return {k: v for k, v in row.items() if k not in MOMENT}


def test_the_list_writes_the_same_entry_for_a_patient_as_opening_the_chart(world, client):
    prescriber = world.users["prescriber"]
    log_in(client, prescriber)
    assert client.get(f"/patients/{world.patient.pk}/").status_code == 200
    single = _entry(world.patient, prescriber)
    assert client.get("/patients/").status_code == 200
    listed = _entry(world.patient, prescriber)
    assert listed == single
    assert listed["actor_id"] == prescriber.pk and listed["remote_addr"]


def test_every_patient_on_the_page_is_logged_and_the_chain_still_verifies(world, client):
    _more_patients(world, 12)
    prescriber = world.users["prescriber"]
    log_in(client, prescriber)
    before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=prescriber).count()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/patients/")
    assert page.status_code == 200
    shown = world.clinic.patients.count()
    after = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=prescriber).count()
    assert after - before == shown
    # The audit trail of a page costs a fixed number of queries, not some per row.
    audit_writes = [q for q in queries.captured_queries
                    if "auditlog_logentry" in q["sql"] or "operations_auditlink" in q["sql"]]
    assert len(audit_writes) <= 3
    assert verify().broken is None
