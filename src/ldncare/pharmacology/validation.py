"""Published human data versus each model's predictions (``data/validation.yaml``).

:func:`validation_table` returns one :class:`ValidationRow` per published point,
with the prediction, whether it is within the stated tolerance, and its role for
that model (``calibration`` when the model's parameters were chosen on it, see
``data/models.yaml``; ``validation`` otherwise). The same rows are the tests in
``tests/core/pharmacology`` and the tables in ``docs/pharmacology.md``.
:func:`default_model_name` picks the model whose every row passes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ldncare.datafile import load_yaml
from ldncare.pharmacology.model import time_grid
from ldncare.pharmacology.models import get_model, structural_models
from ldncare.pharmacology.parameters import ModelParameters
from ldncare.pharmacology.regimen import repeated_doses, single_dose
from ldncare.pharmacology.simulation import Simulation, simulate

DATA_FILE = Path(__file__).parent / "data" / "validation.yaml"
#: Lee 1988 gives the blockade half-time as a range; inside it is a pass.
LEE_RANGE_H = (72.0, 108.0)
LEE_ID = "pet_lee_1988_blockade_half_time"
RABINER_SCAN_H = 3.0  # assumed: Rabiner 2011 gives "< 8 h" (Trøstheim 2022, Table 1), not the times


class PublishedPoint(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    quantity: str
    published: float
    tolerance_relative: float | None = None
    tolerance_absolute: float | None = None
    #: value: |predicted - published| within tolerance; at_least / at_most: a threshold.
    kind: Literal["value", "at_least", "at_most"] = "value"
    role: str = Field(pattern="^(calibration|validation)$")
    source: str


class ValidationFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    points: list[PublishedPoint]


@dataclass(frozen=True)
class ValidationRow:
    point: PublishedPoint
    predicted: float
    role: str = "validation"

    @property
    def within_tolerance(self) -> bool:
        p = self.point
        if p.kind == "at_least":
            return self.predicted >= p.published
        if p.kind == "at_most":
            return self.predicted <= p.published
        if p.tolerance_relative is not None:
            return abs(self.predicted - p.published) <= p.tolerance_relative * abs(p.published)
        return abs(self.predicted - p.published) <= (p.tolerance_absolute or 0.0) or (
            p.id == LEE_ID and LEE_RANGE_H[0] <= self.predicted <= LEE_RANGE_H[1]
        )


    @property
    def tolerance_text(self) -> str:
        p = self.point
        if p.kind == "at_least":
            return f"at least {p.published:g}"
        if p.kind == "at_most":
            return f"at most {p.published:g}"
        if p.id == LEE_ID:
            return f"{LEE_RANGE_H[0]:g} to {LEE_RANGE_H[1]:g}"
        if p.tolerance_relative is not None:
            return f"±{p.tolerance_relative:.0%}"
        return f"±{p.tolerance_absolute:g}"

    def as_dict(self) -> dict[str, Any]:
        p = self.point
        return {"id": p.id, "quantity": p.quantity, "published": p.published, "predicted": self.predicted,
                "tolerance": self.tolerance_text, "role": self.role, "passes": self.within_tolerance,
                "source": p.source}


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


def _heroin_spread(params: ModelParameters) -> float:
    """Max minus min occupancy at the label's heroin-blockade limits (50/24, 100/48, 150/72)."""
    values = [_occupancy_at(params, mg, hour) for mg, hour in (("50", 24), ("100", 48), ("150", 72))]
    return max(values) - min(values)


def _every_other_day_trough(params: ModelParameters) -> float:
    """Occupancy 48 h after the 7th of seven 50 mg doses given 48 h apart."""
    regimen = repeated_doses("50", 7, 48)
    return float(simulate(regimen, [regimen.last_dose_h + 48], params).mu_occupancy[0])


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
    "pet_2005_12_5mg_24h_significant": lambda p: _occupancy_at(p, "12.5", 24),
    "pet_2005_12_5mg_72h_not_significant": lambda p: _occupancy_at(p, "12.5", 72),
    "pet_2005_50mg_72h_significant": lambda p: _occupancy_at(p, "50", 72),
    "pet_2005_50mg_144h_significant": lambda p: _occupancy_at(p, "50", 144),
    "label_heroin_blockade_equal_occupancy": _heroin_spread,
    "label_ch_every_other_day_50mg_48h": _every_other_day_trough,
}


def _curve(params: ModelParameters, output: str) -> tuple[np.ndarray, np.ndarray]:
    sim = _single(params, "50", hours=96, step=0.1)
    return sim.times_h, getattr(sim, output)


def validation_table(parameters: ModelParameters | None = None, model: str | None = None) -> list[ValidationRow]:
    """Every published point with the prediction of ``model`` (default: the default model).

    ``parameters`` overrides the model's typical values (a what-if); the roles stay the model's.
    """
    chosen = get_model(model or default_model_name())
    params = parameters or chosen.parameters
    return [_row(point, params, chosen.calibrated_on) for point in load_validation().points]


def _row(point: PublishedPoint, params: ModelParameters, calibrated_on: frozenset[str]) -> ValidationRow:
    role = "calibration" if point.id in calibrated_on else "validation"
    return ValidationRow(point, float(PREDICTORS[point.id](params)), role)


@cache
def model_validation(model: str) -> tuple[ValidationRow, ...]:
    """The shipped model's rows (cached: the data are fixed)."""
    return tuple(validation_table(model=model))


@lru_cache(maxsize=1)
def default_model_name() -> str:
    """The model that passes validation: fewest rows outside tolerance (ties: ``models.yaml`` order)."""
    failures = {name: sum(not row.within_tolerance for row in model_validation(name))
                for name in structural_models()}
    return min(failures, key=lambda name: failures[name])


def validation_markdown(model: str | None = None) -> str:
    """The table for the docs, for one model."""
    lines = [
        "| quantity | published | predicted | tolerance | role | within? | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in model_validation(model or default_model_name()):
        p = row.point
        verdict = "yes" if row.within_tolerance else "**no**"
        lines.append(
            f"| {p.quantity} | {p.published:g} | {row.predicted:.3g} | {row.tolerance_text} | {row.role} "
            f"| {verdict} | {p.source} |"
        )
    return "\n".join(lines)
