"""Responder definitions combine as their sources say, respect a baseline floor,
score the PGIC in its published direction and name only measures that exist."""

from __future__ import annotations

import pytest

from ldncare.outcomes.errors import OutcomesDataError
from ldncare.outcomes.responders import (
    Response,
    classify_response,
    load_definitions,
    parse_definitions,
)

HEAD = {"primary_measure": "pain", "primary_source": "product choice, for the test",
        "match": "any", "match_source": "product choice, for the test"}
FARRAR = "Farrar 2001 PMID 11690728"


def _definitions(match: str, *rules: dict) -> object:
    return parse_definitions({"version": "t", "conditions": {
        "default": {**HEAD, "match": match, "rules": list(rules)}}})


def test_thirty_percent_of_a_low_baseline_is_not_a_response():
    # 2.0 → 1.4 is a 30% fall, but from a score too low to judge a percentage by.
    result = classify_response("fibromyalgia", {"pain": 2.0}, {"pain": 1.0})
    assert result.response is Response.NOT_EVALUABLE


def test_a_definition_with_match_all_needs_every_rule():
    both = _definitions("all",
                        {"measure": "fatigue", "kind": "points_fall", "threshold": 3,
                         "verified": True, "source": FARRAR},
                        {"measure": "fatigue", "kind": "below", "threshold": 5,
                         "verified": True, "source": FARRAR})
    assert classify_response("x", {"fatigue": 8.0}, {"fatigue": 4.0}, both).response \
        is Response.RESPONDER
    assert classify_response("x", {"fatigue": 8.0}, {"fatigue": 5.0}, both).response \
        is Response.NON_RESPONDER  # fell by 3 but not below 5


def test_a_definition_with_match_all_is_not_evaluable_when_a_rule_cannot_be_judged():
    both = _definitions("all",
                        {"measure": "pain", "kind": "points_fall", "threshold": 2,
                         "verified": True, "source": FARRAR},
                        {"measure": "pgic", "kind": "at_most", "threshold": 2,
                         "verified": True, "source": FARRAR})
    assert classify_response("x", {"pain": 6.0}, {"pain": 3.0}, both).response \
        is Response.NOT_EVALUABLE


def test_loading_fails_when_a_rule_names_a_questionnaire_that_does_not_exist():
    with pytest.raises(OutcomesDataError, match="'hbi'"):
        _definitions("any", {"measure": "hbi", "kind": "below", "threshold": 5,
                             "verified": True, "source": FARRAR})


def test_loading_fails_on_the_old_questionnaire_spellings():
    with pytest.raises(OutcomesDataError, match="'phq9'"):
        _definitions("any", {"measure": "phq9", "kind": "points_fall", "threshold": 5,
                             "verified": True, "source": FARRAR})


def test_every_condition_names_its_default_primary_measure_with_a_source():
    for name, definition in load_definitions().conditions.items():
        assert definition.primary_measure, name
        assert len(definition.primary_source) >= 10, name
        assert definition.match in ("any", "all"), name


def test_each_checked_rule_comes_back_with_its_source():
    result = classify_response("fibromyalgia", {"pain": 6.0}, {"pain": 3.0, "pgic": 2})
    assert len(result.sources) == len(result.checked) == 2
    assert all("PMID" in source for source in result.sources)
