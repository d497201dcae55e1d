"""Web: the prescriber's patient list and the patient's home page for a clinic of
5,000 patients, as throughput and as a ratio to an empty Django view behind the
same middleware, measured in the same run.

Requests go in-process through Django's WSGI handler (the test Client) with a
logged-in user who has passed 2FA. The database is a fresh SQLite file in a
temporary ``LDNCARE_DATA_DIR``; the measuring runs in a child process so its
Django settings never mix with other benchmarks'.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from typing import Any

from benchmarks.harness import Report, Timing

PATIENTS = 5_000
REQUESTS = 50


def _empty(request: Any) -> Any:
    from django.http import HttpResponse

    return HttpResponse("")


def _urlconf() -> list[Any]:
    from django.urls import path

    from ldncare.web.urls import urlpatterns

    return [path("__bench_empty__", _empty), *urlpatterns]


urlpatterns: list[Any] = []


def _logged_in(user: Any) -> Any:
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    if user.is_staff_role:
        device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"confirmed": True})
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def _timing(client: Any, url: str) -> dict[str, Any]:
    from benchmarks.harness import measure

    def burst() -> None:
        for _ in range(REQUESTS):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

    timing = measure(burst, repeat=5, operations=REQUESTS)
    return {"runs": timing.runs, "operations": timing.operations}


def worker(patients: int) -> dict[str, Any]:
    """In a child process with a fresh data dir: load, log in, measure."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldncare.web.settings")
    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    from ldncare.web.accounts.models import Organisation, User
    from ldncare.web.synthetic import load_synthetic_clinic

    call_command("migrate", interactive=False, verbosity=0)
    clinic = Organisation.objects.create(name="Bench clinic", slug="bench", kind="clinic")
    pharmacy = Organisation.objects.create(name="Bench pharmacy", slug="bench-rx", kind="pharmacy")
    loaded = load_synthetic_clinic(clinic, pharmacy, patients, 2, seed=1, keep_courses=False)
    prescriber = User.objects.get(role="prescriber", organisation=clinic)
    patient_user = User.objects.get(patient__pk=next(iter(loaded.patient_ids.values())))
    globals()["urlpatterns"] = _urlconf()
    with override_settings(ROOT_URLCONF=__name__):
        doctor, patient = _logged_in(prescriber), _logged_in(patient_user)
        return {"empty": _timing(doctor, "/__bench_empty__"),
                "patient_list": _timing(doctor, "/patients/"),
                "patient_list_api": _timing(doctor, "/api/care/patients"),
                "patient_home": _timing(patient, "/"),
                "empty_patient": _timing(patient, "/__bench_empty__")}


def _child(module: str, *args: str, database_url: str = "") -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ldncare-bench-") as data_dir:
        env = {**os.environ, "LDNCARE_DATA_DIR": data_dir, "DATABASE_URL": database_url}
        done = subprocess.run([sys.executable, "-m", module, *args], env=env, check=True,
                              capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _t(data: dict[str, Any]) -> Timing:
    return Timing(tuple(data["runs"]), data["operations"])


def run(report: Report) -> None:
    found = _child("benchmarks.bench_web_lists", str(PATIENTS))
    report.section(f"Web lists: a clinic of {PATIENTS:,} patients (SQLite, in-process WSGI)",
                   "python -m benchmarks web_lists")
    report.note(
        "Ratio = empty view's time / page's time, same middleware, same run, same user; "
        "the patient list shows 50 patients a page.")
    report.row("empty view (prescriber, baseline)", _t(found["empty"]))
    report.row("prescriber's patient list /patients/", _t(found["patient_list"]),
               baseline=_t(found["empty"]))
    report.row("prescriber's patient list /api/care/patients", _t(found["patient_list_api"]),
               baseline=_t(found["empty"]))
    report.row("empty view (patient, baseline)", _t(found["empty_patient"]))
    report.row("patient home page /", _t(found["patient_home"]),
               baseline=_t(found["empty_patient"]))


if __name__ == "__main__":
    print(json.dumps(worker(int(sys.argv[1]))))
