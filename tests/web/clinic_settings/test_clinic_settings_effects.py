"""A clinic's settings reach screening, prescribing and decision support."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from ldncare.dosing import load_library
from ldncare.units import Dose
from ldncare.web.accounts.clinic_settings import (
    add_clinic_protocol,
    protocol_library_for,
    rule_settings_for,
    update_clinic_settings,
)
from ldncare.web.care.prescribing_services import PrescribingError
from web.prescribing.prescribing_setup import liquid, prescribe, screen

OWN_PROTOCOL = {
    "name": "clinic-slow", "title": "Clinic slow: 1 mg, up 1 mg every 21 days, to 3 mg",
    "start_mg": "1", "step_mg": "1", "interval_days": 21, "target_mg": "3",
    "summary": "Our clinic's slow ladder.",
    "references": ["Clinic A written policy 2026-01, section 3"],
}


def _admin(world):
    return world.users["clinic_admin"]


def test_a_clinic_that_sets_washout_to_14_days_gets_a_screening_until_14_days_after_the_last_dose(
        world):
    update_clinic_settings(world.clinic, admin=_admin(world),
                           screening={"opioid_washout_days": 14})
    last_dose = timezone.localdate() - timedelta(days=2)
    screening = screen(world.patient, opioid_recent=True, last_opioid_dose=last_dose.isoformat())
    washout = [f for f in screening.result["findings"] if f["code"] == "opioid-washout"]
    assert washout[0]["until"] == (last_dose + timedelta(days=14)).isoformat()
    assert screening.result["settings"]["opioid_washout_days"] == 14


def test_another_clinic_keeps_the_sourced_washout(world):
    update_clinic_settings(world.clinic, admin=_admin(world),
                           screening={"opioid_washout_days": 14})
    last_dose = timezone.localdate() - timedelta(days=2)
    screening = screen(world.other_patient, opioid_recent=True,
                       last_opioid_dose=last_dose.isoformat())
    washout = [f for f in screening.result["findings"] if f["code"] == "opioid-washout"]
    assert washout[0]["until"] == (last_dose + timedelta(days=10)).isoformat()


def test_a_clinic_lowered_ceiling_blocks_a_plan_without_an_override_reason(world):
    update_clinic_settings(world.clinic, admin=_admin(world), clinic_ceiling_mg=Decimal("3"))
    with pytest.raises(PrescribingError) as refused:
        prescribe(world.patient, world.users["prescriber"], world.pharmacy)
    assert refused.value.field == "override_reason"
    assert not world.patient.prescriptions.exists()
    prescription = prescribe(world.patient, world.users["prescriber"], world.pharmacy,
                             override_reason="Partial response at 3 mg after 8 weeks")
    assert prescription.current_plan().titration_plan().target == Dose("4.5")


def test_a_clinics_own_protocol_appears_on_the_review_page_and_builds_a_plan(world, client, login):
    add_clinic_protocol(world.clinic, admin=_admin(world), definition=OWN_PROTOCOL)
    update_clinic_settings(world.clinic, admin=_admin(world), default_protocol="clinic-slow")
    screen(world.patient)
    login(world.users["prescriber"])
    page = client.get(reverse("care:review", kwargs={"patient_id": world.patient.pk}))
    assert page.status_code == 200
    assert OWN_PROTOCOL["title"] in page.content.decode()
    assert "Clinic A written policy" in page.content.decode()
    protocol = protocol_library_for(world.clinic).get("clinic-slow")
    prescription = prescribe(world.patient, world.users["prescriber"], world.pharmacy,
                             protocol=protocol, dosage_form=liquid())
    plan = prescription.current_plan().titration_plan()
    assert plan.target == Dose("3") and plan.protocol == "clinic-slow"


def test_another_clinic_does_not_get_the_clinics_own_protocol(world):
    add_clinic_protocol(world.clinic, admin=_admin(world), definition=OWN_PROTOCOL)
    assert "clinic-slow" not in protocol_library_for(world.other_clinic).protocols
    assert set(protocol_library_for(world.other_clinic).protocols) == set(load_library().protocols)


def test_decision_support_uses_the_clinics_trial_period(world):
    update_clinic_settings(world.clinic, admin=_admin(world),
                           decision_support={"trial_days_at_target": 84})
    assert rule_settings_for(world.clinic).trial_days_at_target == 84
    assert rule_settings_for(world.other_clinic).trial_days_at_target == 56


def test_the_review_page_shows_the_clinics_ceiling_with_the_default_and_its_source(
        world, client, login):
    update_clinic_settings(world.clinic, admin=_admin(world), clinic_ceiling_mg=Decimal("3"))
    screen(world.patient)
    login(world.users["prescriber"])
    html = client.get(reverse("care:review", kwargs={"patient_id": world.patient.pk})).content.decode()
    assert "3 mg" in html and "the sourced default is 4.5 mg" in html
