"""The prescriber's patient list costs the same number of reads at any length
(the audit log still writes one access entry per patient shown: by design,
so each patient's trail shows who saw them on a list)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ldntest.world import make_patient


def _add_patients(clinic, start, count):
    for i in range(start, start + count):
        make_patient(f"list-{clinic.pk}-{i}@patients.example", clinic)


#: The audit log's own work per entry (the entry, its hash-chain link, savepoints).
AUDIT_WORK = ("auditlog_logentry", "operations_auditlink", "SAVEPOINT", "pg_advisory")


def _reads(client, url):
    """Queries for one page, leaving out the audit log's own writes."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries
            if not any(mark in q["sql"] for mark in AUDIT_WORK)]


@pytest.mark.parametrize("url", ["/patients/", "/api/care/patients"])
def test_the_patient_list_uses_a_constant_number_of_queries(world, login, client, url):
    login(world.users["prescriber"])
    _add_patients(world.clinic, 0, 4)  # 5 with the world's patient
    client.get(url)  # warm: session, 2FA device, content types
    few = _reads(client, url)
    _add_patients(world.clinic, 4, 45)  # 50
    assert len(_reads(client, url)) == len(few)
