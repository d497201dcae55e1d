"""Set up the durability test's clinic in a real (non-test) database:
``python -m ldntest.durability_clinic N OUT.json`` migrates, creates N active
patients with a prescription from 90 days ago, logs each in (a session row)
and writes ``{"sessions": [...], "patients": [...]}`` to OUT.json.

Run with the durability test's environment (LDNCARE_DATA_DIR, DATABASE_URL,
DJANGO_SETTINGS_MODULE=ldncare.web.settings)."""

from __future__ import annotations

import json
import sys
from datetime import timedelta


def main(count: int, out: str) -> None:
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from ldncare.pathway import State
    from ldncare.web.accounts.models import Organisation
    from ldncare.web.care.models import Patient
    from ldncare.web.journal.demo import ensure_prescription
    from ldntest.world import make_patient, make_user

    call_command("migrate", interactive=False, verbosity=0)
    clinic = Organisation.objects.create(name="Durable Clinic", slug="durable", kind="clinic")
    pharmacy = Organisation.objects.create(name="Durable Pharmacy", slug="durable-rx",
                                           kind="pharmacy")
    clinic.partner_pharmacies.add(pharmacy)
    prescriber = make_user("doc@durable.example", "prescriber", clinic)
    sessions, patients = [], []
    for i in range(count):
        patient = make_patient(f"p{i}@durable.example", clinic)
        Patient._base_manager.filter(pk=patient.pk).update(
            state=State.ACTIVE, created_at=timezone.now() - timedelta(days=120))
        patient.refresh_from_db()
        ensure_prescription(patient, prescriber, pharmacy,
                            timezone.localdate() - timedelta(days=90))
        store = SessionStore()
        store[SESSION_KEY] = str(patient.user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = patient.user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
        patients.append(patient.pk)
    with open(out, "w") as handle:
        json.dump({"sessions": sessions, "patients": patients}, handle)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
