"""The public PK/PD simulator: a request checked against the page's limits, run
through :mod:`ldncare.pharmacology`, and shaped for the page, the charts and the API.

Limits, and why:

* dose above 0 and at most 50 mg: 50 mg is the licensed tablet and the highest
  single dose with human PK and PET data the model is calibrated on; above it the
  model has no anchor at all, and LDN doses are a tenth of that or less;
* at most 1008 hours (six weeks): long enough for the standard titration ladder
  and for 6β-naltrexol (half-life about 13 h) to reach steady state many times over,
  short enough that a public page stays fast;
* a population of 500 virtual patients with a fixed seed on the page (the same
  bands every time, in well under a second); the API allows up to 2000.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np

from ldncare.charts import Band, Series, line_chart
from ldncare.dosing import build_plan, dose_events, load_library
from ldncare.pharmacology import (
    PopulationResult,
    Regimen,
    Simulation,
    load_parameters,
    plan_regimen,
    repeated_doses,
    simulate,
    simulate_population,
    time_grid,
    with_missed_doses,
)
from ldncare.pharmacology.comparison import ModelComparison, compare_models
from ldncare.pharmacology.limits import MAX_DOSES, MAX_HOURS  # shared with ``ldncare simulate``
from ldncare.pharmacology.models import model_names, structural_models
from ldncare.pharmacology.rebound import ReboundCurve, ReboundHypothesis, rebound_signal
from ldncare.pharmacology.simulation import default_model_name, simulation_report
from ldncare.pharmacology.validation import ValidationRow, model_validation
from ldncare.units import Dose, format_mg

MAX_DOSE_MG = Decimal("50")
MAX_PROTOCOL_DAYS = 42
PAGE_POPULATION = 500
PAGE_SEED = 2026
#: The page's grid: a quarter hour, coarser only when that would pass this many points.
PAGE_MAX_POINTS = 2000
PAGE_STEP_H = 0.25
API_MAX_POPULATION = 2000
API_MAX_POINTS = 10_000
#: population x points: the work (and memory) one API call may ask for.
API_MAX_WORK = 2_000_000
#: An arbitrary calendar start: the protocol's days only matter relative to it.
PLAN_START = date(2026, 1, 5)
class SimulatorInputError(ValueError):
    """A request the simulator will not run; ``field`` names the input to change."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class SimulatorRequest:
    """What someone asked to see. ``protocol`` (a library name) replaces dose/doses/interval."""

    dose: Dose
    doses: int = 1
    interval_hours: float = 24.0
    protocol: str | None = None
    protocol_days: int = 28
    missed: tuple[int, ...] = ()  # 1-based dose numbers, as people count them
    hours: float | None = None
    thresholds: tuple[float, ...] = (0.5, 0.9)
    rebound: ReboundHypothesis | None = None
    #: The structural model for the summary and the bands; None = the one that passes validation.
    model: str | None = None


def model_choices() -> list[tuple[str, str]]:
    """(name, title) of every structural model, the default first."""
    default = default_model_name()
    models = structural_models()
    return [(name, models[name].title) for name in sorted(models, key=lambda n: n != default)]


def check_model(name: str | None) -> str:
    """``name`` if it is a shipped model (None = the default); :class:`SimulatorInputError` otherwise."""
    if name is None:
        return default_model_name()
    if name not in model_names():
        raise SimulatorInputError("model", f"Choose one of: {', '.join(model_names())}.")
    return name


def check_dose(dose: Dose) -> Dose:
    """The dose if the simulator accepts it; :class:`SimulatorInputError` on ``dose_mg`` otherwise."""
    if dose.mg <= 0:
        raise SimulatorInputError("dose_mg", "Give a dose above 0 mg.")
    if dose.mg > MAX_DOSE_MG:
        raise SimulatorInputError(
            "dose_mg", f"The simulator stops at {format_mg(MAX_DOSE_MG)} mg: that is the highest dose "
                       "with human data behind the model, and far above any LDN dose.")
    return dose


def protocols() -> list[tuple[str, str]]:
    """(name, title) of every library protocol that has numbers (not the custom template)."""
    library = load_library()
    return [(name, p.title) for name, p in library.protocols.items() if not p.is_template]


def protocol_regimen(name: str, days: int) -> Regimen:
    """The first ``days`` days of a library protocol as dose events at 24-hour spacing."""
    protocol = load_library().get(name)
    plan = build_plan(protocol, PLAN_START)
    last = PLAN_START + timedelta(days=days - 1)
    return plan_regimen(((e.day - PLAN_START).days * 24.0, e.dose)
                        for e in dose_events(plan, PLAN_START, last))


def regimen_for(request: SimulatorRequest) -> Regimen:
    """The dose events ``request`` describes, missed doses left out."""
    if request.protocol:
        regimen = protocol_regimen(request.protocol, request.protocol_days)
    else:
        regimen = repeated_doses(check_dose(request.dose), request.doses, request.interval_hours)
    if request.missed:
        if any(n < 1 or n > len(regimen.events) for n in request.missed):
            raise SimulatorInputError(
                "missed", f"Missed doses must be numbered 1 to {len(regimen.events)} for this plan.")
        if len(set(request.missed)) >= len(regimen.events):
            raise SimulatorInputError("missed", "Every dose is marked missed; nothing is left to show.")
        regimen = with_missed_doses(regimen, [n - 1 for n in request.missed])
    return regimen


