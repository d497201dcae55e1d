"""Population runs: reproducible with a seed, ordered bands, progress reported."""

from __future__ import annotations

import numpy as np
import pytest

from ldncare.pharmacology import (
    PharmacologyError,
    PopulationResult,
    repeated_doses,
    simulate_population,
    time_grid,
)


def test_the_same_seed_gives_the_same_bands():
    args = (repeated_doses("4.5", 2), time_grid(48, 0.5), 300)
    a, b = simulate_population(*args, seed=7), simulate_population(*args, seed=7)
    np.testing.assert_array_equal(a.bands["mu_occupancy"], b.bands["mu_occupancy"])


def test_percentile_bands_are_ordered():
    res = simulate_population(repeated_doses("4.5", 2), time_grid(48, 0.5), 500, seed=1)
    for values in res.bands.values():
        assert np.all(np.diff(values, axis=0) >= 0)


def test_progress_is_reported_up_to_the_last_step():
    seen = []
    simulate_population(repeated_doses("1", 1), time_grid(48, 0.25), 10, seed=1,
                        progress=lambda done, total: seen.append((done, total)), block=50)
    assert seen[-1] == (193, 193) and len(seen) == 4


def test_without_variability_every_percentile_is_the_typical_curve():
    res = simulate_population(repeated_doses("4.5", 1), time_grid(24, 1), 20, seed=1, cv={})
    np.testing.assert_allclose(res.bands["mu_occupancy"][0], res.bands["mu_occupancy"][-1])


def test_it_rejects_an_empty_population():
    with pytest.raises(PharmacologyError, match="subjects"):
        simulate_population(repeated_doses("1", 1), time_grid(24, 1), 0)


def test_a_population_result_round_trips():
    res = simulate_population(repeated_doses("1", 1), time_grid(24, 1), 30, seed=2)
    again = PopulationResult.from_dict(res.as_dict())
    np.testing.assert_array_equal(again.bands["naltrexone_ng_per_ml"], res.bands["naltrexone_ng_per_ml"])
