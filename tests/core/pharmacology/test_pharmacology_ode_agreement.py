"""The closed form must equal the model's ODEs (solved by scipy) to 1e-6 relative."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from ldncare.pharmacology import default_parameters, plan_regimen, repeated_doses, time_grid
from ldncare.pharmacology.model import SubjectArrays, simulate_curves
from ldncare.pharmacology.models import BRAIN_RETENTION, model_parameters
from ldncare.pharmacology.population import population_curves, sample_subjects


def ode_solution(params, regimen, times):
    """Integrate gut, parent, metabolite, two effect and two slow brain compartments dose by dose."""
    ka, k = params.ka_per_h, params.parent_clearance_l_per_h / params.parent_volume_l
    km, ke0, s = np.log(2) / params.metabolite_half_life_h, params.effect_equilibration_per_h, params.systemic_share_of_metabolite
    cp_f, cm_f = 1000 / params.parent_volume_l, 1000 / params.metabolite_volume_l
    kslow, gain = params.slow_brain_rate_per_h, params.slow_brain_gain

    def rhs(_t, y):
        gut, parent, metab, ce_p, ce_m, cs_p, cs_m = y
        return [-ka * gut, ka * gut - k * parent, (1 - s) * ka * gut + s * k * parent - km * metab,
                ke0 * (parent * cp_f - ce_p), ke0 * (metab * cm_f - ce_m),
                kslow * (gain * parent * cp_f - cs_p), kslow * (gain * metab * cm_f - cs_m)]

    state, t_now, out = np.zeros(7), 0.0, []
    boundaries = sorted({e.time_h for e in regimen.events} | {float(times[-1])})
    for boundary in boundaries:
        wanted = times[(times >= t_now) & (times < boundary)] if boundary < times[-1] else times[times >= t_now]
        if boundary > t_now:
            sol = solve_ivp(rhs, (t_now, boundary), state, method="LSODA", t_eval=wanted, rtol=1e-11, atol=1e-16)
            out.append(sol.y)
            state = sol.y[:, -1] if sol.y.shape[1] and sol.t[-1] == boundary else solve_ivp(
                rhs, (t_now, boundary), state, method="LSODA", rtol=1e-11, atol=1e-16).y[:, -1]
        state = state.copy()
        state[0] += sum(e.base_mg for e in regimen.events if e.time_h == boundary)
        t_now = boundary
    y = np.concatenate(out, axis=1)
    ec50_m = params.parent_ec50_ng_per_ml * params.metabolite_ec50_ratio
    x = (y[3] + y[5]) / params.parent_ec50_ng_per_ml + (y[4] + y[6]) / ec50_m
    return y[1] * cp_f, y[2] * cm_f, params.emax_fraction * x / (1 + x)


def assert_close(closed, ode):
    for a, b in zip(closed, ode, strict=True):
        scale = np.maximum(np.abs(b), 1e-6 * np.max(np.abs(b)))
        assert np.max(np.abs(a - b) / scale) < 1e-6


def test_it_matches_the_ode_for_a_week_of_daily_doses():
    params = default_parameters()
    regimen = repeated_doses("4.5", 7)
    times = time_grid(168, 0.25)
    curves = simulate_curves(SubjectArrays.typical(params), regimen, times)
    closed = (curves.naltrexone_ng_per_ml[0], curves.naltrexol_ng_per_ml[0], curves.mu_occupancy[0])
    assert_close(closed, ode_solution(params, regimen, times))


def test_the_brain_retention_model_matches_its_ode_for_a_week_of_daily_doses():
    params = model_parameters(BRAIN_RETENTION)
    regimen = repeated_doses("4.5", 7)
    times = time_grid(168, 0.25)
    curves = simulate_curves(SubjectArrays.typical(params), regimen, times)
    closed = (curves.naltrexone_ng_per_ml[0], curves.naltrexol_ng_per_ml[0], curves.mu_occupancy[0])
    assert_close(closed, ode_solution(params, regimen, times))


@settings(max_examples=6, deadline=None)
@given(rate=st.floats(0.001, 0.2), gain=st.floats(0.01, 10))
def test_the_slow_brain_compartment_matches_the_ode_for_any_rate_and_gain(rate, gain):
    params = default_parameters().with_changes(slow_brain_rate_per_h=rate, slow_brain_gain=gain)
    regimen = repeated_doses("3", 2)
    times = time_grid(72, 0.5)
    curves = simulate_curves(SubjectArrays.typical(params), regimen, times)
    closed = (curves.naltrexone_ng_per_ml[0], curves.naltrexol_ng_per_ml[0], curves.mu_occupancy[0])
    assert_close(closed, ode_solution(params, regimen, times))


def test_the_population_recurrence_equals_the_direct_closed_form_with_a_slow_brain():
    params = model_parameters(BRAIN_RETENTION)
    subjects = sample_subjects(params, {"ka_per_h": 0.7, "parent_ec50_ng_per_ml": 0.4}, 50, seed=3)
    regimen = plan_regimen([(0, "1.5"), (24, "1.5"), (48.1, "3"), (72, "4.5")])
    times = time_grid(96, 0.25)
    direct = simulate_curves(subjects, regimen, times)
    stepped = population_curves(regimen, times, subjects)
    for name in ("naltrexone_ng_per_ml", "naltrexol_ng_per_ml", "mu_occupancy"):
        np.testing.assert_allclose(stepped[name], getattr(direct, name), rtol=1e-9, atol=1e-15)


def test_the_population_recurrence_equals_the_direct_closed_form():
    params = default_parameters()
    subjects = sample_subjects(params, {"ka_per_h": 0.7, "parent_ec50_ng_per_ml": 0.4}, 50, seed=3)
    regimen = plan_regimen([(0, "1.5"), (24, "1.5"), (48.1, "3"), (72, "4.5")])
    times = time_grid(96, 0.25)
    direct = simulate_curves(subjects, regimen, times)
    stepped = population_curves(regimen, times, subjects)
    for name in ("naltrexone_ng_per_ml", "naltrexol_ng_per_ml", "mu_occupancy"):
        np.testing.assert_allclose(stepped[name], getattr(direct, name), rtol=1e-9, atol=1e-15)


@settings(max_examples=8, deadline=None)
@given(ka=st.floats(0.3, 8), clearance=st.floats(100, 3000), ke0=st.floats(0.05, 5))
def test_it_matches_the_ode_for_any_plausible_subject(ka, clearance, ke0):
    params = default_parameters().with_changes(ka_per_h=ka, parent_clearance_l_per_h=clearance,
                                               effect_equilibration_per_h=ke0)
    regimen = repeated_doses("3", 2)
    times = time_grid(48, 0.5)
    curves = simulate_curves(SubjectArrays.typical(params), regimen, times)
    closed = (curves.naltrexone_ng_per_ml[0], curves.naltrexol_ng_per_ml[0], curves.mu_occupancy[0])
    assert_close(closed, ode_solution(params, regimen, times))


def test_it_stays_finite_when_two_rates_coincide():
    params = default_parameters().with_changes(effect_equilibration_per_h=params_k())
    sim = simulate_curves(SubjectArrays.typical(params), repeated_doses("4.5", 1), time_grid(24, 0.5))
    assert np.all(np.isfinite(sim.mu_occupancy))


def params_k():
    p = default_parameters()
    return p.parent_clearance_l_per_h / p.parent_volume_l