def span_for(request: SimulatorRequest, regimen: Regimen) -> float:
    """Hours to show: as asked, or 24 h past the last dose, never above :data:`MAX_HOURS`."""
    if request.hours is not None:
        if not 0 < request.hours <= MAX_HOURS:
            raise SimulatorInputError("hours", f"Choose between 1 and {MAX_HOURS:g} hours.")
        return request.hours
    return min(regimen.last_dose_h + 24.0, MAX_HOURS)


def page_step(hours: float) -> float:
    """A quarter hour, or the smallest half-hour multiple that keeps the grid under the cap."""
    if hours / PAGE_STEP_H < PAGE_MAX_POINTS:
        return PAGE_STEP_H
    return math.ceil(hours / PAGE_MAX_POINTS / 0.5) * 0.5


@dataclass(frozen=True, eq=False)
class SimulatorResult:
    request: SimulatorRequest
    simulation: Simulation
    population: PopulationResult
    comparison: ModelComparison | None = None
    rebound: ReboundCurve | None = None
    step_h: float = PAGE_STEP_H
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def model_title(self) -> str:
        return structural_models()[self.simulation.model].title

    @property
    def extrapolates(self) -> bool:
        return self.simulation.extrapolates

    def threshold_rows(self) -> list[dict[str, float]]:
        """Hours at or above each threshold: typical patient and the 5th/95th percentile curves."""
        times = self.population.times_h
        low, high = self.population.percentiles[0], self.population.percentiles[-1]
        from ldncare.pharmacology.simulation import hours_above

        return [{"threshold_percent": t * 100,
                 "typical": self.simulation.hours_above_occupancy(t),
                 "low": hours_above(times, self.population.band("mu_occupancy", low), t),
                 "high": hours_above(times, self.population.band("mu_occupancy", high), t)}
                for t in self.request.thresholds]


def run(request: SimulatorRequest, *, population: int = PAGE_POPULATION,
        seed: int = PAGE_SEED) -> SimulatorResult:
    """Simulate ``request`` for the typical patient and a seeded population.

    Raises :class:`SimulatorInputError` for limits of this page and lets
    :class:`ldncare.pharmacology.PharmacologyError` through for the model's own.
    """
    regimen = regimen_for(request)
    if not request.protocol:
        check_dose(request.dose)
    model = check_model(request.model)
    hours = span_for(request, regimen)
    step = page_step(hours)
    times = time_grid(hours, step)
    comparison = compare_models(regimen, times)
    simulation = comparison.figures_of(model).simulation
    bands = simulate_population(regimen, times, population, seed, model=model)
    curve = rebound_signal(times, simulation.mu_occupancy, request.rebound) if request.rebound else None
    return SimulatorResult(request, simulation, bands, comparison, curve, step,
                           simulation.summary(request.thresholds))


def _band(label: str, population: PopulationResult, output: str, scale: float) -> Band:
    low, high = population.percentiles[0], population.percentiles[-1]
    return Band(f"{label} {low:g}th-{high:g}th percentile of {population.subjects} virtual patients",
                population.times_h.tolist(), (population.band(output, low) * scale).tolist(),
                (population.band(output, high) * scale).tolist())


def concentration_chart(result: SimulatorResult) -> str:
    """Plasma naltrexone and 6β-naltrexol (typical patient) with the naltrexol band."""
    sim = result.simulation
    x = sim.times_h.tolist()
    return line_chart(
        "Modelled plasma concentrations",
        [Series("naltrexone (typical)", x, sim.naltrexone_ng_per_ml.tolist()),
         Series("6β-naltrexol (typical)", x, sim.naltrexol_ng_per_ml.tolist())],
        description="Model output, not a measurement. The shaded band is the 6β-naltrexol spread "
                    "across virtual patients. Below 50 mg the model extrapolates.",
        x_label="hours after the first dose", y_label="ng/mL",
        band=_band("6β-naltrexol", result.population, "naltrexol_ng_per_ml", 1.0), y_min=0)


#: The other model's line: a second colour, so the two models are told apart without a legend key.
OTHER_MODEL_COLOUR = "#b35c00"


def occupancy_chart(result: SimulatorResult) -> str:
    """Occupancy of the typical patient under every model, with the chosen model's band."""
    chosen = result.simulation.model
    figures = result.comparison.figures if result.comparison else ()
    x = result.simulation.times_h.tolist()
    series = [Series(f"{f.title} (typical)", x, (f.simulation.mu_occupancy * 100).tolist(),
                     colour=None if f.model == chosen else OTHER_MODEL_COLOUR) for f in figures]
    return line_chart(
        "Modelled μ-opioid receptor occupancy: two models",
        series or [Series("occupancy (typical)", x, (result.simulation.mu_occupancy * 100).tolist())],
        description="Model output, not a measurement. Two models of how long blockade lasts are drawn; "
                    f"the shaded band is the spread across virtual patients under the {result.model_title.lower()}. "
                    "Below 50 mg the model extrapolates.",
        x_label="hours after the first dose", y_label="occupancy (%)",
        band=_band("occupancy", result.population, "mu_occupancy", 100.0), y_min=0, y_max=100)


