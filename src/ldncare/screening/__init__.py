"""Safety screening for low-dose naltrexone: medication vocabulary, rules, verdict.

The web layer calls :func:`screen` with a :class:`ScreeningInput` (built from
questionnaire answers by :func:`answers_to_input`), stores
``ScreeningResult.as_dict()`` and reloads it with ``ScreeningResult.from_dict``.
Other parts ask a result about opioids by rule id: ``has_opioid_finding``
(:data:`OPIOID_RULE_IDS`) and ``may_involve_opioid`` (adds
:data:`POSSIBLE_OPIOID_RULE_IDS`); ``opioid_free_from`` is the date LDN may start.
"""

from __future__ import annotations

from ldncare.screening.depots import DepotProduct, load_depot_products
from ldncare.screening.engine import (
    LIVER_STATES,
    OPIOID_RULE_IDS,
    POSSIBLE_OPIOID_RULE_IDS,
    Finding,
    ScreeningInput,
    ScreeningInputError,
    ScreeningResult,
    screen,
    verdict_of,
)
from ldncare.screening.matcher import MatchedProduct, MedicationMatch, match_medication
from ldncare.screening.questionnaire import (
    IntakeAnswersError,
    answers_to_input,
    load_questionnaire,
    questions,
    read_answers,
)
from ldncare.screening.rules import RuleSet, load_rule_set
from ldncare.screening.settings import ScreeningSettings, ScreeningSettingsError, describe_defaults
from ldncare.screening.vocabulary import Vocabulary, load_vocabulary

__all__ = [
    "LIVER_STATES", "OPIOID_RULE_IDS", "POSSIBLE_OPIOID_RULE_IDS", "DepotProduct",
    "load_depot_products", "Finding", "IntakeAnswersError", "MatchedProduct", "MedicationMatch",
    "RuleSet", "ScreeningInput", "ScreeningInputError", "ScreeningResult", "ScreeningSettings",
    "ScreeningSettingsError", "Vocabulary", "answers_to_input", "describe_defaults",
    "load_questionnaire", "load_rule_set", "load_vocabulary", "match_medication", "questions",
    "read_answers", "screen", "verdict_of",
]
