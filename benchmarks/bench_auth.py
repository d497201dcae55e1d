"""Accounts: does a request reveal whether an address has an account by how
long it takes? Median response time of a password reset and of a sign-up, for
a known and an unknown address, with the production hasher (Argon2) and the
database task queue. Also the cost of auditing a list read (one access entry
per patient shown) against the same list with auditing switched off.

Requests go in-process through Django's WSGI handler (the test Client), in a
child process with a fresh SQLite data dir.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from typing import Any

from benchmarks.harness import Report, Timing

REQUESTS = 20


def _timing(action: Any, repeat: int = 5) -> dict[str, Any]:
    from benchmarks.harness import measure

    def burst() -> None:
        for _ in range(REQUESTS):
            action()

    timing = measure(burst, repeat=repeat, operations=REQUESTS)
    return {"runs": timing.runs, "operations": timing.operations}


def _interleaved(first: Any, second: Any, repeat: int = 7) -> tuple[dict[str, Any], ...]:
    import time

    runs: tuple[list[float], list[float]] = ([], [])
    first(), second()  # warm-up
    for _ in range(repeat):
        for action, into in ((first, runs[0]), (second, runs[1])):
            started = time.perf_counter()
            for _ in range(REQUESTS):
                action()
            into.append(time.perf_counter() - started)
    return tuple({"runs": r, "operations": REQUESTS} for r in runs)


def worker() -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldncare.web.settings")
    django.setup()
    from auditlog.context import disable_auditlog
    from django.core.management import call_command
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ldncare.web.accounts.models import Organisation, User
    from ldncare.web.care.services import register_patient

    call_command("migrate", interactive=False, verbosity=0)
    clinic = Organisation.objects.create(name="Bench clinic", slug="bench", kind="clinic")
    known = User.objects.create_user(email="known@bench.example", password="x" * 12,
                                     full_name="Known", role="patient")
    register_patient(known, clinic)
    for i in range(49):
        register_patient(User.objects.create_user(email=f"p{i}@bench.example", password="x" * 12,
                                                  full_name=f"P {i}", role="patient"), clinic)
    doctor = User.objects.create_user(email="doc@bench.example", password="x" * 12,
                                      full_name="Doc", role="prescriber", organisation=clinic)
    client = Client()

    def reset(email: str) -> Any:
        return lambda: client.post("/accounts/password-reset/", {"email": email})

    counter = iter(range(10**6))

    def sign_up(existing: bool) -> Any:
        def go() -> None:
            email = "known@bench.example" if existing else f"new{next(counter)}@bench.example"
            client.post("/accounts/sign-up/", {"full_name": "Maya", "email": email,
                                               "password": "a long enough secret 42",
                                               "clinic": clinic.pk, "time_zone": "UTC"})
        return go

    staff = Client()
    staff.force_login(doctor)
    device = TOTPDevice.objects.create(user=doctor, confirmed=True, name="bench")
    session = staff.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    def patient_list() -> None:
        assert staff.get("/patients/").status_code == 200

    def patient_list_unaudited() -> None:
        with disable_auditlog():
            assert staff.get("/patients/").status_code == 200

    # Interleaved, so a slower moment of a shared machine hits both alike.
    reset_known, reset_unknown = _interleaved(reset("known@bench.example"),
                                              reset("nobody@bench.example"))
    return {"reset_known": reset_known, "reset_unknown": reset_unknown,
            "signup_new": _timing(sign_up(False), repeat=3),
            "signup_existing": _timing(sign_up(True), repeat=3),
            **dict(zip(("list_audited", "list_unaudited"),
                       _interleaved(patient_list, patient_list_unaudited, repeat=5),
                       strict=True))}


def _child() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ldncare-bench-") as data_dir:
        env = {**os.environ, "LDNCARE_DATA_DIR": data_dir, "DATABASE_URL": "",
               "LDNCARE_LOCKOUT": "0"}
        done = subprocess.run([sys.executable, "-m", "benchmarks.bench_auth"], env=env,
                              check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _t(data: dict[str, Any]) -> Timing:
    return Timing(tuple(data["runs"]), data["operations"])


def run(report: Report) -> None:
    found = _child()
    report.section("Accounts: equal answers for known and unknown addresses; audited list reads "
                   "(SQLite, in-process WSGI, Argon2)", "python -m benchmarks auth")
    report.note("A ratio near 1.0 between the known and the unknown address means the "
                "response time does not tell them apart.")
    report.row("password reset, unknown address (baseline)", _t(found["reset_unknown"]))
    report.row("password reset, known address", _t(found["reset_known"]),
               baseline=_t(found["reset_unknown"]), goal="ratio ≈ 1.0")
    report.row("sign-up, new address (baseline)", _t(found["signup_new"]))
    report.row("sign-up, address that has an account", _t(found["signup_existing"]),
               baseline=_t(found["signup_new"]), goal="ratio ≈ 1.0")
    report.row("/patients/ (50 patients), audit off (baseline)", _t(found["list_unaudited"]))
    report.row("/patients/ (50 patients), one access entry per patient shown",
               _t(found["list_audited"]), baseline=_t(found["list_unaudited"]))


if __name__ == "__main__":
    print(json.dumps(worker()))