def rebound_chart(curve: ReboundCurve) -> str:
    return line_chart(
        "HYPOTHESIS: rebound signal (relative to baseline)",
        [Series("hypothetical signal", curve.times_h.tolist(), curve.signal.tolist(), colour="#7a4e9c")],
        description="A toy model with parameters you chose. No human data support or size this curve.",
        x_label="hours after the first dose", y_label="signal (baseline = 1)")


@dataclass(frozen=True)
class ParameterRow:
    name: str
    value: float
    unit: str
    tag: str
    source: str
    cv: float | None = None


def parameter_rows() -> list[ParameterRow]:
    """Every model parameter with its unit, tag, source and (where it varies) its CV; the
    brain-retention model's own parameters last, named with the model."""
    shipped = load_parameters()
    rows = [ParameterRow(name, e.value, e.unit, e.tag, e.source,
                         shipped.variability[name].cv if name in shipped.variability else None)
            for name, e in shipped.entries.items()]
    for model in structural_models().values():
        rows += [ParameterRow(f"{name} ({model.title.lower()} only)", e.value, e.unit, e.tag, e.source)
                 for name, e in model.extra_parameters.items()]
    return rows


def variability_rows() -> list[tuple[str, float, str, str]]:
    shipped = load_parameters()
    return [(name, v.cv, v.tag, v.source) for name, v in shipped.variability.items()]


@dataclass(frozen=True)
class ModelValidation:
    name: str
    title: str
    summary: str
    rows: tuple[ValidationRow, ...]

    @property
    def misses(self) -> int:
        return sum(not row.within_tolerance for row in self.rows)


@functools.cache
def validation_rows() -> tuple[ModelValidation, ...]:
    """Published human data against each model, the default first (computed once per process)."""
    models = structural_models()
    return tuple(ModelValidation(name, models[name].title, models[name].summary, model_validation(name))
                 for name, _title in model_choices())


# --- the API's shape (the same as ``ldncare simulate --json``) -------------------------


@dataclass(frozen=True)
class ApiRequest:
    dose: Dose
    hours: float | None
    step_h: float
    doses: int
    interval_hours: float
    population: int
    seed: int | None
    model: str | None = None


def check_api_request(req: ApiRequest) -> tuple[Regimen, np.ndarray]:
    """The regimen and grid for an API call, or :class:`SimulatorInputError` naming the field."""
    check_dose(req.dose)
    if not 1 <= req.doses <= MAX_DOSES:
        raise SimulatorInputError("doses", f"doses must be 1 to {MAX_DOSES}")
    if not (math.isfinite(req.interval_hours) and 1 <= req.interval_hours <= 168):
        raise SimulatorInputError("interval_hours", "interval_hours must be 1 to 168")
    if not (math.isfinite(req.step_h) and 0.01 <= req.step_h <= 24):
        raise SimulatorInputError("step_h", "step_h must be 0.01 to 24 hours")
    hours = req.hours if req.hours is not None else (req.doses - 1) * req.interval_hours + 24.0
    if not (math.isfinite(hours) and 0 < hours <= MAX_HOURS):
        raise SimulatorInputError("hours", f"hours must be above 0 and at most {MAX_HOURS:g}")
    points = int(hours / req.step_h) + 1
    if points > API_MAX_POINTS:
        raise SimulatorInputError("step_h", f"{points} time points is more than {API_MAX_POINTS}; "
                                            "use a longer step or fewer hours")
    if not 0 <= req.population <= API_MAX_POPULATION:
        raise SimulatorInputError("population", f"population must be 0 to {API_MAX_POPULATION}")
    if req.population * points > API_MAX_WORK:
        raise SimulatorInputError("population", f"population x time points must be at most "
                                                f"{API_MAX_WORK:,}; use fewer patients or a longer step")
    if req.seed is not None and not 0 <= req.seed < 2**32:
        raise SimulatorInputError("seed", "seed must be 0 to 4294967295")
    return repeated_doses(req.dose, req.doses, req.interval_hours), time_grid(hours, req.step_h)


def api_payload(req: ApiRequest) -> dict[str, Any]:
    """The CLI's JSON object for ``req`` (``population`` only when asked for)."""
    regimen, times = check_api_request(req)
    model = check_model(req.model)
    population = (simulate_population(regimen, times, req.population, req.seed, model=model).as_dict()
                  if req.population else None)
    return simulation_report(format_mg(req.dose.mg), req.doses, req.interval_hours,
                             simulate(regimen, times, model=model), population,
                             compare_models(regimen, times).as_dict())
