"""Wilson intervals, Kaplan–Meier and the AR(1) helpers against known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.outcomes.errors import OutcomesError
from ldncare.outcomes.stats import (
    ar1_parameters,
    ar1_variance_of_mean,
    block_bootstrap_means,
    holm_adjusted,
    kaplan_meier,
    median_survival,
    survival_at,
    t_quantile_975,
    t_two_sided_p,
    wilson_interval,
)


def test_the_wilson_interval_matches_a_worked_example():
    # 8 of 10: Wilson 95% interval 0.490 to 0.943 (Newcombe 1998, method 3).
    p = wilson_interval(8, 10)
    assert p.rate == 0.8
    assert math.isclose(p.low, 0.4902, abs_tol=1e-3)
    assert math.isclose(p.high, 0.9433, abs_tol=1e-3)


def test_the_wilson_interval_has_no_rate_for_an_empty_group():
    assert wilson_interval(0, 0).rate is None


def test_the_wilson_interval_rejects_more_events_than_patients():
    with pytest.raises(OutcomesError):
        wilson_interval(3, 2)


@settings(max_examples=200)
@given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_the_wilson_interval_always_contains_the_rate_and_stays_in_0_1(pair):
    events, total = pair
    p = wilson_interval(events, total)
    if total:
        assert 0 <= p.low <= p.rate <= p.high <= 1


def test_kaplan_meier_matches_a_hand_worked_table():
    # times 3,5(stop),5(censored),8(stop),10(censored): S = 1, 0.8 at 5, 0.4 at 8.
    steps = kaplan_meier([3, 5, 5, 8, 10], [True, True, False, True, False])
    assert [s.day for s in steps] == [3, 5, 8, 10]
    assert math.isclose(steps[0].survival, 0.8)
    assert math.isclose(steps[1].survival, 0.8 * 3 / 4)
    assert math.isclose(steps[2].survival, 0.6 * 1 / 2)
    assert median_survival(steps) == 8
    assert survival_at(steps, 6) == pytest.approx(0.6)


@settings(max_examples=100)
@given(st.lists(st.tuples(st.integers(0, 400), st.booleans()), min_size=1, max_size=60))
def test_kaplan_meier_never_rises_and_stays_between_0_and_1(rows):
    steps = kaplan_meier([d for d, _ in rows], [s for _, s in rows])
    values = [s.survival for s in steps]
    assert all(0 <= v <= 1 for v in values)
    assert all(a >= b for a, b in zip(values, values[1:], strict=False))


def test_kaplan_meier_rejects_a_negative_time():
    with pytest.raises(OutcomesError):
        kaplan_meier([-1], [True])


def test_the_ar1_variance_of_a_mean_reduces_to_sigma_squared_over_n_without_autocorrelation():
    assert ar1_variance_of_mean(np.arange(10), 0.0, 2.0) == pytest.approx(0.4)


def test_autocorrelation_widens_the_variance_of_a_mean():
    days = np.arange(30)
    assert ar1_variance_of_mean(days, 0.5, 1.0) > ar1_variance_of_mean(days, 0.0, 1.0)


def test_it_estimates_the_ar1_coefficient_of_a_long_series():
    rng = np.random.default_rng(1)
    x = np.zeros(5000)
    for i in range(1, len(x)):
        x[i] = 0.6 * x[i - 1] + rng.normal()
    phi, sigma = ar1_parameters([x[:2500], x[2500:] + 3])
    assert phi == pytest.approx(0.6, abs=0.05)
    assert sigma == pytest.approx(1 / math.sqrt(1 - 0.36), rel=0.05)


def test_the_t_quantile_matches_tables():
    assert t_quantile_975(10) == pytest.approx(2.228, abs=2e-3)
    assert t_quantile_975(30) == pytest.approx(2.042, abs=2e-3)


def test_the_block_bootstrap_is_reproducible_with_a_seed():
    values = np.arange(20, dtype=float)
    one = block_bootstrap_means(values, block_days=7, resamples=50, rng=np.random.default_rng(3))
    two = block_bootstrap_means(values, block_days=7, resamples=50, rng=np.random.default_rng(3))
    assert np.array_equal(one, two)


@given(st.sets(st.integers(0, 120), min_size=1, max_size=60),
       st.floats(0.0, 0.95), st.floats(0.1, 3.0))
@settings(max_examples=60, deadline=None)
def test_the_variance_of_a_mean_equals_the_double_sum_over_observed_days(days, phi, sigma):
    observed = np.array(sorted(days))
    lags = np.abs(np.subtract.outer(observed, observed))
    direct = sigma * sigma * float((phi ** lags).sum()) / len(observed) ** 2
    assert math.isclose(ar1_variance_of_mean(observed, phi, sigma), direct, rel_tol=1e-9)


@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=12))
def test_holm_never_lowers_a_p_value_and_keeps_the_order(p_values):
    adjusted = holm_adjusted(p_values)
    assert all(a >= p - 1e-12 and a <= 1.0 for a, p in zip(adjusted, p_values, strict=True))
    ranked = sorted(range(len(p_values)), key=lambda i: p_values[i])
    assert all(adjusted[i] <= adjusted[j] + 1e-12 for i, j in zip(ranked, ranked[1:], strict=False))


@given(st.floats(-8, 8), st.floats(1, 200))
def test_a_t_p_value_is_a_probability_that_shrinks_as_t_grows(t, dof):
    p = t_two_sided_p(t, dof)
    assert 0.0 <= p <= 1.0
    assert t_two_sided_p(abs(t) + 0.5, dof) <= p + 1e-12
