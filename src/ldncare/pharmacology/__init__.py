"""PK/PD model of oral naltrexone, 6beta-naltrexol and mu-opioid receptor occupancy.

Public API (what the CLI and the web layer call):

* regimens: :func:`single_dose`, :func:`repeated_doses`, :func:`plan_regimen`,
  :func:`with_missed_doses`, :class:`Regimen`, :class:`DoseEvent`;
* :func:`time_grid` (hours, step) -> times;
* :func:`simulate` -> :class:`Simulation` (typical patient; ``summary()``,
  ``series()``, ``as_dict()`` / ``Simulation.from_dict``);
* :func:`simulate_population` -> :class:`PopulationResult` (percentile bands);
* :func:`load_parameters` / :func:`default_parameters` (sourced data, ``version``);
* :mod:`ldncare.pharmacology.rebound` (hypothesis only, never on by default);
* :func:`validation_table` (published vs predicted).
"""

from __future__ import annotations

from ldncare.pharmacology.errors import (
    ParameterError,
    PharmacologyError,
    RegimenError,
    TimeGridError,
)
from ldncare.pharmacology.model import time_grid
from ldncare.pharmacology.parameters import (
    ModelParameters,
    ParameterSet,
    default_parameters,
    load_parameters,
)
from ldncare.pharmacology.population import PopulationResult, simulate_population
from ldncare.pharmacology.regimen import (
    DoseEvent,
    Regimen,
    plan_regimen,
    repeated_doses,
    single_dose,
    with_missed_doses,
)
from ldncare.pharmacology.simulation import Simulation, simulate

__all__ = [
    "DoseEvent",
    "ModelParameters",
    "ParameterError",
    "ParameterSet",
    "PharmacologyError",
    "PopulationResult",
    "Regimen",
    "RegimenError",
    "Simulation",
    "TimeGridError",
    "default_parameters",
    "load_parameters",
    "plan_regimen",
    "repeated_doses",
    "simulate",
    "simulate_population",
    "single_dose",
    "time_grid",
    "with_missed_doses",
]
