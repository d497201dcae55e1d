"""Responder definitions per condition, loaded from ``data/responders.yaml``.

A definition is data: each rule names the measure, how change is judged
(``percent_fall`` or ``points_fall`` from baseline, ``at_least``, ``at_most``
or ``below`` a score at the end), the threshold, an optional baseline floor
(a 30% fall from 2 out of 10 is not a response) and its source. Each condition
says how its rules combine (``match: any`` or ``all``, as its source does) and
which measure is its default primary measure. Every measure named must exist in
the journal's catalogues (:mod:`ldncare.outcomes.measures`), or loading fails.

With ``match: any``, rules whose measure was not tracked are skipped; with
``match: all``, a rule that cannot be judged makes the patient not evaluable.
A patient with no evaluable rule is "not evaluable" rather than a non-responder.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ldncare.datafile import load_yaml
from ldncare.outcomes.errors import OutcomesDataError, OutcomesError
from ldncare.outcomes.measures import label, require_known


class RuleModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    measure: str = Field(min_length=1)
    kind: Literal["percent_fall", "points_fall", "at_least", "at_most", "below"]
    threshold: float
    baseline_at_least: float | None = None
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

    primary_measure: str = Field(min_length=1)
    primary_source: str = Field(min_length=10)
    match: Literal["any", "all"]
    match_source: str = Field(min_length=10)
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
    baseline_at_least: float | None = None

    def describe(self) -> str:
        name = label(self.measure)
        if self.kind in ("percent_fall", "points_fall"):
            unit = "%" if self.kind == "percent_fall" else " points"
            floor = ("" if self.baseline_at_least is None
                     else f" (judged only from a baseline of {self.baseline_at_least:g} or more)")
            return f"{name} fell by at least {self.threshold:g}{unit} from baseline{floor}"
        if self.kind == "at_least":
            return f"{name} scored {self.threshold:g} or more"
        if self.kind == "at_most":
            return f"{name} scored {self.threshold:g} or less"
        return f"{name} scored below {self.threshold:g}"

    def as_dict(self) -> dict[str, object]:
        return {"measure": self.measure, "kind": self.kind, "threshold": self.threshold,
                "baseline_at_least": self.baseline_at_least,
                "verified": self.verified, "source": self.source}


@dataclass(frozen=True)
class ConditionDefinition:
    """A condition's rules, how they combine, and its default primary measure."""

    rules: tuple[ResponderRule, ...]
    match: str
    match_source: str
    primary_measure: str
    primary_source: str

    def __iter__(self) -> Iterator[ResponderRule]:
        """Iterating a definition walks its rules."""
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


@dataclass(frozen=True)
class ResponderDefinitions:
    """All conditions' rules and the data version they came from."""

    version: str
    conditions: Mapping[str, ConditionDefinition]

    def definition_for(self, condition: str) -> ConditionDefinition:
        """The definition of ``condition``, or ``default`` when it has none of its own."""
        return self.conditions.get(condition, self.conditions["default"])

    def rules_for(self, condition: str) -> tuple[ResponderRule, ...]:
        """The rules of ``condition``, or of ``default`` when it has none of its own."""
        return self.definition_for(condition).rules

    def primary_for(self, condition: str) -> str:
        """The condition's default primary measure (the prescriber may choose another)."""
        return self.definition_for(condition).primary_measure


def parse_definitions(raw: object) -> ResponderDefinitions:
    """Validate a parsed YAML document; raise :class:`OutcomesDataError` if it is wrong."""
    try:
        model = ResponderFile.model_validate(raw)
    except ValidationError as error:
        raise OutcomesDataError(f"responder definitions are invalid: {error}") from None
    for name, entry in model.conditions.items():
        require_known([entry.primary_measure, *(r.measure for r in entry.rules)],
                      f"the responder definition of {name!r}")
    conditions = {
        name: ConditionDefinition(tuple(ResponderRule(**rule.model_dump()) for rule in entry.rules),
                                  entry.match, entry.match_source, entry.primary_measure,
                                  entry.primary_source)
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
    #: The source of every rule checked, in the same order as ``checked``.
    sources: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"condition": self.condition, "response": self.response.value,
                "met": list(self.met), "checked": list(self.checked),
                "definitions_version": self.definitions_version, "sources": list(self.sources)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> ResponderResult:
        # Stored JSON: each value is converted back to its field's type below.
        values: Mapping[str, Any] = data
        return cls(str(values["condition"]), Response(values["response"]),
                   tuple(values["met"]), tuple(values["checked"]),
                   str(values["definitions_version"]), tuple(values.get("sources", ())))


def rule_met(rule: ResponderRule, baseline: float | None, latest: float | None) -> bool | None:
    """Whether ``rule`` is met; None when the values it needs are missing."""
    if latest is None:
        return None
    if rule.kind == "at_least":
        return latest >= rule.threshold
    if rule.kind == "at_most":
        return latest <= rule.threshold
    if rule.kind == "below":
        return latest < rule.threshold
    if baseline is None or baseline <= 0:
        return None  # a fall from nothing (or from an unknown start) is undefined
    if rule.baseline_at_least is not None and baseline < rule.baseline_at_least:
        return None  # too little to fall from: 30% of 2 out of 10 is rounding, not response
    if rule.kind == "points_fall":
        return baseline - latest >= rule.threshold
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
    definition = definitions.definition_for(condition)
    met: list[str] = []
    checked: list[str] = []
    sources: list[str] = []
    unjudged = 0
    for rule in definition.rules:
        outcome = rule_met(rule, baseline.get(rule.measure), latest.get(rule.measure))
        if outcome is None:
            unjudged += 1
            continue
        checked.append(rule.describe())
        sources.append(rule.source)
        if outcome:
            met.append(rule.describe())
    if not checked or (definition.match == "all" and unjudged):
        response = Response.NOT_EVALUABLE
    elif definition.match == "all":
        response = Response.RESPONDER if len(met) == len(definition.rules) else Response.NON_RESPONDER
    else:
        response = Response.RESPONDER if met else Response.NON_RESPONDER
    return ResponderResult(condition, response, tuple(met), tuple(checked), definitions.version,
                           tuple(sources))
