"""Properties of every simulation: never negative, occupancy within 0..Emax, linear in dose."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.pharmacology import repeated_doses, simulate, single_dose, time_grid
from ldncare.units import Dose

doses = st.integers(1, 50_000).map(Dose.from_micrograms)


@settings(max_examples=30, deadline=None)
@given(dose=doses, count=st.integers(1, 5), interval=st.floats(4, 48))
def test_concentrations_are_never_negative_and_occupancy_stays_below_emax(dose, count, interval):
    sim = simulate(repeated_doses(dose, count, interval), time_grid(count * interval + 24, 0.5))
    assert np.all(sim.naltrexone_ng_per_ml >= 0)
    assert np.all(sim.naltrexol_ng_per_ml >= 0)
    assert np.all((sim.mu_occupancy >= 0) & (sim.mu_occupancy < sim.parameters.emax_fraction))


@settings(max_examples=20, deadline=None)
@given(dose=doses)
def test_concentrations_scale_linearly_with_the_dose(dose):
    grid = time_grid(24, 1)
    one = simulate(single_dose(dose), grid)
    two = simulate(single_dose(dose + dose), grid)
    np.testing.assert_allclose(two.naltrexone_ng_per_ml, 2 * one.naltrexone_ng_per_ml, rtol=1e-12, atol=1e-300)


@settings(max_examples=20, deadline=None)
@given(dose=doses)
def test_a_larger_dose_never_gives_lower_peak_occupancy(dose):
    grid = time_grid(24, 0.25)
    bigger = dose + Dose(Decimal("0.5"))
    assert simulate(single_dose(bigger), grid).occupancy_peak.value > simulate(single_dose(dose), grid).occupancy_peak.value


def test_the_dose_is_converted_from_hydrochloride_to_base():
    sim = simulate(single_dose("50"), time_grid(24, 0.01))
    p = sim.parameters
    # Cmax of a Bateman curve in ng/mL, from 45.18 mg base (not 50 mg)
    assert 11.5 < sim.naltrexone_peak.value < 12.6
    assert sim.naltrexone_peak.value * p.parent_volume_l / 1000 < 45.18


def test_a_dose_below_50_mg_is_marked_as_extrapolated():
    assert simulate(single_dose("4.5"), time_grid(24, 1)).extrapolates
    assert not simulate(single_dose("50"), time_grid(24, 1)).extrapolates
