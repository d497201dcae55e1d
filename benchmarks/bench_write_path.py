"""The write path and the prescriber's list under gunicorn, at a fixed concurrency.

gunicorn (``WORKERS`` sync workers, the production app server) serves a fresh
SQLite database in a temporary ``LDNCARE_DATA_DIR`` on a free 127.0.0.1 port.
The load generator keeps exactly ``WORKERS`` requests in flight (one client
thread per worker: every worker busy, none queueing), so a ratio compares the
server's work per request and the latencies are not inflated by a queue.

Two cases, each against its own baseline behind the very same middleware
(sessions, CSRF, auth, OTP, CSP, audit, axes) and the same kind of session:

- **check-in POST** ``/api/journal/check-ins`` as a patient (a new day each
  time, which queues the decision-support task as in production), against
  ``GET /bench-empty`` with the patient's session;
- **patient list** ``GET /patients/`` (a full page of 50 patients, each read
  audited) as a prescriber who has passed two-factor, against ``GET
  /bench-empty`` with the prescriber's session.

Rounds interleave baseline and case so drift on a shared machine hits both.
The empty view and URL conf come from ``benchmarks.bench_checkin`` (a settings
module and URL module written into the temporary directory). Every process
started here is stopped in ``finally``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
from typing import Any

from benchmarks.bench_checkin import (
    _burst,
    _check_in_jobs,
    _percentile,
    bench_site,
    gunicorn,
    prepared,
)
from benchmarks.harness import Report, Timing

WORKERS = 2
CONCURRENCY = WORKERS
ROUNDS = 3
REQUESTS_PER_ROUND = int(os.environ.get("LDNCARE_BENCH_WRITE_REQUESTS", "200"))
LIST_PATIENTS = 60


def prepare(days_back: int) -> dict[str, Any]:
    """Migrate; a patient on an active plan and a clinic of ``LIST_PATIENTS``
    patients; one session for the patient and one (two-factor passed) for the
    prescriber, per client thread."""
    from benchmarks.bench_checkin import logged_in_cookie, prepare_site

    site = prepare_site(CONCURRENCY, days_back)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ldncare.web.accounts.models import Organisation, User
    from ldncare.web.care.services import register_patient

    clinic = Organisation.objects.get(slug="bench")
    for n in range(LIST_PATIENTS - 1):
        user = User.objects.create_user(email=f"p{n}@bench.example", password=None,
                                        role="patient", full_name=f"Patient {n}")
        register_patient(user, clinic)
    prescriber = User.objects.get(email="doc@bench.example")
    device = TOTPDevice.objects.create(user=prescriber, name="bench", confirmed=True)
    staff = [logged_in_cookie(prescriber, otp_device_id=device.persistent_id)
             for _ in range(CONCURRENCY)]
    return {**site, "staff_cookies": staff}


def load_test() -> dict[str, Any]:
    total = ROUNDS * REQUESTS_PER_ROUND
    empty = [("GET", "/bench-empty", None)] * REQUESTS_PER_ROUND
    listing = [("GET", "/patients/", None)] * REQUESTS_PER_ROUND
    found: dict[str, list[float]] = {k: [] for k in (
        "empty_patient", "post", "empty_staff", "list",
        "empty_patient_lat", "post_lat", "empty_staff_lat", "list_lat")}
    with bench_site("ldncare-bench-write-") as env:
        site = prepared(env, "benchmarks.bench_write_path", total + 30)
        patient, staff = site["cookies"], site["staff_cookies"]
        with gunicorn(env, WORKERS) as port:
            _burst(port, site, empty[:50], 200, cookies=patient, threads=CONCURRENCY)  # warm up
            _burst(port, site, listing[:20], 200, cookies=staff, threads=CONCURRENCY)
            for r in range(ROUNDS):
                for key, cookies, jobs, expect in (
                        ("empty_patient", patient, empty, 200),
                        ("post", patient, _check_in_jobs(site["today"], r * REQUESTS_PER_ROUND,
                                                         REQUESTS_PER_ROUND), 201),
                        ("empty_staff", staff, empty, 200),
                        ("list", staff, listing, 200)):
                    wall, lat = _burst(port, site, jobs, expect, cookies=cookies,
                                       threads=CONCURRENCY)
                    found[key].append(wall)
                    found[f"{key}_lat"] += lat
    return {**found, "database": site["database"]}


def _latency(values: list[float]) -> str:
    return (f"p50 {statistics.median(values) * 1e3:.1f} ms · "
            f"p99 {_percentile(values, 0.99) * 1e3:.1f} ms ({len(values)} requests)")


def run(report: Report) -> None:
    found = load_test()
    report.section(f"Write path and patient list at concurrency {CONCURRENCY} (gunicorn, "
                   f"{WORKERS} sync workers, SQLite)", ".venv/bin/python -m benchmarks write_path")
    report.note(f"Database in force: {found['database']}. {CONCURRENCY} client threads on "
                f"loopback = {WORKERS} workers (every worker busy, no queue); {ROUNDS} "
                f"interleaved rounds of {REQUESTS_PER_ROUND} requests per kind; the load "
                f"generator shares the machine ({os.cpu_count()} cores).")
    report.note("Ratio = the empty view's time per request / the case's, the empty view "
                "requested with the same session (patient, or prescriber past two-factor). "
                f"The list shows a full page of 50 of the clinic's {LIST_PATIENTS} patients, "
                "each read written to the audit log.")

    def timing(key: str) -> Timing:
        return Timing(tuple(found[key]), REQUESTS_PER_ROUND)

    report.row("empty view, patient session (baseline)", timing("empty_patient"))
    report.row("check-in POST /api/journal/check-ins", timing("post"),
               baseline=timing("empty_patient"), goal="≥ 0.4")
    report.row("check-in latency", _latency(found["post_lat"]))
    report.row("empty view latency, patient session", _latency(found["empty_patient_lat"]))
    report.row("empty view, prescriber session (baseline)", timing("empty_staff"))
    report.row("patient list GET /patients/ (50 rows)", timing("list"),
               baseline=timing("empty_staff"), goal="≥ 0.25")
    report.row("patient list latency", _latency(found["list_lat"]))
    report.row("empty view latency, prescriber session", _latency(found["empty_staff_lat"]))


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        print(json.dumps(prepare(int(sys.argv[2]))))
