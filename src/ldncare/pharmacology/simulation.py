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
from ldncare.pharmacology.models import model_parameters
from ldncare.pharmacology.parameters import ModelParameters
from ldncare.pharmacology.regimen import Regimen

#: Below this single dose (mg HCl) no human PK or PET time-course data exist:
#: the model extrapolates by assuming linear kinetics (no immediate-release data at 0.5-5 mg;
#: docs/pharmacology.md).
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
    #: The structural model's name (``data/models.yaml``), or "custom" for own parameters.
    model: str = "custom"

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
            "model": self.model,
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
            model=str(data.get("model", "custom")),
        )


def default_model_name() -> str:
    """The model that passes validation (see :mod:`ldncare.pharmacology.validation`)."""
    from ldncare.pharmacology.validation import default_model_name as chosen

    return chosen()


def simulate(
    regimen: Regimen,
    times_h: Sequence[float] | np.ndarray,
    parameters: ModelParameters | None = None,
    model: str | None = None,
) -> Simulation:
    """Curves of the typical patient for ``regimen``.

    ``model`` names a structural model (``data/models.yaml``); without it and without
    ``parameters`` the default model (the one that passes validation) is used.
    ``parameters`` alone runs those values as a "custom" model.
    """
    name = model or ("custom" if parameters is not None else default_model_name())
    params = parameters or model_parameters(name)
    times = check_times(times_h)
    curves = simulate_curves(SubjectArrays.typical(params), regimen, times)
    return Simulation(
        regimen=regimen,
        times_h=times,
        naltrexone_ng_per_ml=curves.naltrexone_ng_per_ml[0],
        naltrexol_ng_per_ml=curves.naltrexol_ng_per_ml[0],
        mu_occupancy=curves.mu_occupancy[0],
        parameters=params,
        model=name,
    )


#: What every simulation report says about where its numbers come from.
CAVEATS = (
    "This is a model, not a measurement, and not advice for any one person.",
    "Below 50 mg no human blood-level data exist: every LDN curve assumes small doses are handled "
    "like 50 mg (linear kinetics).",
    "No PET scan has measured receptor blockade later than 8 hours after a dose below 12.5 mg; "
    "how long blockade lasts at LDN doses is modelled, not measured.",
    "The two models agree on the early PET measurements and part later: the plasma-driven model lets "
    "blockade fall with blood levels; the brain-retention model (fitted to one study of 5 volunteers, "
    "Lee 1988) keeps part of it for days. Both are shown.",
    "Differences between patients (the bands) use assumed spreads, not measured ones.",
)


def simulation_report(dose_mg: str, doses: int, interval_hours: float, result: Simulation,
                      population: dict[str, Any] | None = None,
                      comparison: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON object of ``ldncare simulate --json`` and ``POST /api/library/simulate``:
    the request, the model and its validation rows, caveats, peaks, hours above
    thresholds, the series, and (when given) the population bands and the model comparison."""
    from ldncare.pharmacology.models import structural_models
    from ldncare.pharmacology.validation import model_validation

    known = result.model in structural_models()
    report: dict[str, Any] = {
        "dose_mg": dose_mg,
        "doses": doses,
        "interval_hours": interval_hours,
        "parameters_version": result.parameters.version,
        "model": result.model,
        "model_summary": structural_models()[result.model].summary if known else "own parameters",
        "validation": [row.as_dict() for row in model_validation(result.model)] if known else [],
        "caveats": list(CAVEATS),
        **result.summary(),
        "series": result.series(),
    }
    if comparison is not None:
        report["comparison"] = comparison
    if population is not None:
        report["population"] = population
    return report
