"""Population runs: many virtual patients with log-normal between-subject variability.

Each varying parameter is ``theta * exp(eta)``, ``eta ~ N(0, omega^2)`` with
``omega = sqrt(ln(1 + CV^2))``; the CVs come from the data file and are
labelled there as assumptions. A seeded ``numpy.random.Generator`` makes a run
reproducible. The curves are computed by an exact time-stepping recurrence
(each exponential is multiplied by ``exp(-rate * dt)`` per step and new doses
are added), vectorised over subjects, one time point at a time, and each row is
reduced to its percentiles at once (:mod:`ldncare.pharmacology.percentiles`), so
memory stays a few rows even for 100,000 subjects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ldncare.pharmacology.errors import PharmacologyError
from ldncare.pharmacology.model import (
    Coefficients,
    SubjectArrays,
    check_times,
    dose_events_by_step,
    unit_dose_coefficients,
)
from ldncare.pharmacology.models import model_parameters
from ldncare.pharmacology.parameters import VARIABLE_PARAMETERS, ModelParameters, load_parameters
from ldncare.pharmacology.percentiles import RowPercentiles
from ldncare.pharmacology.regimen import Regimen

#: A population cannot be larger than this (memory and time guard).
MAX_SUBJECTS = 1_000_000
DEFAULT_PERCENTILES = (5.0, 50.0, 95.0)
OUTPUTS = ("naltrexone_ng_per_ml", "naltrexol_ng_per_ml", "mu_occupancy")

#: progress(done_steps, total_steps) is called after each block of time steps.
Progress = Callable[[int, int], None]


def sample_subjects(
    typical: ModelParameters, cv: Mapping[str, float], count: int, seed: int | None
) -> SubjectArrays:
    """``count`` subjects drawn around ``typical`` with log-normal variability ``cv``."""
    if not 1 <= count <= MAX_SUBJECTS:
        raise PharmacologyError(f"a population needs 1 to {MAX_SUBJECTS:,} subjects, not {count}")
    unknown = set(cv) - set(VARIABLE_PARAMETERS)
    if unknown:
        raise PharmacologyError(f"no variability can be set for {sorted(unknown)}")
    if any(value < 0 for value in cv.values()):
        raise PharmacologyError("a coefficient of variation cannot be negative")
    generator = np.random.default_rng(seed)
    subjects = SubjectArrays.typical(typical, count)
    values = dict(subjects.__dict__)
    for name in VARIABLE_PARAMETERS:  # fixed order, so a seed always means the same draws
        omega = float(np.sqrt(np.log1p(cv.get(name, 0.0) ** 2)))
        eta = generator.standard_normal(count)
        values[name] = values[name] * np.exp(omega * eta)
    return SubjectArrays(**values)


@dataclass(frozen=True, eq=False)
class PopulationResult:
    """Percentile bands of each output: ``bands[output]`` has shape (len(percentiles), T)."""

    times_h: np.ndarray
    percentiles: tuple[float, ...]
    bands: dict[str, np.ndarray]
    subjects: int
    seed: int | None
    parameters_version: str
    regimen: Regimen

    def band(self, output: str, percentile: float) -> np.ndarray:
        return self.bands[output][self.percentiles.index(percentile)]

    def as_dict(self) -> dict[str, Any]:
        return {
            "parameters_version": self.parameters_version,
            "subjects": self.subjects,
            "seed": self.seed,
            "percentiles": list(self.percentiles),
            "regimen": self.regimen.as_dict(),
            "times_h": self.times_h.tolist(),
            "bands": {name: values.tolist() for name, values in self.bands.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PopulationResult:
        return cls(
            times_h=np.array(data["times_h"], dtype=float),
            percentiles=tuple(float(p) for p in data["percentiles"]),
            bands={name: np.array(values, dtype=float) for name, values in data["bands"].items()},
            subjects=int(data["subjects"]),
            seed=data["seed"],
            parameters_version=str(data["parameters_version"]),
            regimen=Regimen.from_dict(data["regimen"]),
        )


#: Terms (ng/mL, or drive units) below this are set to zero (see _Rows.step).
NEGLIGIBLE = 1e-30


#: For each output, the exponentials (model.KA, K, KM, KE0, KSLOW) it is made of: the
#: parent has no km, ke0 or kslow term, the metabolite no ke0 or kslow term, and the
#: drive has a kslow term only in the brain-retention model (see model.unit_dose_coefficients).
_TERMS = {"parent": (0, 1), "metabolite": (0, 1, 2), "drive": (0, 1, 2, 3)}
_TERMS_SLOW_BRAIN = {**_TERMS, "drive": (0, 1, 2, 3, 4)}


class _Rows:
    """The exact time-stepping recurrence, one time point at a time, over all subjects.

    Each output is a sum of terms ``c_i * b_i(t)`` where ``b_i`` is a sum of decaying
    exponentials. The nine terms (ten with a slow brain compartment) are kept already multiplied by their coefficients
    and all decay in one multiplication by ``exp(-rate * dt)`` per step; a dose adds
    ``c_i * amount * exp(-rate * lag)``. So a step costs a few array operations
    whatever the number of doses. After :meth:`step`, the row methods fill reused
    buffers of shape (S,): plasma naltrexone and 6beta-naltrexol before clamping at
    zero, and the occupancy drive ``x`` before clamping and before ``Emax * x / (1 + x)``.
    """

    def __init__(self, coefs: Coefficients, regimen: Regimen, times: np.ndarray) -> None:
        self.times = times
        self.arrivals = dose_events_by_step(regimen, times)
        self.steps = np.diff(times, prepend=times[0])
        self.rates = coefs.rates
        layout = _TERMS_SLOW_BRAIN if coefs.has_slow_brain else _TERMS
        self.rate_of_term = np.array([i for terms in layout.values() for i in terms])
        self.coefficients = np.concatenate(
            [getattr(coefs, name)[list(terms)] for name, terms in layout.items()]
        )
        subjects = coefs.rates.shape[1]
        self.terms = np.zeros((self.rate_of_term.size, subjects))
        self.parent, self.metabolite, self.drive = (np.empty(subjects) for _ in range(3))
        self.decays: dict[float, np.ndarray] = {}

    def step(self, n: int) -> None:
        """Advance to time point ``n`` (call with n = 0, 1, 2, ... in order)."""
        terms = self.terms
        if n > 0:
            step = float(self.steps[n])
            decay = self.decays.get(step)
            if decay is None:
                decay = self.decays.setdefault(step, np.exp(-self.rates * step)[self.rate_of_term])
            terms *= decay
            if n % 32 == 0:
                # Long-decayed exponentials would become subnormal floats, which are
                # ~100x slower to multiply; below 1e-30 they are exactly negligible.
                terms[np.abs(terms) < NEGLIGIBLE] = 0.0
        for dose_time, amount in self.arrivals.get(n, ()):
            arrived = amount * np.exp(-self.rates * (self.times[n] - dose_time))
            terms += self.coefficients * arrived[self.rate_of_term]

    # Each row is made just before it is used, while it is still in the CPU cache.
    def parent_row(self) -> np.ndarray:
        return self._sum(0, 2, self.parent)

    def metabolite_row(self) -> np.ndarray:
        return self._sum(2, 5, self.metabolite)

    def drive_row(self) -> np.ndarray:
        return self._sum(5, self.rate_of_term.size, self.drive)

    def _sum(self, first: int, stop: int, out: np.ndarray) -> np.ndarray:
        np.add(self.terms[first], self.terms[first + 1], out=out)
        for i in range(first + 2, stop):
            out += self.terms[i]
        return out


def _occupancy(drive: np.ndarray, emax: np.ndarray | float) -> np.ndarray:
    """``Emax * x / (1 + x)`` of the clamped drive, in the recurrence's exact operation order."""
    drive = np.maximum(drive, 0.0)
    drive /= drive + 1.0
    drive *= emax
    return drive


