"""The synthetic clinic generator: realistic, deterministic, within the plan."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.outcomes.errors import OutcomesError
from ldncare.outcomes.synthetic import generate_clinic, generate_patient


def test_it_is_deterministic_for_a_seed():
    one = generate_clinic(5, 3, 11, date(2025, 1, 1))
    assert generate_clinic(5, 3, 11, date(2025, 1, 1)) == one


def test_a_patient_does_not_depend_on_how_many_patients_are_generated():
    few = generate_clinic(3, 6, 2, date(2025, 1, 1))
    many = generate_clinic(10, 6, 2, date(2025, 1, 1))
    assert few.patients == many.patients[:3]


def test_the_clinic_has_responders_non_responders_side_effects_and_dropouts(clinic):
    patients = clinic.patients
    assert any(p.planted.responder for p in patients)
    assert any(not p.planted.responder for p in patients)
    assert any(p.side_effects for p in patients)
    reasons = {p.stop_reason for p in patients if p.stopped_on}
    assert {"side_effects", "no_benefit", "lost_to_follow_up"} <= reasons
    assert any(not c.dose_taken for p in patients for c in p.check_ins if c.day >= p.start_date)


def test_side_effects_mostly_settle_within_two_weeks(clinic):
    durations = [e.days for p in clinic.patients for e in p.side_effects if e.days is not None]
    assert durations and max(durations) <= 14


def test_titration_follows_1_5_mg_steps_every_14_days_or_longer(clinic):
    for patient in clinic.patients:
        steps = patient.dose_steps
        assert steps[0].dose == Decimal("1.5")
        assert steps[0].start == patient.start_date
        for before, after in zip(steps, steps[1:], strict=False):
            assert (after.start - before.start).days >= 5
            assert after.dose in (Decimal("1.5"), before.dose + Decimal("1.5"))
        assert patient.highest_dose() <= Decimal("4.5")


def test_ratings_are_whole_numbers_from_0_to_10(clinic):
    for patient in clinic.patients[:50]:
        for entry in patient.check_ins:
            for value in (entry.pain, entry.fatigue, entry.mood, entry.brain_fog, entry.sleep):
                assert value is None or (isinstance(value, int) and 0 <= value <= 10)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 24))
def test_no_dose_is_negative_or_above_4_5_mg_and_no_day_is_outside_the_clinic(number, months):
    start = date(2025, 1, 1)
    end = start + timedelta(days=30 * months - 1)
    patient = generate_patient(number, seed=5, start=start, end=end)
    assert all(Decimal(0) < s.dose <= Decimal("4.5") for s in patient.dose_steps)
    assert all(start <= c.day <= end for c in patient.check_ins)
    assert patient.stopped_on is None or patient.stopped_on <= end


def test_it_rejects_a_clinic_without_months():
    with pytest.raises(OutcomesError, match="month"):
        generate_clinic(10, 0, 1, date(2025, 1, 1))
