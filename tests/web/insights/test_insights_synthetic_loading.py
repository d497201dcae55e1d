"""Loading a synthetic clinic writes every kind of row, once."""

from __future__ import annotations

from ldncare.web.care.models import PathwayEvent, Patient, PlanVersion
from ldncare.web.journal.models import CheckIn, QuestionnaireResponse, SideEffectEntry
from ldncare.web.synthetic import load_synthetic_clinic


def test_it_loads_patients_events_plans_and_journal(world):
    loaded = load_synthetic_clinic(world.clinic, world.pharmacy, patients=12, months=6, seed=3)
    ids = list(loaded.patient_ids.values())
    assert Patient.objects.filter(pk__in=ids).count() == 12
    assert CheckIn.objects.filter(patient__in=ids).count() == loaded.check_ins > 12 * 100
    assert PathwayEvent.objects.filter(patient__in=ids, state="active").count() == 12
    assert PlanVersion.objects.filter(prescription__patient__in=ids).count() >= 12
    assert QuestionnaireResponse.objects.filter(patient__in=ids).exists()
    assert SideEffectEntry.objects.filter(patient__in=ids).exists()
    stopped = [c for c in loaded.clinic.patients if c.stopped_on]
    assert PathwayEvent.objects.filter(patient__in=ids, state="stopped").count() == len(stopped)


def test_loading_the_same_clinic_twice_adds_nothing(world):
    load_synthetic_clinic(world.clinic, world.pharmacy, patients=3, months=2, seed=3)
    before = CheckIn.objects.count()
    again = load_synthetic_clinic(world.clinic, world.pharmacy, patients=3, months=2, seed=3)
    assert again.patient_ids == {} and CheckIn.objects.count() == before