def simulate_population(
    regimen: Regimen,
    times_h: Sequence[float] | np.ndarray,
    subjects: int,
    seed: int | None = None,
    *,
    typical: ModelParameters | None = None,
    cv: Mapping[str, float] | None = None,
    percentiles: Sequence[float] = DEFAULT_PERCENTILES,
    progress: Progress | None = None,
    block: int = 96,
    model: str | None = None,
) -> PopulationResult:
    """Percentile bands over ``subjects`` virtual patients (defaults: the default model's
    typical values, see :mod:`ldncare.pharmacology.models`, and the shipped CVs).

    The bands equal ``np.percentile`` (linear method) over the subjects' curves at
    each time point. ``progress(done, total)`` is called every ``block`` time points
    and at the end.
    """
    times = check_times(times_h)
    shipped = load_parameters()
    if typical is None:
        from ldncare.pharmacology.simulation import default_model_name

        typical = model_parameters(model or default_model_name())
    cv = shipped.cv() if cv is None else cv
    wanted = tuple(float(p) for p in percentiles)
    if not wanted or any(not 0 <= p <= 100 for p in wanted):
        raise PharmacologyError("percentiles must be between 0 and 100")
    coefs = unit_dose_coefficients(sample_subjects(typical, cv, subjects, seed))
    bands = _bands(coefs, regimen, times, wanted, progress, max(1, block))
    return PopulationResult(times, wanted, bands, subjects, seed, typical.version, regimen)


