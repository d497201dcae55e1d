"""Every model holding patient data is audited; reads of a chart are logged;
an admin sees one patient's audit trail."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.apps import apps
from django.urls import reverse

from ldncare.web.audit.registry import AUDITED
from ldntest.world import log_in

NOT_PATIENT_DATA = {"accounts.User", "accounts.Organisation", "accounts.Invitation"}


def holds_patient_data(model) -> bool:  # type: ignore[no-untyped-def]
    return any(getattr(f, "related_model", None) is not None
               and f.related_model._meta.label == "care.Patient"
               for f in model._meta.get_fields() if f.concrete) or model._meta.label == "care.Patient"


def test_every_model_with_a_patient_link_is_audited():
    ours = [m for m in apps.get_models() if m.__module__.startswith("ldncare.")]
    missing = [m._meta.label for m in ours if holds_patient_data(m) and m not in AUDITED]
    assert not missing


def test_opening_a_chart_writes_an_access_entry_with_the_reader(client, world):
    prescriber = world.users["prescriber"]
    log_in(client, prescriber)
    client.get(reverse("care:patient_chart", args=[world.patient.pk]))
    entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("timestamp")
    assert entry.actor == prescriber
    assert entry.object_pk == str(world.patient.pk)


def test_the_admin_sees_the_patients_audit_trail_including_reads(client, world):
    log_in(client, world.users["prescriber"])
    client.get(reverse("care:patient_chart", args=[world.patient.pk]))
    client.logout()
    log_in(client, world.users["clinic_admin"])
    response = client.get(reverse("audit:patient_trail", args=[world.patient.pk]))
    assert response.status_code == 200
    assert f"{world.users['prescriber'].full_name} opened the chart".encode() in response.content
