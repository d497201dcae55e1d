"""Responder definitions: sourced data, validated, applied per condition."""

from __future__ import annotations

import pytest

from ldncare.outcomes.errors import OutcomesDataError, OutcomesError
from ldncare.outcomes.responders import (
    ResponderResult,
    Response,
    classify_response,
    load_definitions,
    parse_definitions,
)

HEAD = {"primary_measure": "pain", "primary_source": "product choice, for the test",
        "match": "any", "match_source": "product choice, for the test"}


def test_every_shipped_rule_has_a_source_and_the_file_has_a_version():
    definitions = load_definitions()
    assert definitions.version
    for rules in definitions.conditions.values():
        for rule in rules:
            assert len(rule.source) > 10


def test_rules_not_backed_by_a_published_threshold_are_marked_unverified():
    fatigue_rules = [r for r in load_definitions().rules_for("long_covid") if r.measure == "fatigue"]
    assert fatigue_rules and all(not r.verified and "UNVERIFIED" in r.source for r in fatigue_rules)


def test_a_thirty_percent_fall_in_pain_is_a_fibromyalgia_response():
    result = classify_response("fibromyalgia", {"pain": 6.0}, {"pain": 4.2})
    assert result.response is Response.RESPONDER


def test_a_twenty_percent_fall_in_pain_is_not():
    result = classify_response("fibromyalgia", {"pain": 6.0}, {"pain": 4.8})
    assert result.response is Response.NON_RESPONDER


def test_pgic_much_improved_is_a_response_on_its_own():
    # The PGIC as published and as the journal stores it: 1 = very much improved.
    assert classify_response("multiple_sclerosis", {}, {"pgic": 2}).response is Response.RESPONDER


def test_pgic_much_worse_is_not_a_response():
    assert classify_response("multiple_sclerosis", {}, {"pgic": 6}).response is Response.NON_RESPONDER


def test_a_condition_without_its_own_rules_uses_the_default():
    result = classify_response("psoriasis", {"pain": 5.0}, {"pain": 3.0})
    assert result.response is Response.RESPONDER


def test_a_patient_with_nothing_to_judge_is_not_evaluable_rather_than_a_non_responder():
    assert classify_response("fibromyalgia", {}, {}).response is Response.NOT_EVALUABLE


def test_the_result_records_the_data_version_and_round_trips():
    result = classify_response("fibromyalgia", {"pain": 6.0}, {"pain": 3.0})
    assert result.definitions_version == load_definitions().version
    assert ResponderResult.from_dict(result.as_dict()) == result


def test_it_rejects_a_file_without_a_default():
    with pytest.raises(OutcomesDataError, match="default"):
        parse_definitions({"version": "x", "conditions": {"fibromyalgia": {
            **HEAD, "rules": [{"measure": "pain", "kind": "percent_fall", "threshold": 30,
                               "verified": True, "source": "Farrar 2001 PMID 11690728"}]}}})


def test_it_rejects_a_rule_without_a_source():
    with pytest.raises(OutcomesDataError):
        parse_definitions({"version": "x", "conditions": {"default": {**HEAD, "rules": [
            {"measure": "pain", "kind": "percent_fall", "threshold": 30, "verified": True}]}}})


def test_it_needs_a_condition():
    with pytest.raises(OutcomesError, match="condition"):
        classify_response("", {}, {})
