"""Regimens: single, repeated, plans and missed doses."""

from __future__ import annotations

import numpy as np
import pytest

from ldncare.pharmacology import (
    RegimenError,
    TimeGridError,
    plan_regimen,
    repeated_doses,
    simulate,
    single_dose,
    time_grid,
    with_missed_doses,
)
from ldncare.pharmacology.simulation import Simulation


def test_repeated_doses_accumulate_the_metabolite_towards_steady_state():
    sim = simulate(repeated_doses("4.5", 7), time_grid(168, 0.25))
    daily_peaks = [sim.naltrexol_ng_per_ml[(sim.times_h >= d * 24) & (sim.times_h < d * 24 + 24)].max() for d in range(7)]
    assert all(b >= a for a, b in zip(daily_peaks, daily_peaks[1:], strict=False))
    assert daily_peaks[-1] / daily_peaks[-2] < 1.01


def test_a_missed_dose_lowers_the_next_day():
    plan = repeated_doses("4.5", 5)
    full = simulate(plan, time_grid(120, 0.5))
    missed = simulate(with_missed_doses(plan, [3]), time_grid(120, 0.5))
    day4 = (full.times_h >= 72) & (full.times_h < 96)
    assert missed.mu_occupancy[day4].max() < full.mu_occupancy[day4].max()


def test_it_rejects_a_missed_position_outside_the_plan():
    with pytest.raises(RegimenError, match="outside the plan"):
        with_missed_doses(repeated_doses("1", 3), [5])


def test_a_titration_plan_maps_to_events_in_time_order():
    plan = plan_regimen([(48, "3"), (0, "1.5"), (24, "1.5")])
    assert [e.time_h for e in plan.events] == [0, 24, 48]


def test_it_rejects_a_negative_dose_time():
    with pytest.raises(RegimenError, match="zero or more hours"):
        single_dose("1", at_h=-1)


def test_it_rejects_too_many_time_points():
    with pytest.raises(TimeGridError, match="use a longer step"):
        time_grid(24 * 365, 0.01)


def test_a_simulation_round_trips_through_its_dict():
    sim = simulate(repeated_doses("4.5", 2), time_grid(48, 1))
    again = Simulation.from_dict(sim.as_dict())
    np.testing.assert_array_equal(again.mu_occupancy, sim.mu_occupancy)
    assert again.regimen == sim.regimen and again.parameters == sim.parameters


def test_hours_above_a_threshold_is_zero_when_never_reached():
    sim = simulate(single_dose("0.5"), time_grid(24, 0.25))
    assert sim.hours_above_occupancy(0.9) == 0
    assert sim.hours_above_occupancy(0.0) == pytest.approx(24)
