"""The dashboard's numbers, aggregated in the database, match a Python computation."""

from __future__ import annotations

from ldncare.outcomes import cohort_report, summarise_synthetic_patient
from ldncare.web.insights.queries import clinic_report, patient_summaries
from ldncare.web.journal.models import SideEffectEntry
from ldncare.web.synthetic import load_synthetic_clinic


def _load(world):
    return load_synthetic_clinic(world.clinic, world.pharmacy, patients=60, months=9, seed=5)


def test_each_patients_summary_matches_the_generated_course(world):
    loaded = _load(world)
    as_of = loaded.clinic.end
    stored = {s.patient_id: s for s in patient_summaries(world.users["prescriber"], as_of)}
    assert len(stored) == 60
    for course in loaded.clinic.patients:
        expected = summarise_synthetic_patient(course)
        got = stored[str(loaded.patient_ids[course.patient_id])]
        assert (got.condition, got.started_on, got.highest_dose, got.reached_target_on,
                got.stopped_on, got.stop_reason, got.last_seen, got.response) == (
            expected.condition, expected.started_on, expected.highest_dose,
            expected.reached_target_on, expected.stopped_on, expected.stop_reason,
            expected.last_seen, expected.response), course.patient_id


def test_the_cohort_rates_and_retention_match_the_python_report(world):
    loaded = _load(world)
    as_of = loaded.clinic.end
    expected = cohort_report([summarise_synthetic_patient(c) for c in loaded.clinic.patients],
                             as_of=as_of)
    got = clinic_report(world.users["prescriber"], as_of)
    assert got.patients == expected.patients == 60
    assert [r.as_dict() for r in got.by_condition] == [r.as_dict() for r in expected.by_condition]
    assert [r.as_dict() for r in got.by_dose] == [r.as_dict() for r in expected.by_dose]
    assert got.retention.as_dict() == expected.retention.as_dict()
    assert got.time_to_target.as_dict() == expected.time_to_target.as_dict()


def test_side_effect_incidence_matches_a_count_over_the_stored_entries(world):
    _load(world)
    got = clinic_report(world.users["prescriber"])
    patients_with = {}
    for entry in SideEffectEntry.objects.all():
        patients_with.setdefault(entry.code, set()).add(entry.patient_id)
    assert {r.name: r.incidence.events for r in got.side_effects} == {
        code: len(who) for code, who in patients_with.items()}
    assert all(r.incidence.total == got.patients for r in got.side_effects)


def test_another_clinics_prescriber_sees_none_of_these_patients(world):
    from ldntest.world import make_user

    _load(world)
    outsider = make_user("doc@b.example", "prescriber", world.other_clinic)
    assert clinic_report(outsider).patients == 0
