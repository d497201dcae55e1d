"""PK/PD population benchmark (issues 8 and 19, Performance), for each structural model.

100,000 virtual patients, 7 days of daily 4.5 mg at 15-minute resolution, one
core, percentile bands included; baseline: the same model integrated per subject
with scipy.integrate.solve_ivp (LSODA, rtol 1e-10) on a sample of subjects, in
the same run. Also reports the closed form's worst relative disagreement with
the ODE on that sample. The brain-retention model adds two slow brain
compartments (one more exponential in the closed form). Nothing here asserts a time.
"""

from __future__ import annotations

import time

import numpy as np
from scipy.integrate import solve_ivp

from benchmarks.harness import Report
from ldncare.pharmacology import load_parameters, repeated_doses, simulate_population, time_grid
from ldncare.pharmacology.model import simulate_curves
from ldncare.pharmacology.models import model_parameters, structural_models
from ldncare.pharmacology.population import sample_subjects

SUBJECTS = 100_000
ODE_SAMPLE = 10


def _ode(subject: dict[str, float], regimen, times: np.ndarray) -> np.ndarray:
    ka, s = subject["ka_per_h"], subject["systemic_share_of_metabolite"]
    k = subject["parent_clearance_l_per_h"] / subject["parent_volume_l"]
    km, ke0 = np.log(2) / subject["metabolite_half_life_h"], subject["effect_equilibration_per_h"]
    kslow, gain = subject["slow_brain_rate_per_h"], subject["slow_brain_gain"]
    cp_f, cm_f = 1000 / subject["parent_volume_l"], 1000 / subject["metabolite_volume_l"]

    def rhs(_t, y):
        gut, parent, metab, ce_p, ce_m, cs_p, cs_m = y
        return [-ka * gut, ka * gut - k * parent, (1 - s) * ka * gut + s * k * parent - km * metab,
                ke0 * (parent * cp_f - ce_p), ke0 * (metab * cm_f - ce_m),
                kslow * (gain * parent * cp_f - cs_p), kslow * (gain * metab * cm_f - cs_m)]

    y0, pieces = np.zeros(7), []
    dose_times = [e.time_h for e in regimen.events]
    for i, start in enumerate(dose_times):
        y0 = y0.copy()
        y0[0] += regimen.events[i].base_mg
        end = dose_times[i + 1] if i + 1 < len(dose_times) else float(times[-1])
        last = i + 1 == len(dose_times)
        wanted = times[(times >= start) & ((times <= end) if last else (times < end))]
        sol = solve_ivp(rhs, (start, end), y0, method="LSODA", t_eval=np.append(wanted, end) if not last else wanted,
                        rtol=1e-10, atol=1e-14)
        pieces.append(sol.y[:, : len(wanted)])
        y0 = sol.y[:, -1]
    y = np.concatenate(pieces, axis=1)
    ec50_m = subject["parent_ec50_ng_per_ml"] * subject["metabolite_ec50_ratio"]
    x = (y[3] + y[5]) / subject["parent_ec50_ng_per_ml"] + (y[4] + y[6]) / ec50_m
    return np.stack([y[1] * cp_f, y[2] * cm_f, subject["emax_fraction"] * x / (1 + x)])


def _cpu_seconds(action) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def run(report: Report) -> None:
    for name in structural_models():
        _run_model(report, name)


def _run_model(report: Report, model: str) -> None:
    data = load_parameters()
    regimen = repeated_doses("4.5", 7)
    times = time_grid(168, 0.25)
    report.section(f"Pharmacology ({model} model): 100,000-patient population, 7 days daily dosing at 15 min")
    sample = sample_subjects(model_parameters(model), data.cv(), ODE_SAMPLE, seed=11)
    subjects = [{name: float(getattr(sample, name)[i]) for name in sample.__dataclass_fields__} for i in range(ODE_SAMPLE)]
    ode = report.measure(lambda: [_ode(s, regimen, times) for s in subjects], repeat=3, operations=ODE_SAMPLE)
    population = report.measure(lambda: simulate_population(regimen, times, SUBJECTS, seed=1, model=model),
                                repeat=3, operations=SUBJECTS)
    report.row(f"solve_ivp LSODA per subject (sample of {ODE_SAMPLE})", ode, goal="baseline")
    report.row(f"closed form, {SUBJECTS:,} subjects with 5/50/95th percentile bands", population, baseline=ode,
               goal="< 2 s total; >= 100x per subject")
    report.row("population wall time", f"{population.median_s:.2f} s", goal="< 2 s")
    report.row("population CPU time of this process (one run; wall time above includes other load "
               "on the shared cores)", f"{_cpu_seconds(lambda: simulate_population(regimen, times, SUBJECTS, seed=1, model=model)):.2f} s",
               goal="< 2 s")
    closed = simulate_curves(sample, regimen, times)
    worst = 0.0
    for i, subject in enumerate(subjects):
        reference = _ode(subject, regimen, times)
        mine = np.stack([closed.naltrexone_ng_per_ml[i], closed.naltrexol_ng_per_ml[i], closed.mu_occupancy[i]])
        scale = np.maximum(np.abs(reference), 1e-6 * np.abs(reference).max(axis=1, keepdims=True))
        worst = max(worst, float(np.max(np.abs(mine - reference) / scale)))
    report.row("worst relative difference, closed form vs ODE", f"{worst:.1e}", goal="<= 1e-6")
    report.note(f"{times.size} time points x {SUBJECTS:,} subjects x 3 outputs; model parameters "
                f"{model_parameters(model).version}.")
    report.note("Bands are exact order statistics (equal to np.percentile): each time point's row is counted against "
                "a bracket carried over from the last one and only the few hundred values inside are partitioned.")
