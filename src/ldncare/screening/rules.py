"""The screening rule set: versioned data with severity, rationale and references.

Loaded from ``data/rules.yaml``. The code in :mod:`ldncare.screening.engine`
decides *when* a rule applies; this file decides *what it says* and *how
severe* it is, so a clinician can read and review the rules without reading code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ldncare.datafile import load_yaml

Severity = Literal["contraindicated", "needs_review", "caution", "info"]

#: The knowledge base's contraindication codes; a rule may point at one of them.
KNOWLEDGE_CODES = frozenset({
    "opioid-use", "opioid-washout", "opioid-use-disorder-treatment", "surgery", "pregnancy",
    "breastfeeding", "liver-severe", "thyroid-replacement", "immunosuppressant",
    "hypersensitivity", "full-dose-naltrexone",
})

#: Rule ids the engine knows how to apply. The data must define each one.
RULE_IDS = frozenset({
    "opioid-use", "opioid-washout", "opioid-washout-complete", "opioid-use-disorder-treatment",
    "surgery", "surgery-hold", "surgery-recent", "pregnancy", "breastfeeding", "liver-severe",
    "liver-impairment", "thyroid-replacement", "immunosuppressant", "hypersensitivity",
    "hypersensitivity-related", "full-dose-naltrexone", "low-dose-naltrexone",
    "opioid-antagonist", "peripheral-opioid", "dextromethorphan", "alcohol",
    "unrecognised-medication", "dictionary-only-medication", "ambiguous-medication",
    "opioid-withdrawal-marker", "non-opioid-antitussive", "depot-opioid-washout",
    "depot-opioid-washout-complete",
})


class RuleSetError(ValueError):
    """The rule data is inconsistent; the message names the rule."""


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    knowledge_code: str | None
    severity: Severity
    title: str
    rationale: str
    references: tuple[str, ...] = Field(min_length=1)
    unverified: bool = False
    note: str = ""


class _RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    rules: dict[str, _Rule]


@dataclass(frozen=True)
class Rule:
    """One rule as the engine and the clinician see it."""

    id: str
    knowledge_code: str | None
    severity: Severity
    title: str
    rationale: str
    references: tuple[str, ...]
    unverified: bool
    note: str


@dataclass(frozen=True, eq=False)
class RuleSet:
    """All rules of one version, by id."""

    version: str
    rules: dict[str, Rule]

    def __getitem__(self, rule_id: str) -> Rule:
        return self.rules[rule_id]


def build_rule_set(raw: dict) -> RuleSet:
    """Validate a parsed rule document: every engine rule present, codes known."""
    try:
        data = _RuleFile.model_validate(raw)
    except ValidationError as problem:
        raise RuleSetError(f"screening rules are invalid: {problem}") from None
    missing = RULE_IDS - data.rules.keys()
    if missing:
        raise RuleSetError(f"rule set {data.version} lacks rules: {', '.join(sorted(missing))}")
    unknown = data.rules.keys() - RULE_IDS
    if unknown:
        raise RuleSetError(f"rule set {data.version} has rules the engine cannot apply: "
                           f"{', '.join(sorted(unknown))}")
    rules = {}
    for rule_id, rule in data.rules.items():
        if rule.knowledge_code is not None and rule.knowledge_code not in KNOWLEDGE_CODES:
            raise RuleSetError(f"rule {rule_id!r} points at unknown knowledge code "
                               f"{rule.knowledge_code!r}")
        rules[rule_id] = Rule(id=rule_id, **rule.model_dump())
    return RuleSet(version=data.version, rules=rules)


@lru_cache(maxsize=1)
def load_rule_set() -> RuleSet:
    """The packaged rule set (``data/rules.yaml``), loaded once per process."""
    text = resources.files("ldncare.screening").joinpath("data/rules.yaml").read_text(
        encoding="utf-8")
    return build_rule_set(load_yaml(text))
