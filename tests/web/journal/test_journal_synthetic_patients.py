"""Patients loaded by the synthetic-clinic loader (columns only, no stored core
check-in) get journal pages, visit reports and decision support like anyone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ldncare.web.care.models import Patient
from ldncare.web.journal.services import evaluate_suggestions
from ldncare.web.synthetic import load_synthetic_clinic
from ldntest.world import log_in


@pytest.fixture
def synthetic_patients(world):  # type: ignore[no-untyped-def]
    load_synthetic_clinic(world.clinic, world.pharmacy, 4, 3, seed=3)
    return list(Patient.objects.filter(user__email__startswith="synthetic"))


def test_the_prescriber_opens_the_journal_and_visit_report_of_a_synthetic_patient(
        client, world, synthetic_patients):
    log_in(client, world.users["prescriber"])
    for patient in synthetic_patients:
        assert client.get(reverse("journal:patient_journal", args=[patient.pk])).status_code == 200
        assert client.get(reverse("journal:visit_report", args=[patient.pk])).status_code == 200


def test_decision_support_runs_over_synthetic_journals(synthetic_patients):
    for patient in synthetic_patients:
        evaluate_suggestions(patient)
