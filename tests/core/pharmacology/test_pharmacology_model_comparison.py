"""The brain-retention model keeps blockade longer than the plasma-driven one, and only later."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.pharmacology import repeated_doses, simulate, single_dose, time_grid
from ldncare.pharmacology.comparison import compare_models
from ldncare.pharmacology.models import BRAIN_RETENTION, PLASMA_DRIVEN


def test_the_two_models_agree_within_a_few_points_in_the_first_hours_after_a_dose():
    times = time_grid(8, 0.25)
    plasma = simulate(single_dose("4.5"), times, model=PLASMA_DRIVEN).mu_occupancy
    retention = simulate(single_dose("4.5"), times, model=BRAIN_RETENTION).mu_occupancy
    assert abs(plasma - retention).max() < 0.03


@settings(max_examples=10, deadline=None)
@given(dose=st.sampled_from(["0.5", "1.5", "3", "4.5", "12.5", "50"]), hour=st.floats(0.5, 240))
def test_brain_retention_never_shows_less_blockade_than_the_plasma_driven_model(dose, hour):
    plasma = simulate(single_dose(dose), [hour], model=PLASMA_DRIVEN).mu_occupancy[0]
    retention = simulate(single_dose(dose), [hour], model=BRAIN_RETENTION).mu_occupancy[0]
    assert retention >= plasma


def test_on_daily_4_5_mg_the_models_disagree_most_on_the_morning_after_trough():
    regimen = repeated_doses("4.5", 14)
    comparison = compare_models(regimen, time_grid(regimen.last_dose_h + 24, 0.5))
    assert comparison.figures_of(BRAIN_RETENTION).occupancy_after_last_dose > 0.3
    assert comparison.figures_of(PLASMA_DRIVEN).occupancy_after_last_dose < 0.2
    assert comparison.spread_after_last_dose > 0.15


def test_a_simulation_records_which_model_made_it():
    sim = simulate(single_dose("4.5"), time_grid(24, 1), model=PLASMA_DRIVEN)
    assert sim.as_dict()["model"] == PLASMA_DRIVEN
    assert sim.parameters.version.endswith(PLASMA_DRIVEN)
