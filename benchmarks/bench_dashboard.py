"""Web: the clinic dashboard (cohort numbers aggregated in the database) and one
patient's n-of-1 analysis, for a synthetic clinic with a year of daily check-ins
per patient, on SQLite and on PostgreSQL.

Goals: dashboard median < 2 s from a warm start; one n-of-1 < 50 ms. The size is
``LDNCARE_BENCH_PATIENTS`` (default 10,000) × ``LDNCARE_BENCH_MONTHS`` (default 12);
if loading the full 3.65 M check-ins takes too long on a machine, run with fewer
patients and say so. Each database is measured in a child process with a
temporary ``LDNCARE_DATA_DIR``; the PostgreSQL database is created and dropped
here (``postgres://postgres@127.0.0.1:5432``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from typing import Any

from benchmarks.harness import Report, Timing

PATIENTS = int(os.environ.get("LDNCARE_BENCH_PATIENTS", "10000"))
MONTHS = int(os.environ.get("LDNCARE_BENCH_MONTHS", "12"))
POSTGRES = os.environ.get("LDNCARE_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def worker(patients: int, months: int) -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldncare.web.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from benchmarks.harness import measure
    from ldncare.web.accounts.models import Organisation, User
    from ldncare.web.care.models import Patient
    from ldncare.web.insights import queries
    from ldncare.web.synthetic import load_synthetic_clinic

    call_command("migrate", interactive=False, verbosity=0)
    if connection.vendor == "sqlite":
        # A throwaway database: no fsync and no WAL file while loading millions of rows.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA journal_mode=MEMORY")
    clinic = Organisation.objects.create(name="Bench clinic", slug="bench", kind="clinic")
    pharmacy = Organisation.objects.create(name="Bench pharmacy", slug="bench-rx", kind="pharmacy")
    started = time.perf_counter()
    loaded = load_synthetic_clinic(clinic, pharmacy, patients, months, seed=1, keep_courses=False)
    load_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    prescriber = User.objects.get(role="prescriber", organisation=clinic)
    report = measure(lambda: queries.clinic_report(prescriber), repeat=3, warmup=1)
    patient = Patient.objects.get(pk=next(iter(loaded.patient_ids.values())))
    nof1 = measure(lambda: queries.analyse(patient), repeat=20, warmup=2)
    return {"load_s": load_s, "check_ins": loaded.check_ins,
            "dashboard": {"runs": report.runs, "operations": 1},
            "nof1": {"runs": nof1.runs, "operations": 1}}


def _child(database_url: str, patients: int, months: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ldncare-bench-") as data_dir:
        env = {**os.environ, "LDNCARE_DATA_DIR": data_dir, "DATABASE_URL": database_url}
        done = subprocess.run([sys.executable, "-m", "benchmarks.bench_dashboard", str(patients),
                               str(months)], env=env, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _postgres(action: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f'{action} DATABASE "{name}"')  # name is ours: a uuid


def _rows(report: Report, label: str, found: dict[str, Any]) -> None:
    report.row(f"{label}: load {found['check_ins']:,} check-ins", f"{found['load_s']:.1f} s")
    report.row(f"{label}: clinic dashboard", Timing(tuple(found["dashboard"]["runs"])),
               goal="< 2 s")
    report.row(f"{label}: one patient's n-of-1", Timing(tuple(found["nof1"]["runs"])),
               goal="< 50 ms")


def run(report: Report) -> None:
    report.section(f"Clinic dashboard and n-of-1: {PATIENTS:,} patients × {MONTHS} months",
                   "python -m benchmarks dashboard")
    report.note("Median from a warm start (one untimed run first); ANALYZE after loading.")
    report.note("Loading writes the journal rows as prepared tuples in one executemany "
                "(PostgreSQL: a server-binding, pipelined prepared INSERT; no COPY); the "
                "throwaway SQLite database loads with synchronous=OFF, journal_mode=MEMORY.")
    report.note("The dashboard is `clinic_report`: per-patient anchors, then one GROUP BY "
                "patient per 2,000 patients over check-in index ranges (baseline and latest "
                "windows), then side effects per patient and code.")
    _rows(report, "SQLite", _child("", PATIENTS, MONTHS))
    name = f"ldncare_bench_{uuid.uuid4().hex[:12]}"
    try:
        _postgres("CREATE", name)
    except Exception as error:  # noqa: BLE001 - no server: say so in the report
        report.row("PostgreSQL", f"not measured: {error}")
        return
    try:
        _rows(report, "PostgreSQL", _child(f"{POSTGRES}/{name}", PATIENTS, MONTHS))
    finally:
        _postgres("DROP", name)


if __name__ == "__main__":
    print(json.dumps(worker(int(sys.argv[1]), int(sys.argv[2]))))
