"""The audit log's hash chain: what sealing adds to an audited write, and how
fast ``ldncare audit verify`` walks the chain.

An audited write (a patient row saved, which writes one audit entry) is timed
with the chain's signal connected and disconnected, in the same child process
on a fresh SQLite file (or PostgreSQL with DATABASE_URL); then the chain of
every entry written is verified.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from typing import Any

from benchmarks.harness import Report, Timing

WRITES = 200


def worker() -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldncare.web.settings")
    django.setup()
    from auditlog.models import LogEntry
    from django.core.management import call_command
    from django.db.models.signals import post_save

    from benchmarks.harness import measure
    from ldncare.web.accounts.models import Organisation, User
    from ldncare.web.care.models import Patient
    from ldncare.web.care.services import register_patient
    from ldncare.web.operations import auditchain

    call_command("migrate", interactive=False, verbosity=0)
    clinic = Organisation.objects.create(name="Bench clinic", slug="bench", kind="clinic")
    user = User.objects.create_user(email="bench@example.org", password="x" * 12, role="patient")
    patient = register_patient(user, clinic)
    counter = [0]

    def writes() -> None:
        for _ in range(WRITES):
            counter[0] += 1
            row = Patient.objects.get(pk=patient.pk)
            row.condition = f"c{counter[0]}"
            row.save(update_fields=["condition"])

    chained = measure(writes, repeat=5, operations=WRITES)
    post_save.disconnect(sender=LogEntry, dispatch_uid="ldncare-audit-chain")
    unchained = measure(writes, repeat=5, operations=WRITES)
    auditchain.connect()
    entries = LogEntry.objects.count()
    verifying = measure(auditchain.verify, repeat=3, operations=entries)
    return {"chained": chained.runs, "unchained": unchained.runs, "verify": verifying.runs,
            "entries": entries, "vendor": django.db.connection.vendor}


def _child(database_url: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ldncare-bench-") as data_dir:
        env = {**os.environ, "LDNCARE_DATA_DIR": data_dir, "DATABASE_URL": database_url}
        done = subprocess.run([sys.executable, "-m", "benchmarks.bench_audit_chain", "child"],
                              env=env, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run(report: Report) -> None:
    found = _child("")
    report.section("Audit log hash chain: cost per audited write, and verify (SQLite, in-process)",
                   ".venv/bin/python -m benchmarks audit_chain")
    report.note("Each write reads the patient row and saves one field: one audit entry, "
                "plus (chained) one link: the chain's head read and the link inserted. "
                "Ratio = unchained time / chained time (1.0 = no cost).")
    unchained = Timing(tuple(found["unchained"]), WRITES)
    report.row("audited write, chain off (baseline)", unchained)
    report.row("audited write, chain on", Timing(tuple(found["chained"]), WRITES),
               baseline=unchained)
    report.row(f"`audit verify` of {found['entries']:,} entries (per entry)",
               Timing(tuple(found["verify"]), found["entries"]))


if __name__ == "__main__":
    print(json.dumps(worker()))