def _bands(
    coefs: Coefficients,
    regimen: Regimen,
    times: np.ndarray,
    percentiles: tuple[float, ...],
    progress: Progress | None,
    block: int,
) -> dict[str, np.ndarray]:
    """Percentile bands, one time point at a time, never holding more than one row per output."""
    count = coefs.rates.shape[1]
    emax = coefs.emax
    if np.all(emax == emax[0]):
        # The same Emax for everyone: occupancy is a monotone map of the drive, so
        # map only the selected order statistics (same floats as mapping every value).
        scale = float(emax[0])
        drive_rows = RowPercentiles(count, percentiles, lambda x: _occupancy(x, scale))
    else:
        drive_rows = None
    clamp = _clamp_at_zero
    selectors = {
        "naltrexone_ng_per_ml": RowPercentiles(count, percentiles, clamp),
        "naltrexol_ng_per_ml": RowPercentiles(count, percentiles, clamp),
        "mu_occupancy": drive_rows or RowPercentiles(count, percentiles),
    }
    bands = {name: np.empty((len(percentiles), times.size)) for name in OUTPUTS}
    rows = _Rows(coefs, regimen, times)
    for n in range(times.size):
        rows.step(n)
        bands["naltrexone_ng_per_ml"][:, n] = selectors["naltrexone_ng_per_ml"](rows.parent_row())
        bands["naltrexol_ng_per_ml"][:, n] = selectors["naltrexol_ng_per_ml"](rows.metabolite_row())
        drive = rows.drive_row()
        occupancy_row = drive if drive_rows is not None else _occupancy(drive, emax)
        bands["mu_occupancy"][:, n] = selectors["mu_occupancy"](occupancy_row)
        if progress is not None and ((n + 1) % block == 0 or n + 1 == times.size):
            progress(n + 1, times.size)
    return bands


def _clamp_at_zero(values: np.ndarray) -> np.ndarray:
    # Round-off can leave -1e-18 where the true value is 0 (at a dose time).
    return np.maximum(values, 0.0)


def population_curves(
    regimen: Regimen, times_h: Sequence[float] | np.ndarray, subjects: SubjectArrays
) -> dict[str, np.ndarray]:
    """Full (S, T) curves by the recurrence, for tests and small runs (memory grows with S x T)."""
    times = check_times(times_h)
    coefs = unit_dose_coefficients(subjects)
    rows = _Rows(coefs, regimen, times)
    parent, metabolite, occupancy = (np.empty((coefs.rates.shape[1], times.size)) for _ in range(3))
    for n in range(times.size):
        rows.step(n)
        parent[:, n] = _clamp_at_zero(rows.parent_row())
        metabolite[:, n] = _clamp_at_zero(rows.metabolite_row())
        occupancy[:, n] = _occupancy(rows.drive_row(), coefs.emax)
    return {"naltrexone_ng_per_ml": parent, "naltrexol_ng_per_ml": metabolite, "mu_occupancy": occupancy}
