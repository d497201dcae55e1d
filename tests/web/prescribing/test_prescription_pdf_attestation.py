"""The prescription PDF carries the prescriber's attestation with a signature
line and places for the licence number and jurisdiction."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "pharmacy_world", Path(__file__).parents[1] / "pharmacy" / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def test_the_prescription_names_the_prescriber_in_an_attestation_to_sign(world):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from ldncare.web.care.treatment import supply, treatment_of

    prescription = pharmacy_world.make_prescription(world)
    plan = prescription.current_plan().titration_plan()
    html = render_to_string("care/pdf/prescription.html", {
        "prescription": prescription, "patient": prescription.patient, "plan": plan,
        "supply": supply(treatment_of(prescription)), "generated_at": timezone.now()})
    assert f"I, {prescription.prescriber.full_name}, am the prescriber" in html
    for line in ("Signature:", "Licence or registration number:", "Jurisdiction:"):
        assert line in html
