"""Whether the patient agrees to the cost before the prescription goes to the
pharmacy is a clinic setting: on by default, shown on the settings page with
its source, and a clinic that turns it off sends at approval as before."""

from __future__ import annotations

from django.urls import reverse

from ldncare.pathway import State
from ldncare.web.accounts.clinic_settings import cost_agreement_required_for, setting_rows
from ldncare.web.pharmacy.models import Order
from web.prescribing.prescribing_setup import agreement_off, prescribe


def test_the_patient_agrees_by_default_and_the_page_shows_the_setting(world, login):
    assert cost_agreement_required_for(world.clinic) is True
    row = next(r for r in setting_rows(world.clinic) if r.name == "patient_agrees_to_cost")
    assert row.current_words == "yes" and row.default_words == "yes"
    assert "Clinic policy" in row.source
    page = login(world.users["prescriber"]).get(reverse("accounts:clinic_settings")).content.decode()
    assert 'id="setting-patient_agrees_to_cost"' in page
    assert "Before a prescription goes to the pharmacy" in page


def test_a_clinic_that_turns_it_off_sends_the_prescription_at_approval(world, login):
    agreement_off(world)
    assert cost_agreement_required_for(world.clinic) is False
    row = next(r for r in setting_rows(world.clinic) if r.name == "patient_agrees_to_cost")
    assert row.current_words == "no" and row.changed
    prescription = prescribe(world.patient, world.users["prescriber"], world.pharmacy,
                             agreed=False)
    assert not prescription.cost_agreement_required
    assert Order.objects.filter(prescription=prescription).count() == 1
    world.patient.refresh_from_db()
    assert world.patient.pathway_state == State.SENT_TO_PHARMACY
    page = login(world.users["patient"]).get(reverse("home")).content.decode()
    assert "Agree and send to the pharmacy" not in page
