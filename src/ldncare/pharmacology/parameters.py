"""Model parameters as data: typical values, their sources, and their variability.

The values live in ``data/parameters.yaml``; each carries a source and a tag
(stated, derived, assumed). :func:`load_parameters` validates the file with
pydantic and returns :class:`ModelParameters`, a frozen value the model reads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ldncare.datafile import load_yaml
from ldncare.pharmacology.errors import ParameterError

DATA_FILE = Path(__file__).parent / "data" / "parameters.yaml"

Tag = Literal["stated", "derived", "assumed", "fitted"]


class ParameterEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    value: float = Field(gt=0)
    unit: str
    tag: Tag
    source: str = Field(min_length=10)


class VariabilityEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    cv: float = Field(ge=0, le=3)
    tag: Tag
    source: str = Field(min_length=10)


@dataclass(frozen=True)
class ModelParameters:
    """Typical values of one virtual patient. Clearances and volumes are
    apparent oral values (divided by bioavailability), for naltrexone base."""

    ka_per_h: float
    parent_clearance_l_per_h: float
    parent_volume_l: float
    systemic_share_of_metabolite: float
    metabolite_volume_l: float
    metabolite_half_life_h: float
    effect_equilibration_per_h: float
    parent_ec50_ng_per_ml: float
    metabolite_ec50_ratio: float
    emax_fraction: float
    #: The brain-retention model's slow brain compartment (models.yaml); gain 0 = none.
    slow_brain_rate_per_h: float = 0.01
    slow_brain_gain: float = 0.0
    version: str = "custom"

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "version":
                continue
            if item.name == "slow_brain_gain" and value == 0:
                continue  # no slow brain compartment: the plasma-driven model
            if not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
                raise ParameterError(f"{item.name} must be a positive finite number, not {value!r}")
        if self.systemic_share_of_metabolite > 1:
            raise ParameterError("systemic_share_of_metabolite is a fraction; give a value in (0, 1]")
        if self.emax_fraction > 1:
            raise ParameterError("emax_fraction is a fraction of receptors; give a value in (0, 1]")

    @property
    def parent_elimination_per_h(self) -> float:
        return self.parent_clearance_l_per_h / self.parent_volume_l

    @property
    def parent_half_life_h(self) -> float:
        return math.log(2) / self.parent_elimination_per_h

    @property
    def metabolite_elimination_per_h(self) -> float:
        return math.log(2) / self.metabolite_half_life_h

    def with_changes(self, **changes: float) -> ModelParameters:
        """A copy with some values changed (a clinic's or a user's what-if); version becomes custom."""
        return replace(self, **changes, version=f"{self.version}+custom")

    def as_dict(self) -> dict[str, float | str]:
        return {item.name: getattr(self, item.name) for item in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, float | str]) -> ModelParameters:
        return cls(**data)  # type: ignore[arg-type]


#: Parameters of the slow brain compartment: they come from ``data/models.yaml``.
SLOW_BRAIN_PARAMETERS = ("slow_brain_rate_per_h", "slow_brain_gain")

#: Names of parameters that may vary between subjects (the variability table).
VARIABLE_PARAMETERS = (
    "ka_per_h",
    "parent_clearance_l_per_h",
    "parent_volume_l",
    "metabolite_volume_l",
    "metabolite_half_life_h",
    "parent_ec50_ng_per_ml",
)


class ParameterFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str = Field(min_length=1)
    parameters: dict[str, ParameterEntry]
    variability: dict[str, VariabilityEntry]


@dataclass(frozen=True)
class ParameterSet:
    """Everything in the data file: typical values, the sourced entries, and the CVs."""

    version: str
    typical: ModelParameters
    entries: dict[str, ParameterEntry]
    variability: dict[str, VariabilityEntry]

    def cv(self) -> dict[str, float]:
        return {name: entry.cv for name, entry in self.variability.items()}


def parse_parameter_file(text: str) -> ParameterSet:
    """Validate the YAML ``text`` of a parameter file; raise :class:`ParameterError` naming the problem."""
    try:
        raw = load_yaml(text)
        model = ParameterFile.model_validate(raw)
    except (yaml.YAMLError, ValidationError) as error:
        raise ParameterError(f"the pharmacology parameter file is not valid: {error}") from None
    expected = {item.name for item in fields(ModelParameters)} - {"version", *SLOW_BRAIN_PARAMETERS}
    missing = expected - set(model.parameters)
    unknown = set(model.parameters) - expected
    if missing or unknown:
        raise ParameterError(
            f"parameter file names do not match the model (missing {sorted(missing)}, unknown {sorted(unknown)})"
        )
    bad_variability = set(model.variability) - set(VARIABLE_PARAMETERS)
    if bad_variability:
        raise ParameterError(f"variability given for parameters that cannot vary: {sorted(bad_variability)}")
    typical = ModelParameters(
        **{name: entry.value for name, entry in model.parameters.items()}, version=model.version
    )
    return ParameterSet(model.version, typical, dict(model.parameters), dict(model.variability))


@lru_cache(maxsize=1)
def load_parameters() -> ParameterSet:
    """The shipped parameter set (cached; it is immutable)."""
    return parse_parameter_file(DATA_FILE.read_text(encoding="utf-8"))


def default_parameters() -> ModelParameters:
    """Typical values from the shipped data file."""
    return load_parameters().typical
