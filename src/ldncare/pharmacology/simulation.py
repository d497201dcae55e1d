"""One virtual patient (the typical values): curves, peaks, and time above thresholds.

:func:`simulate` is what the CLI and the public page call for a chosen dose or
plan. The result is a frozen value with ``as_dict()`` / ``from_dict()`` so the
web layer can store it (it records the parameter-data version it used).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ldncare.pharmacology.model import SubjectArrays, check_times, simulate_curves
from ldncare.pharmacology.parameters import ModelParameters, default_parameters
from ldncare.pharmacology.regimen import Regimen

#: Below this single dose (mg HCl) no human PK or PET time-course data exist:
#: the model extrapolates by assuming linear kinetics (pkpd.md §1.1, "No IR data at 0.5-5 mg").
LOWEST_DOSE_WITH_HUMAN_PK_MG = 50


@dataclass(frozen=True)
class Peak:
    value: float
    time_h: float


def peak_of(times: np.ndarray, values: np.ndarray) -> Peak:
    """Highest grid value and its time (resolution = the grid step)."""
    index = int(np.argmax(values))
    return Peak(float(values[index]), float(times[index]))


def hours_above(times: np.ndarray, values: np.ndarray, threshold: float) -> float:
    """Hours during which ``values`` (linear between points) is at or above ``threshold``."""
    if times.size < 2:
        return 0.0
    a, b = values[:-1], values[1:]
    width = np.diff(times)
    both = (a >= threshold) & (b >= threshold)
    crossing = (a >= threshold) != (b >= threshold)
    span = np.where(crossing, np.abs(b - a), 1.0)
    above_part = np.where(a >= threshold, a - threshold, b - threshold)
    fraction = np.where(crossing, np.clip(above_part / span, 0.0, 1.0), 0.0)
    return float(np.sum(width * both) + np.sum(width * fraction))


@dataclass(frozen=True, eq=False)
class Simulation:
    """Typical-patient curves for one regimen on one time grid."""

    regimen: Regimen
    times_h: np.ndarray
    naltrexone_ng_per_ml: np.ndarray
    naltrexol_ng_per_ml: np.ndarray
    mu_occupancy: np.ndarray
    parameters: ModelParameters

    @property
    def naltrexone_peak(self) -> Peak:
        return peak_of(self.times_h, self.naltrexone_ng_per_ml)

    @property
    def naltrexol_peak(self) -> Peak:
        return peak_of(self.times_h, self.naltrexol_ng_per_ml)

    @property
    def occupancy_peak(self) -> Peak:
        return peak_of(self.times_h, self.mu_occupancy)

    def hours_above_occupancy(self, threshold: float) -> float:
        """Hours with mu occupancy at or above ``threshold`` (a fraction 0-1)."""
        return hours_above(self.times_h, self.mu_occupancy, threshold)

    @property
    def extrapolates(self) -> bool:
        """True when any dose is below the lowest dose with human PK data (50 mg)."""
        return any(e.dose.mg < LOWEST_DOSE_WITH_HUMAN_PK_MG for e in self.regimen.events if e.dose.mg)

    def summary(self, thresholds: Sequence[float] = (0.5, 0.9)) -> dict[str, Any]:
        """Peaks and hours above each occupancy threshold, JSON-ready."""
        parent, metabolite, occupancy = self.naltrexone_peak, self.naltrexol_peak, self.occupancy_peak
        return {
            "cmax_ng_per_ml": {"naltrexone": parent.value, "6beta_naltrexol": metabolite.value},
            "tmax_h": {"naltrexone": parent.time_h, "6beta_naltrexol": metabolite.time_h},
            "peak_mu_occupancy": occupancy.value,
            "peak_mu_occupancy_time_h": occupancy.time_h,
            "hours_above_mu_occupancy": {
                f"{threshold:g}": self.hours_above_occupancy(threshold) for threshold in thresholds
            },
            "extrapolated_below_human_data": self.extrapolates,
        }

    def series(self) -> list[dict[str, float]]:
        return [
            {
                "t_h": float(t),
                "naltrexone_ng_per_ml": float(p),
                "naltrexol_ng_per_ml": float(m),
                "mu_occupancy": float(o),
            }
            for t, p, m, o in zip(
                self.times_h, self.naltrexone_ng_per_ml, self.naltrexol_ng_per_ml, self.mu_occupancy,
                strict=True,
            )
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "parameters_version": self.parameters.version,
            "parameters": self.parameters.as_dict(),
            "regimen": self.regimen.as_dict(),
            "series": self.series(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Simulation:
        series = data["series"]
        column = lambda key: np.array([point[key] for point in series], dtype=float)  # noqa: E731
        return cls(
            regimen=Regimen.from_dict(data["regimen"]),
            times_h=column("t_h"),
            naltrexone_ng_per_ml=column("naltrexone_ng_per_ml"),
            naltrexol_ng_per_ml=column("naltrexol_ng_per_ml"),
            mu_occupancy=column("mu_occupancy"),
            parameters=ModelParameters.from_dict(data["parameters"]),
        )


def simulate(
    regimen: Regimen,
    times_h: Sequence[float] | np.ndarray,
    parameters: ModelParameters | None = None,
) -> Simulation:
    """Curves of the typical patient (``parameters``, default the shipped data) for ``regimen``."""
    params = parameters or default_parameters()
    times = check_times(times_h)
    curves = simulate_curves(SubjectArrays.typical(params), regimen, times)
    return Simulation(
        regimen=regimen,
        times_h=times,
        naltrexone_ng_per_ml=curves.naltrexone_ng_per_ml[0],
        naltrexol_ng_per_ml=curves.naltrexol_ng_per_ml[0],
        mu_occupancy=curves.mu_occupancy[0],
        parameters=params,
    )


#: What every simulation report says about the model it came from.
MODEL_NOTE = "closed-form PK/PD model; below 50 mg it extrapolates (no human PK data)"


def simulation_report(dose_mg: str, doses: int, interval_hours: float, result: Simulation,
                      population: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON object of ``ldncare simulate --json`` and ``POST /api/library/simulate``:
    the request, the model note, peaks, hours above thresholds and the series."""
    report: dict[str, Any] = {
        "dose_mg": dose_mg,
        "doses": doses,
        "interval_hours": interval_hours,
        "parameters_version": result.parameters.version,
        "model": MODEL_NOTE,
        **result.summary(),
        "series": result.series(),
    }
    if population is not None:
        report["population"] = population
    return report
