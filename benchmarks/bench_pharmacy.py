"""Pharmacy: starting a batch from ingredient lots (lot choice, math, draw-down,
BUD) and a recall over a pharmacy's whole history, on SQLite.

A fresh SQLite file in a temporary ``LDNCARE_DATA_DIR``, measured in a child
process so its Django settings never mix with other benchmarks'. The recall
is of one naltrexone powder lot that every batch used: the worst case.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from typing import Any

from benchmarks.harness import Report, Timing

ORDERS = 300  # three capsule strengths each: 900 batches


def _world() -> dict[str, Any]:
    from django.utils import timezone

    from ldncare.dosing import build_plan, load_library
    from ldncare.web.accounts.models import Organisation, User
    from ldncare.web.care.models import Patient, PlanVersion, Prescription, Screening
    from ldncare.web.pharmacy import services

    clinic = Organisation.objects.create(name="Bench clinic", slug="bench", kind="clinic")
    pharmacy = Organisation.objects.create(name="Bench pharmacy", slug="bench-rx",
                                           kind="pharmacy")
    prescriber = User.objects.create_user(email="dr@bench.example", password="x",
                                          role="prescriber", organisation=clinic)
    tech = User.objects.create_user(email="tech@bench.example", password="x",
                                    role="pharmacy_technician", organisation=pharmacy)
    rph = User.objects.create_user(email="rph@bench.example", password="x",
                                   role="pharmacist", organisation=pharmacy)
    from ldncare.compounding.inventory import POWDER, material_units

    for index, material in enumerate(material_units()):
        lot = services.receive_lot(by=tech, material=material, lot_number=f"B-{index}",
                                   supplier="Bench", certificate="C",
                                   expires_on=timezone.localdate().replace(year=2099),
                                   quantity="100000000",
                                   assay_percent="99.5" if material == POWDER else "",
                                   water_percent="1" if material == POWDER else "")
        services.decide_lot(lot, pharmacist=rph, release=True)
    plan = build_plan(load_library().get("standard"), timezone.localdate())
    orders = []
    for number in range(ORDERS):
        user = User.objects.create_user(email=f"p{number}@bench.example", password="x",
                                        role="patient", full_name=f"Patient {number}")
        patient = Patient.objects.create(user=user, clinic=clinic)
        screening = Screening.objects.create(patient=patient, trigger="intake", verdict="ok",
                                             rule_set_version="bench", inputs={}, result={},
                                             screened_on=timezone.localdate())
        rx = Prescription.objects.create(
            patient=patient, prescriber=prescriber, pharmacy=pharmacy, screening=screening,
            protocol="standard", form="capsules", strengths_mg=["1.5", "3", "4.5"],
            days_per_fill=30, refills=2)
        PlanVersion.objects.create(prescription=rx, version=1, plan=plan.as_dict(),
                                   data_version=plan.data_version, change_kind="created",
                                   created_by=prescriber)
        orders.append(services.create_order(rx))
    return {"orders": orders, "tech": tech, "rph": rph}


def worker() -> dict[str, Any]:
    import time

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldncare.web.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benchmarks.harness import measure
    from ldncare.compounding import capsule_batch
    from ldncare.web.pharmacy import queries, services
    from ldncare.web.pharmacy.models import Batch

    call_command("migrate", interactive=False, verbosity=0)
    world = _world()
    starts = []
    for order in world["orders"]:
        for line in ("1.5", "3", "4.5"):
            began = time.perf_counter()
            services.start_batch(order, by=world["tech"], line=line,
                                 formula_key="ldn-capsules-mcc", source="api")
            starts.append(time.perf_counter() - began)
    starts.sort()
    math = measure(lambda: capsule_batch("4.5", 30, formula_key="ldn-capsules-mcc",
                                         assay_percent="99.5", water_percent="1"),
                   repeat=5, operations=1)
    with CaptureQueriesContext(connection) as queried:
        found = queries.recall_for(world["rph"], "B-0")
    recall = measure(lambda: queries.recall_for(world["rph"], "B-0"), repeat=5)
    return {"batches": Batch.objects.count(), "recalled": len(found.batches),
            "patients": len(found.patients), "queries": len(queried.captured_queries),
            "start_median": starts[len(starts) // 2], "start_p95": starts[int(len(starts) * .95)],
            "math": {"runs": math.runs, "operations": math.operations},
            "recall": {"runs": recall.runs, "operations": recall.operations}}


def _child() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ldncare-bench-") as data_dir:
        env = {**os.environ, "LDNCARE_DATA_DIR": data_dir, "DATABASE_URL": ""}
        done = subprocess.run([sys.executable, "-m", "benchmarks.bench_pharmacy"], env=env,
                              check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(report: Report) -> None:
    found = _child()
    report.section(f"Pharmacy: batches from ingredient lots and recall ({found['batches']:,} "
                   "batches, SQLite)", "python -m benchmarks pharmacy")
    report.note(f"start_batch: median {found['start_median'] * 1000:.1f} ms, 95th percentile "
                f"{found['start_p95'] * 1000:.1f} ms per batch (lock, lot choice for every "
                "ingredient, math with the lot's assay and water, draw-down, BUD), over "
                f"{found['batches']:,} batches.")
    report.note(f"Recall of one powder lot used by every batch: {found['recalled']:,} batches, "
                f"{found['patients']:,} patients, {found['queries']} SQL queries "
                "(prefetched, not one per batch).")
    report.row("core capsule batch math alone (for scale)",
               Timing(tuple(found["math"]["runs"]), found["math"]["operations"]))
    report.row(f"recall of a lot used by {found['recalled']:,} batches",
               Timing(tuple(found["recall"]["runs"]), found["recall"]["operations"]))


if __name__ == "__main__":
    print(json.dumps(worker()))
