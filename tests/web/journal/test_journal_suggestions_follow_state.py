"""Suggestions follow the patient's state: none about the dose for a stopped
patient, and open ones close by themselves with the reason recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from ldncare.pathway import State
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import Suggestion
from ldncare.web.journal.services import CheckInAnswers, evaluate_suggestions, save_check_in


@pytest.fixture
def active(world):
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        patient_today(patient) - timedelta(days=60))
    return patient


def miss_doses(patient, days=4):
    today = patient_today(patient)
    for n in range(days):
        save_check_in(patient, today - timedelta(days=n), CheckInAnswers(dose_taken=False))


def stop(patient):
    patient.state = State.STOPPED
    patient.save(update_fields=["state"])


def test_a_stopped_patient_gets_no_dose_suggestions(active):
    stop(active)
    miss_doses(active)
    evaluate_suggestions(active)
    assert not Suggestion.objects.filter(patient=active).exists()


def test_open_dose_suggestions_close_with_a_reason_when_the_patient_stops(active, world, client,
                                                                         login):
    miss_doses(active)
    assert Suggestion.objects.get(patient=active, code="missed_doses").status == "open"
    stop(active)
    evaluate_suggestions(active)
    row = Suggestion.objects.get(patient=active, code="missed_doses")
    assert row.status == "closed" and "treatment is stopped" in row.decision_reason
    login(world.users["prescriber"])
    page = client.get(reverse("journal:patient_journal", args=[active.pk])).content.decode()
    assert "Closed by itself" in page and "None," not in page


def test_a_red_flag_of_a_stopped_patient_still_reaches_the_prescriber(active):
    stop(active)
    save_check_in(active, patient_today(active),
                  CheckInAnswers(side_effects={"liver_warning_signs": "mild"}))
    assert Suggestion.objects.get(patient=active).code == "red_flag_symptom"


def test_a_stopped_patient_is_not_told_the_clinic_knows_what_it_was_not_told(active, world,
                                                                             client, login):
    stop(active)
    login(world.users["patient"])
    page = client.post(reverse("journal:home"), {
        "day": patient_today(active).isoformat(), "side_effect_headache": "severe"},
        follow=True).content.decode()
    assert "A severe side effect" in page
    assert "Please contact your clinic to tell them" in page
    assert "Your clinic has been told" not in page
    assert not Suggestion.objects.filter(patient=active).exists()
