"""Responder definitions per condition, loaded from ``data/responders.yaml``.

A definition is data: each rule names the measure, how change is judged
(``percent_fall`` from baseline, ``at_least`` or ``below`` a score at the
end), the threshold, and its source. A patient is a responder when any rule of
their condition is met; rules whose measure was not tracked are skipped, and a
patient with no evaluable rule is "not evaluable" rather than a non-responder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ldncare.datafile import load_yaml
from ldncare.outcomes.errors import OutcomesDataError, OutcomesError


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    measure: str = Field(min_length=1)
    kind: Literal["percent_fall", "at_least", "below"]
    threshold: float
    verified: bool
    source: str = Field(min_length=10)

    @field_validator("threshold")
    @classmethod
    def _positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("a responder threshold must be positive")
        return value


class ConditionModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rules: tuple[RuleModel, ...] = Field(min_length=1)


class ResponderFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(min_length=1)
    conditions: dict[str, ConditionModel]

    @field_validator("conditions")
    @classmethod
    def _has_default(cls, value: dict[str, ConditionModel]) -> dict[str, ConditionModel]:
        if "default" not in value:
            raise ValueError("responder definitions need a 'default' condition")
        return value


@dataclass(frozen=True)
class ResponderRule:
    """One way of responding: ``measure`` judged by ``kind`` against ``threshold``."""

    measure: str
    kind: str
    threshold: float
    verified: bool
    source: str

    def describe(self) -> str:
        if self.kind == "percent_fall":
            return f"{self.measure} fell by at least {self.threshold:g}% from baseline"
        if self.kind == "at_least":
            return f"{self.measure} scored {self.threshold:g} or more"
        return f"{self.measure} scored below {self.threshold:g}"

    def as_dict(self) -> dict[str, object]:
        return {"measure": self.measure, "kind": self.kind, "threshold": self.threshold,
                "verified": self.verified, "source": self.source}


@dataclass(frozen=True)
class ResponderDefinitions:
    """All conditions' rules and the data version they came from."""

    version: str
    conditions: Mapping[str, tuple[ResponderRule, ...]]

    def rules_for(self, condition: str) -> tuple[ResponderRule, ...]:
        """The rules of ``condition``, or of ``default`` when it has none of its own."""
        return self.conditions.get(condition, self.conditions["default"])


def parse_definitions(raw: object) -> ResponderDefinitions:
    """Validate a parsed YAML document; raise :class:`OutcomesDataError` if it is wrong."""
    try:
        model = ResponderFile.model_validate(raw)
    except ValidationError as error:
        raise OutcomesDataError(f"responder definitions are invalid: {error}") from None
    conditions = {
        name: tuple(ResponderRule(**rule.model_dump()) for rule in entry.rules)
        for name, entry in model.conditions.items()
    }
    return ResponderDefinitions(model.version, conditions)


@cache
def load_definitions() -> ResponderDefinitions:
    """The shipped responder definitions (validated once, then cached)."""
    text = resources.files("ldncare.outcomes").joinpath("data/responders.yaml").read_text("utf-8")
    return parse_definitions(load_yaml(text))


class Response(StrEnum):
    RESPONDER = "responder"
    NON_RESPONDER = "non_responder"
    NOT_EVALUABLE = "not_evaluable"


@dataclass(frozen=True)
class ResponderResult:
    """Whether a patient met their condition's definition, which rule, and the data version."""

    condition: str
    response: Response
    met: tuple[str, ...]
    checked: tuple[str, ...]
    definitions_version: str

    def as_dict(self) -> dict[str, object]:
        return {"condition": self.condition, "response": self.response.value,
                "met": list(self.met), "checked": list(self.checked),
                "definitions_version": self.definitions_version}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ResponderResult:
        # Stored JSON: each value is converted back to its field's type below.
        values: Mapping[str, Any] = data
        return cls(str(values["condition"]), Response(values["response"]),
                   tuple(values["met"]), tuple(values["checked"]),
                   str(values["definitions_version"]))


def rule_met(rule: ResponderRule, baseline: float | None, latest: float | None) -> bool | None:
    """Whether ``rule`` is met; None when the values it needs are missing."""
    if latest is None:
        return None
    if rule.kind == "at_least":
        return latest >= rule.threshold
    if rule.kind == "below":
        return latest < rule.threshold
    if baseline is None or baseline <= 0:
        return None  # a percentage fall from zero is undefined
    return (baseline - latest) / baseline * 100 >= rule.threshold


def classify_response(condition: str, baseline: Mapping[str, float], latest: Mapping[str, float],
                      definitions: ResponderDefinitions | None = None) -> ResponderResult:
    """Judge a patient against their condition's rules.

    ``baseline`` holds each measure's mean before the first dose; ``latest`` its
    value at the assessment (for daily ratings the mean of the last period
    analysed, for questionnaires the last score).
    """
    if not condition:
        raise OutcomesError("a condition is needed to choose the responder definition")
    definitions = definitions or load_definitions()
    met: list[str] = []
    checked: list[str] = []
    for rule in definitions.rules_for(condition):
        outcome = rule_met(rule, baseline.get(rule.measure), latest.get(rule.measure))
        if outcome is None:
            continue
        checked.append(rule.describe())
        if outcome:
            met.append(rule.describe())
    if not checked:
        response = Response.NOT_EVALUABLE
    else:
        response = Response.RESPONDER if met else Response.NON_RESPONDER
    return ResponderResult(condition, response, tuple(met), tuple(checked), definitions.version)
