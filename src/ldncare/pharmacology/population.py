"""Population runs: many virtual patients with log-normal between-subject variability.

Each varying parameter is ``theta * exp(eta)``, ``eta ~ N(0, omega^2)`` with
``omega = sqrt(ln(1 + CV^2))``; the CVs come from the data file and are
labelled there as assumptions. A seeded ``numpy.random.Generator`` makes a run
reproducible. The curves are computed by an exact time-stepping recurrence
(each exponential is multiplied by ``exp(-rate * dt)`` per step and new doses
are added), vectorised over subjects, and reduced to percentile bands block by
block so memory stays small even for 100,000 subjects.
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
from ldncare.pharmacology.parameters import VARIABLE_PARAMETERS, ModelParameters, load_parameters
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


#: Subjects per inner chunk: small enough that one chunk's arrays stay in the CPU cache.
SUBJECT_CHUNK = 32768
#: Amounts (mg) below this are set to zero (see _advance).
NEGLIGIBLE_MG = 1e-30


def _steps(coefs: Coefficients, regimen: Regimen, times: np.ndarray, block: int):
    """Yield (start, parent, metabolite, occupancy) blocks of shape (B, S) by exact recurrence."""
    subjects = coefs.rates.shape[1]
    arrivals = dose_events_by_step(regimen, times)
    steps = np.diff(times, prepend=times[0])
    chunks = [slice(lo, min(lo + SUBJECT_CHUNK, subjects)) for lo in range(0, subjects, SUBJECT_CHUNK)]
    states = [np.zeros((4, c.stop - c.start)) for c in chunks]
    for start in range(0, times.size, block):
        stop = min(start + block, times.size)
        parent = np.empty((stop - start, subjects))
        metabolite = np.empty_like(parent)
        occupancy = np.empty_like(parent)
        for chunk, basis in zip(chunks, states, strict=True):
            _advance(coefs, chunk, basis, arrivals, times, steps, start, stop,
                     parent[:, chunk], metabolite[:, chunk], occupancy[:, chunk])
        yield start, parent, metabolite, occupancy


def _advance(coefs, chunk, basis, arrivals, times, steps, start, stop, parent, metabolite, occupancy):
    """Run one subject chunk from step ``start`` to ``stop``, writing rows of the output blocks."""
    rates = coefs.rates[:, chunk]
    cp, cm, cd = coefs.parent[:, chunk], coefs.metabolite[:, chunk], coefs.drive[:, chunk]
    emax = coefs.emax[chunk]
    decay_cache: dict[float, np.ndarray] = {}
    scratch = np.empty(basis.shape[1])
    for n in range(start, stop):
        if n > 0:
            step = float(steps[n])
            decay = decay_cache.get(step)
            if decay is None:
                decay = decay_cache.setdefault(step, np.exp(-rates * step))
            basis *= decay
            if n % 8 == 0:
                # Long-decayed exponentials would become subnormal floats, which are
                # ~100x slower to multiply; below 1e-30 mg they are exactly negligible.
                basis[basis < NEGLIGIBLE_MG] = 0.0
        for dose_time, amount in arrivals.get(n, ()):
            basis += amount * np.exp(-rates * (times[n] - dose_time))
        row = n - start
        # parent has no km or ke0 term; metabolite no ke0 term (see model.unit_dose_coefficients)
        out = parent[row]
        np.multiply(cp[0], basis[0], out=scratch)
        out[:] = scratch
        np.multiply(cp[1], basis[1], out=scratch)
        out += scratch
        out = metabolite[row]
        np.multiply(cm[0], basis[0], out=scratch)
        out[:] = scratch
        for i in (1, 2):
            np.multiply(cm[i], basis[i], out=scratch)
            out += scratch
        drive = np.multiply(cd[0], basis[0])
        for i in (1, 2, 3):
            np.multiply(cd[i], basis[i], out=scratch)
            drive += scratch
        np.maximum(drive, 0.0, out=drive)
        np.add(drive, 1.0, out=scratch)
        drive /= scratch
        drive *= emax
        occupancy[row] = drive
    np.maximum(parent, 0.0, out=parent)
    np.maximum(metabolite, 0.0, out=metabolite)


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
) -> PopulationResult:
    """Percentile bands over ``subjects`` virtual patients (defaults: shipped typical values and CVs)."""
    times = check_times(times_h)
    shipped = load_parameters()
    typical = typical or shipped.typical
    cv = shipped.cv() if cv is None else cv
    wanted = tuple(float(p) for p in percentiles)
    if not wanted or any(not 0 <= p <= 100 for p in wanted):
        raise PharmacologyError("percentiles must be between 0 and 100")
    coefs = unit_dose_coefficients(sample_subjects(typical, cv, subjects, seed))
    bands = {name: np.empty((len(wanted), times.size)) for name in OUTPUTS}
    for start, *blocks in _steps(coefs, regimen, times, max(1, block)):
        stop = start + blocks[0].shape[0]
        for name, values in zip(OUTPUTS, blocks, strict=True):
            bands[name][:, start:stop] = np.percentile(values, wanted, axis=1)
        if progress is not None:
            progress(stop, times.size)
    return PopulationResult(times, wanted, bands, subjects, seed, typical.version, regimen)


def population_curves(
    regimen: Regimen, times_h: Sequence[float] | np.ndarray, subjects: SubjectArrays
) -> dict[str, np.ndarray]:
    """Full (S, T) curves by the recurrence, for tests and small runs (memory grows with S x T)."""
    times = check_times(times_h)
    coefs = unit_dose_coefficients(subjects)
    parts = list(_steps(coefs, regimen, times, times.size))
    _, parent, metabolite, occupancy = parts[0]
    return {"naltrexone_ng_per_ml": parent.T, "naltrexol_ng_per_ml": metabolite.T, "mu_occupancy": occupancy.T}
