"""The structural models of mu-receptor blockade, as data (``data/models.yaml``).

Both share the plasma model and the occupancy formula of ``data/parameters.yaml``:

* ``plasma-driven``: blockade follows plasma levels through a short effect delay;
* ``brain-retention``: the same, plus a slow brain compartment per compound that
  holds drug near the receptors and releases it over days (two extra parameters,
  one derived from Lee et al. 1988, one fitted to it).

:func:`structural_models` returns them; :func:`model_parameters` gives one model's
typical values. Which model is the default is decided by validation
(:func:`ldncare.pharmacology.validation.default_model_name`), not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ldncare.pharmacology.errors import ParameterError, PharmacologyError
from ldncare.pharmacology.parameters import (
    SLOW_BRAIN_PARAMETERS,
    ModelParameters,
    ParameterEntry,
    load_parameters,
)

DATA_FILE = Path(__file__).parent / "data" / "models.yaml"

PLASMA_DRIVEN = "plasma-driven"
BRAIN_RETENTION = "brain-retention"


class ModelEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str = Field(min_length=3)
    summary: str = Field(min_length=20)
    extra_parameters: dict[str, ParameterEntry]
    calibrated_on: list[str]


class ModelsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    models: dict[str, ModelEntry]


@dataclass(frozen=True)
class StructuralModel:
    """One structural model: its name, plain-words summary, typical values and calibration data."""

    name: str
    title: str
    summary: str
    parameters: ModelParameters
    extra_parameters: dict[str, ParameterEntry]
    calibrated_on: frozenset[str]


@lru_cache(maxsize=1)
def structural_models() -> dict[str, StructuralModel]:
    """Every shipped model by name, in the data file's order."""
    try:
        data = ModelsFile.model_validate(yaml.safe_load(DATA_FILE.read_text(encoding="utf-8")))
    except (yaml.YAMLError, ValidationError) as error:
        raise ParameterError(f"the pharmacology model file is not valid: {error}") from None
    shared = load_parameters().typical
    models = {}
    for name, entry in data.models.items():
        unknown = set(entry.extra_parameters) - set(SLOW_BRAIN_PARAMETERS)
        if unknown:
            raise ParameterError(f"model {name} sets unknown parameters {sorted(unknown)}")
        values = {key: item.value for key, item in entry.extra_parameters.items()}
        params = shared.with_changes(**values) if values else shared
        params = ModelParameters(**{**params.as_dict(), "version": f"{shared.version}/{name}"})  # type: ignore[arg-type]
        models[name] = StructuralModel(name, entry.title, " ".join(entry.summary.split()), params,
                                       dict(entry.extra_parameters), frozenset(entry.calibrated_on))
    return models


def model_names() -> tuple[str, ...]:
    return tuple(structural_models())


def get_model(name: str) -> StructuralModel:
    """The model called ``name``; :class:`PharmacologyError` naming the choices otherwise."""
    models = structural_models()
    if name not in models:
        raise PharmacologyError(f"unknown model {name!r}; choose one of {', '.join(models)}")
    return models[name]


def model_parameters(name: str) -> ModelParameters:
    """Typical values of model ``name``."""
    return get_model(name).parameters
