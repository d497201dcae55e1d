"""The fast percentile bands equal np.percentile over the full curves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.pharmacology import (
    load_parameters,
    plan_regimen,
    repeated_doses,
    simulate_population,
    time_grid,
)
from ldncare.pharmacology.models import model_names, model_parameters
from ldncare.pharmacology.percentiles import RowPercentiles
from ldncare.pharmacology.population import population_curves, sample_subjects
from ldncare.pharmacology.simulation import default_model_name


def _full_bands(regimen, times, count, seed, percentiles, model=None):
    data = load_parameters()
    subjects = sample_subjects(model_parameters(model or default_model_name()), data.cv(), count, seed)
    curves = population_curves(regimen, times, subjects)
    return {name: np.percentile(values, percentiles, axis=0) for name, values in curves.items()}


@pytest.mark.parametrize("model", model_names())
def test_bands_equal_numpy_percentile_on_a_small_population(model):
    regimen = plan_regimen([(0, "1.5"), (24, "3"), (48.5, "4.5"), (72, "4.5")])
    times = time_grid(96, 0.25)
    percentiles = (5.0, 50.0, 95.0)
    fast = simulate_population(regimen, times, 700, seed=4, percentiles=percentiles, model=model)
    expected = _full_bands(regimen, times, 700, 4, percentiles, model)
    for name, values in expected.items():
        np.testing.assert_allclose(fast.bands[name], values, rtol=1e-12, atol=0)


def test_bands_equal_numpy_percentile_on_a_population_large_enough_to_sample():
    # 10,000 subjects: the sampled brackets and the carried-over brackets are both used.
    regimen = repeated_doses("4.5", 3)
    times = time_grid(72, 0.5)
    percentiles = (2.5, 10.0, 50.0, 90.0, 97.5)
    fast = simulate_population(regimen, times, 10_000, seed=9, percentiles=percentiles)
    expected = _full_bands(regimen, times, 10_000, 9, percentiles)
    for name, values in expected.items():
        np.testing.assert_allclose(fast.bands[name], values, rtol=1e-12, atol=0)


def test_the_extreme_percentiles_are_the_minimum_and_the_maximum():
    regimen = repeated_doses("3", 2)
    times = time_grid(48, 1)
    fast = simulate_population(regimen, times, 300, seed=2, percentiles=(0, 100))
    expected = _full_bands(regimen, times, 300, 2, (0, 100))
    np.testing.assert_allclose(fast.bands["mu_occupancy"], expected["mu_occupancy"], rtol=1e-12, atol=0)


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.lists(st.floats(-1e6, 1e6, allow_nan=False, allow_subnormal=False), min_size=9, max_size=9),
        min_size=1,
        max_size=6,
    ),
    percentiles=st.lists(st.floats(0, 100), min_size=1, max_size=4),
)
def test_row_percentiles_equal_numpy_for_any_rows_ties_included(rows, percentiles):
    selector = RowPercentiles(9, percentiles)
    for row in rows:
        values = np.array(row)
        np.testing.assert_array_equal(selector(values), np.percentile(values, percentiles))


def test_row_percentiles_stay_exact_when_a_row_jumps_far_from_the_last():
    generator = np.random.default_rng(5)
    selector = RowPercentiles(20_000, (5.0, 50.0, 95.0))
    for scale in (1.0, 1.01, 50.0, 0.001, 0.001):
        row = generator.lognormal(size=20_000) * scale
        np.testing.assert_array_equal(selector(row), np.percentile(row, (5.0, 50.0, 95.0)))
