"""Suggestions follow the patient's state: none about the dose for a stopped
patient, and open ones close by themselves with the reason recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ldncare.pathway import State
from ldncare.web.journal import queries
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import Suggestion
from ldncare.web.journal.services import CheckInAnswers, evaluate_suggestions, save_check_in


@pytest.fixture
def active(world):
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        queries.local_today(patient) - timedelta(days=60))
    return patient


def miss_doses(patient, days=4):
    today = queries.local_today(patient)
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
    from django.urls import reverse

    page = client.get(reverse("journal:patient_journal", args=[active.pk])).content.decode()
    assert "Closed by itself" in page and "None," not in page


def test_a_red_flag_of_a_stopped_patient_still_reaches_the_prescriber(active):
    stop(active)
    save_check_in(active, queries.local_today(active),
                  CheckInAnswers(side_effects={"liver_warning_signs": "mild"}))
    assert Suggestion.objects.get(patient=active).code == "red_flag_symptom"
