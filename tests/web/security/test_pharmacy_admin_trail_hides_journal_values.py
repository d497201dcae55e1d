"""A pharmacy admin's view of a patient's audit trail shows the pharmacy's
records and their own staff's reads, never the values of the patient's
journal (#22); the clinic admin still sees everything."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ldntest.world import log_in

NOTE = "woke-at-3am-marker-2718"


def _journal_entry(world):  # type: ignore[no-untyped-def]
    from ldncare.web.journal.models import CheckIn

    return CheckIn.objects.create(patient=world.patient, note=NOTE, pain=7,
                                  day=timezone.localdate() - timedelta(days=1))


def test_the_pharmacy_admin_does_not_see_journal_values_in_the_trail(client, world):
    _journal_entry(world)
    log_in(client, world.users["pharmacy_admin"])
    response = client.get(reverse("audit:patient_trail", args=[world.patient.pk]))
    assert response.status_code == 200
    assert NOTE.encode() not in response.content
    assert b"check-in" not in response.content.lower()


def test_the_pharmacy_admin_sees_their_pharmacists_reads(client, world):
    log_in(client, world.users["pharmacist"])
    client.get(reverse("pharmacy:patient_orders", args=[world.patient.pk]))
    client.logout()
    log_in(client, world.users["pharmacy_admin"])
    response = client.get(reverse("audit:patient_trail", args=[world.patient.pk]))
    assert world.users["pharmacist"].full_name.encode() in response.content


def test_the_clinic_admin_still_sees_the_journal_changes(client, world):
    _journal_entry(world)
    log_in(client, world.users["clinic_admin"])
    response = client.get(reverse("audit:patient_trail", args=[world.patient.pk]))
    assert b"added the journal check-in" in response.content.lower()
