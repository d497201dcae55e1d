"""Everyone keeps their own details (name, time zone); a prescriber records the
licence or registration number printed on every prescription they sign."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.urls import reverse

_spec = importlib.util.spec_from_file_location(
    "pharmacy_world", Path(__file__).parents[1] / "pharmacy" / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def _save(client, **fields):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:profile"), {
        "full_name": "Dr Ama Mensah", "time_zone": "America/New_York", **fields})


def test_a_prescriber_records_a_licence_number_that_the_prescription_prints(world, client, login):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from ldncare.web.care.treatment import supply, treatment_of

    prescriber = world.users["prescriber"]
    login(prescriber)
    response = _save(client, registration_number="GMC 7654321",
                     registration_jurisdiction="General Medical Council, United Kingdom")
    assert response.status_code == 302
    prescriber.refresh_from_db()
    assert (prescriber.full_name, prescriber.time_zone) == ("Dr Ama Mensah", "America/New_York")
    prescription = pharmacy_world.make_prescription(world)
    plan = prescription.current_plan().titration_plan()
    html = render_to_string("care/pdf/prescription.html", {
        "prescription": prescription, "patient": prescription.patient, "plan": plan,
        "supply": supply(treatment_of(prescription)), "generated_at": timezone.now()})
    assert "GMC 7654321" in html and "General Medical Council, United Kingdom" in html


def test_a_number_without_who_issued_it_is_refused_beside_the_field(world, client, login):
    prescriber = world.users["prescriber"]
    login(prescriber)
    response = _save(client, registration_number="GMC 7654321", registration_jurisdiction="")
    assert response.status_code == 400
    assert "Give the number and who issued it together." in response.content.decode()
    prescriber.refresh_from_db()
    assert prescriber.registration_number == ""


def test_an_unknown_time_zone_is_refused_and_nothing_changes(world, client, login):
    patient = world.patient.user
    login(patient)
    response = _save(client, time_zone="Mars/Olympus_Mons")
    assert response.status_code == 400
    assert "Unknown time zone" in response.content.decode()
    patient.refresh_from_db()
    assert patient.time_zone != "Mars/Olympus_Mons"


def test_only_prescribers_are_asked_for_a_licence_number(world, client, login):
    login(world.patient.user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Licence or registration number" not in page
    _save(client, registration_number="FAKE-1", registration_jurisdiction="Nowhere")
    world.patient.user.refresh_from_db()
    assert world.patient.user.registration_number == ""
