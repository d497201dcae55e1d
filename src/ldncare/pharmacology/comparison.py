"""Both structural models on the same regimen, and a plain account of how far they differ.

:func:`compare_models` runs every shipped model (``data/models.yaml``) for the typical
patient and reports, per model, the peak occupancy, the occupancy 24 h after the last
dose and the hours at or above 50 %; :class:`ModelComparison.sentences` says what is
measured, what is modelled and how much the models disagree, in words a clinician or
a patient can follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ldncare.pharmacology.model import check_times
from ldncare.pharmacology.models import structural_models
from ldncare.pharmacology.regimen import Regimen
from ldncare.pharmacology.simulation import Simulation, default_model_name, simulate

#: The question the comparison answers: how much blockade is left a day after the last dose.
HOURS_AFTER_LAST_DOSE = 24.0

MEASURED = ("Measured in people: receptor blockade by PET within 8 hours of single doses of 2 to 50 mg, "
            "and from 3 hours to 7 days after 12.5 to 100 mg. Nothing has been measured later than "
            "8 hours after a dose below 12.5 mg.")


@dataclass(frozen=True)
class ModelFigures:
    """One model's typical-patient figures for the regimen."""

    model: str
    title: str
    summary: str
    peak_occupancy: float
    occupancy_after_last_dose: float
    hours_at_or_above_half: float
    simulation: Simulation

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "title": self.title, "summary": self.summary,
                "peak_mu_occupancy": self.peak_occupancy,
                "mu_occupancy_24h_after_last_dose": self.occupancy_after_last_dose,
                "hours_above_mu_occupancy_0.5": self.hours_at_or_above_half}


@dataclass(frozen=True)
class ModelComparison:
    default_model: str
    figures: tuple[ModelFigures, ...]

    def figures_of(self, model: str) -> ModelFigures:
        return next(f for f in self.figures if f.model == model)

    @property
    def spread_after_last_dose(self) -> float:
        """Largest minus smallest occupancy 24 h after the last dose (fraction)."""
        values = [f.occupancy_after_last_dose for f in self.figures]
        return max(values) - min(values)

    def sentences(self) -> list[str]:
        parts = ", ".join(f"{f.title.lower()} {f.occupancy_after_last_dose:.0%}" for f in self.figures)
        return [
            MEASURED,
            "Modelled: both models reproduce those early measurements, then part. "
            f"{HOURS_AFTER_LAST_DOSE:g} hours after the last dose the typical patient's blockade is: {parts} "
            f"(a difference of {self.spread_after_last_dose * 100:.0f} percentage points).",
            f"The {self.figures_of(self.default_model).title.lower()} is shown by default because it is the one "
            "that also matches the later PET scans and the product labels' statements on how long blockade lasts.",
        ]

    def as_dict(self) -> dict[str, Any]:
        return {"default_model": self.default_model,
                "hours_after_last_dose": HOURS_AFTER_LAST_DOSE,
                "models": [f.as_dict() for f in self.figures],
                "difference_24h_after_last_dose": self.spread_after_last_dose,
                "sentences": self.sentences()}


def compare_models(regimen: Regimen, times_h: Sequence[float] | np.ndarray) -> ModelComparison:
    """Every shipped model for the typical patient on ``regimen`` over ``times_h``."""
    times = check_times(times_h)
    after = regimen.last_dose_h + HOURS_AFTER_LAST_DOSE
    figures = []
    for name, model in structural_models().items():
        sim = simulate(regimen, times, model=name)
        later = float(simulate(regimen, [after], model=name).mu_occupancy[0])
        figures.append(ModelFigures(name, model.title, model.summary, sim.occupancy_peak.value, later,
                                    sim.hours_above_occupancy(0.5), sim))
    return ModelComparison(default_model_name(), tuple(figures))
