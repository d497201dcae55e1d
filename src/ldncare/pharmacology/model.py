"""The closed-form model: oral naltrexone, 6beta-naltrexol, and mu-receptor occupancy.

Structure (``docs/pharmacology.md``, which names each source):

* gut -> parent (first-order absorption ``ka``; apparent CL/F and V/F);
* 6beta-naltrexol formed mostly before the parent reaches the circulation
  (first pass) and a small share from systemic parent, one compartment;
* an effect compartment per compound (``ke0``) feeding competitive, Hill-1
  occupancy: ``occ = Emax * x / (1 + x)``, ``x = Ce_p/EC50_p + Ce_m/EC50_m``;
* optionally (the *brain-retention* model, :mod:`ldncare.pharmacology.models`) a
  slow brain compartment per compound that fills from plasma at rate ``kslow``
  with gain ``g`` (``dCs/dt = kslow * (g * C - Cs)``) and adds ``Cs/EC50`` to the
  drive ``x``: drug held near the receptors and released slowly. With ``g = 0``
  it vanishes and the model is the plasma-driven one.

Every compartment is linear, so one dose gives a sum of five exponentials
(rates ``ka``, ``k``, ``km``, ``ke0``, ``kslow``) and any regimen is their superposition.
:func:`unit_dose_coefficients` derives the coefficients; :func:`exponential_basis`
sums the doses, either directly over (events x times) or by an exact
time-stepping recurrence (multiply by ``exp(-rate * dt)`` and add new doses)
that is cheap for large populations. No ODE solver is used.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ldncare.pharmacology.errors import TimeGridError
from ldncare.pharmacology.parameters import ModelParameters
from ldncare.pharmacology.regimen import Regimen

#: Index of each rate in the four-row basis.
KA, K, KM, KE0, KSLOW = 0, 1, 2, 3, 4

#: Two rates closer than this (relative) are pulled apart: the sum-of-exponentials
#: form has a removable singularity when rates are equal. The pull changes the
#: result by about this much, far below any data's precision.
RATE_SEPARATION = 1e-7

#: Most time points one simulation may ask for (180 days at 5-minute steps).
MAX_TIME_POINTS = 60_000

MG_TO_NG_PER_ML_PER_L = 1000.0  # 1 mg in V litres = 1000/V ng/mL


@dataclass(frozen=True)
class SubjectArrays:
    """Parameter values for S subjects, each an array of shape (S,)."""

    ka_per_h: np.ndarray
    parent_clearance_l_per_h: np.ndarray
    parent_volume_l: np.ndarray
    systemic_share_of_metabolite: np.ndarray
    metabolite_volume_l: np.ndarray
    metabolite_half_life_h: np.ndarray
    effect_equilibration_per_h: np.ndarray
    parent_ec50_ng_per_ml: np.ndarray
    metabolite_ec50_ratio: np.ndarray
    emax_fraction: np.ndarray
    slow_brain_rate_per_h: np.ndarray
    slow_brain_gain: np.ndarray

    @classmethod
    def typical(cls, params: ModelParameters, count: int = 1) -> SubjectArrays:
        names = cls.__dataclass_fields__
        return cls(**{name: np.full(count, float(getattr(params, name))) for name in names})

    @property
    def count(self) -> int:
        return int(self.ka_per_h.shape[0])


@dataclass(frozen=True)
class Coefficients:
    """Per-subject rates (5, S) and output coefficients per mg base (5, S)."""

    rates: np.ndarray
    parent: np.ndarray  # ng/mL naltrexone per mg base
    metabolite: np.ndarray  # ng/mL 6beta-naltrexol per mg base
    drive: np.ndarray  # x = (Ce_p + Cs_p)/EC50_p + (Ce_m + Cs_m)/EC50_m per mg base
    emax: np.ndarray

    @property
    def has_slow_brain(self) -> bool:
        """True when any subject's drive has a slow-brain (``kslow``) term."""
        return bool(np.any(self.drive[KSLOW] != 0.0))


def _separate(rates: np.ndarray) -> np.ndarray:
    """Pull apart rates that (nearly) coincide, subject by subject."""
    rates = rates.copy()
    for j in range(1, rates.shape[0]):
        for i in range(j):
            close = np.abs(rates[j] - rates[i]) < RATE_SEPARATION * np.maximum(rates[i], rates[j])
            if np.any(close):
                rates[j] = np.where(close, rates[i] * (1 + 2 * RATE_SEPARATION), rates[j])
    return rates


def _feed(coefs: np.ndarray, rates: np.ndarray, into: int, gain: np.ndarray) -> np.ndarray:
    """Coefficients of y with dy/dt = gain * sum(c_i e^{-r_i t}) - r_into * y, y(0) = 0."""
    out = np.zeros_like(coefs)
    for i in range(coefs.shape[0]):
        if i != into:
            out[i] = gain * coefs[i] / (rates[into] - rates[i])
    out[into] = -out.sum(axis=0)
    return out


