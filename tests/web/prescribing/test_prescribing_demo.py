"""The demo prescriptions fit each demo patient's pathway state, and loading twice changes nothing."""

from __future__ import annotations

from ldncare.web.care.models import PlanVersion, Prescription


def test_demo_prescriptions_fit_the_pathway_and_load_idempotently(db, monkeypatch):
    from ldncare.web import demo as root_demo
    from ldncare.web.accounts.models import Organisation
    from ldncare.web.care.prescribing_demo import load_demo

    monkeypatch.setattr(root_demo, "DEMO_EXTENSIONS", ())  # only the people
    root_demo.load_demo_clinic()
    clinic = Organisation.objects.get(slug=root_demo.CLINIC[0])
    pharmacy = Organisation.objects.get(slug=root_demo.PHARMACY[0])
    load_demo(clinic, pharmacy)
    counts = (Prescription.objects.count(), PlanVersion.objects.count())
    load_demo(clinic, pharmacy)
    assert (Prescription.objects.count(), PlanVersion.objects.count()) == counts
    stopped = Prescription.objects.get(patient__user__email="stopped@patients.example")
    assert stopped.status == "stopped"
    assert stopped.current_plan().titration_plan().status.value == "stopped"
    active = Prescription.objects.get(patient__user__email="patient@patients.example")
    assert active.current_plan().change_kind == "switched_to_morning"
    assert not Prescription.objects.filter(patient__user__email="review@patients.example").exists()
