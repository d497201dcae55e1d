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


def test_loaded_check_ins_and_side_effects_read_back_as_generated(world):
    loaded = load_synthetic_clinic(world.clinic, world.pharmacy, patients=12, months=6, seed=3)
    course = next(c for c in loaded.clinic.patients if c.side_effects)
    pk = loaded.patient_ids[course.patient_id]
    entry = course.check_ins[-1]
    stored = CheckIn.objects.get(patient_id=pk, day=entry.day)
    assert (stored.pain, stored.fatigue, stored.mood, stored.brain_fog, stored.sleep_quality) == (
        entry.pain, entry.fatigue, entry.mood, entry.brain_fog, entry.sleep)
    assert stored.data == {"synthetic": True} and stored.revision == 1 and stored.note == ""
    assert stored.recorded_at.date() == entry.day and stored.recorded_at.tzinfo is not None
    in_force = [step.dose for step in course.dose_steps if step.start <= entry.day]
    assert stored.dose_mg == (in_force[-1] if in_force else None)
    effects = SideEffectEntry.objects.filter(patient_id=pk)
    assert effects.exists()
    assert all(e.check_in.patient_id == pk and e.check_in.day == e.day for e in effects)
