"""PK/PD model of oral naltrexone, 6beta-naltrexol and mu-opioid receptor occupancy.

Public API (what the CLI and the web layer call):

* regimens: :func:`single_dose`, :func:`repeated_doses`, :func:`plan_regimen`,
  :func:`with_missed_doses`, :class:`Regimen`, :class:`DoseEvent`;
* :func:`time_grid` (hours, step) -> times;
* :func:`simulate` -> :class:`Simulation` (typical patient; ``summary()``,
  ``series()``, ``as_dict()`` / ``Simulation.from_dict``); ``model=`` names a
  structural model (:func:`model_names`; default: the one that passes validation);
* :func:`compare_models` -> both models on one regimen, with plain sentences;
* :func:`simulate_population` -> :class:`PopulationResult` (percentile bands);
* :func:`load_parameters` / :func:`default_parameters` (the sourced values both models
  share, i.e. the plasma-driven model; ``version``); :func:`model_parameters` (one model's);
* :mod:`ldncare.pharmacology.rebound` (hypothesis only, never on by default);
* :func:`validation_table` (published vs predicted).
"""

from __future__ import annotations

from ldncare.pharmacology.comparison import ModelComparison, compare_models
from ldncare.pharmacology.errors import (
    ParameterError,
    PharmacologyError,
    RegimenError,
    TimeGridError,
)
from ldncare.pharmacology.model import time_grid
from ldncare.pharmacology.models import model_names, model_parameters
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
    "ModelComparison",
    "ModelParameters",
    "ParameterError",
    "ParameterSet",
    "PharmacologyError",
    "PopulationResult",
    "Regimen",
    "RegimenError",
    "Simulation",
    "TimeGridError",
    "compare_models",
    "default_parameters",
    "load_parameters",
    "model_names",
    "model_parameters",
    "plan_regimen",
    "repeated_doses",
    "simulate",
    "simulate_population",
    "single_dose",
    "time_grid",
    "with_missed_doses",
]