def unit_dose_coefficients(subjects: SubjectArrays) -> Coefficients:
    """Sum-of-exponentials coefficients of every output after 1 mg base."""
    s = subjects
    k = s.parent_clearance_l_per_h / s.parent_volume_l
    km = math.log(2) / s.metabolite_half_life_h
    rates = _separate(np.stack([s.ka_per_h, k, km, s.effect_equilibration_per_h, s.slow_brain_rate_per_h]))
    ka, k, km, ke0, kslow = rates
    gut = np.zeros_like(rates)
    gut[KA] = 1.0
    parent_amount = _feed(gut, rates, K, ka)
    share = s.systemic_share_of_metabolite
    metabolite_amount = _feed(gut, rates, KM, (1 - share) * ka) + _feed(
        parent_amount, rates, KM, share * k
    )
    parent = parent_amount * (MG_TO_NG_PER_ML_PER_L / s.parent_volume_l)
    metabolite = metabolite_amount * (MG_TO_NG_PER_ML_PER_L / s.metabolite_volume_l)
    parent_effect = _feed(parent, rates, KE0, ke0)
    metabolite_effect = _feed(metabolite, rates, KE0, ke0)
    # Slow brain compartments: dCs/dt = kslow * (g * C - Cs); zero when g = 0.
    slow_gain = kslow * s.slow_brain_gain
    parent_effect = parent_effect + _feed(parent, rates, KSLOW, slow_gain)
    metabolite_effect = metabolite_effect + _feed(metabolite, rates, KSLOW, slow_gain)
    ec50_m = s.parent_ec50_ng_per_ml * s.metabolite_ec50_ratio
    drive = parent_effect / s.parent_ec50_ng_per_ml + metabolite_effect / ec50_m
    return Coefficients(rates, parent, metabolite, drive, s.emax_fraction)


def check_times(times_h: Sequence[float] | np.ndarray) -> np.ndarray:
    """Validate a time grid: finite, >= 0, increasing, not too long."""
    times = np.asarray(times_h, dtype=float)
    if times.ndim != 1 or times.size == 0:
        raise TimeGridError("give at least one time point")
    if times.size > MAX_TIME_POINTS:
        raise TimeGridError(
            f"{times.size} time points is more than {MAX_TIME_POINTS}; use a longer step or a shorter span"
        )
    if not np.all(np.isfinite(times)) or times[0] < 0:
        raise TimeGridError("times must be finite and zero or more hours")
    if np.any(np.diff(times) <= 0):
        raise TimeGridError("times must be strictly increasing")
    return times


def time_grid(hours: float, step_h: float) -> np.ndarray:
    """0, step, 2 step, ... up to and including ``hours`` (within rounding)."""
    if not math.isfinite(hours) or hours <= 0:
        raise TimeGridError(f"the simulated span must be more than 0 hours, not {hours}")
    if not math.isfinite(step_h) or step_h <= 0:
        raise TimeGridError(f"the time step must be more than 0 hours, not {step_h}")
    count = int(math.floor(hours / step_h + 1e-9)) + 1
    if count > MAX_TIME_POINTS:
        raise TimeGridError(
            f"{hours} h at {step_h} h steps is {count} points, more than {MAX_TIME_POINTS}; use a longer step"
        )
    return np.arange(count) * step_h


def exponential_basis(rates: np.ndarray, regimen: Regimen, times: np.ndarray) -> np.ndarray:
    """E[i, s, t] = sum over doses of dose_mg_base * exp(-rate[i, s] * (t - t_dose)) for t >= t_dose.

    Direct evaluation over (events x times); right for one or a few subjects.
    """
    basis = np.zeros((rates.shape[0], rates.shape[1], times.size))
    for event in regimen.events:
        amount = event.base_mg
        if amount == 0:
            continue
        first = int(np.searchsorted(times, event.time_h, side="left"))
        if first == times.size:
            continue
        lag = times[first:] - event.time_h
        basis[:, :, first:] += amount * np.exp(-rates[:, :, None] * lag[None, None, :])
    return basis


@dataclass(frozen=True)
class Curves:
    """Outputs for S subjects at T times: arrays of shape (S, T)."""

    naltrexone_ng_per_ml: np.ndarray
    naltrexol_ng_per_ml: np.ndarray
    mu_occupancy: np.ndarray


def curves_from_basis(coefs: Coefficients, basis: np.ndarray) -> Curves:
    parent = np.einsum("is,ist->st", coefs.parent, basis)
    metabolite = np.einsum("is,ist->st", coefs.metabolite, basis)
    drive = np.einsum("is,ist->st", coefs.drive, basis)
    # Round-off can leave -1e-18 where the true value is 0 (at a dose time).
    np.maximum(parent, 0.0, out=parent)
    np.maximum(metabolite, 0.0, out=metabolite)
    np.maximum(drive, 0.0, out=drive)
    occupancy = coefs.emax[:, None] * drive / (1.0 + drive)
    return Curves(parent, metabolite, occupancy)


def simulate_curves(subjects: SubjectArrays, regimen: Regimen, times_h: Sequence[float] | np.ndarray) -> Curves:
    """Concentrations and occupancy of each subject in ``subjects`` at ``times_h``."""
    times = check_times(times_h)
    coefs = unit_dose_coefficients(subjects)
    return curves_from_basis(coefs, exponential_basis(coefs.rates, regimen, times))


def dose_events_by_step(regimen: Regimen, times: np.ndarray) -> dict[int, list[tuple[float, float]]]:
    """For the time-stepping recurrence: which doses arrive at or before each grid point."""
    arrivals: dict[int, list[tuple[float, float]]] = {}
    for event in regimen.events:
        if event.base_mg == 0:
            continue
        index = int(np.searchsorted(times, event.time_h, side="left"))
        if index < times.size:
            arrivals.setdefault(index, []).append((event.time_h, event.base_mg))
    return arrivals
