from __future__ import annotations

import json

from ldncare.knowledge import condition_handout, load_knowledge


def test_a_handout_carries_grade_direction_and_studies_as_plain_data():
    handout = condition_handout(load_knowledge(), "fibromyalgia")
    data = handout.as_dict()
    json.dumps(data)
    assert data["grade"] == "gold" and data["direction"] == "conflicting"
    assert "not that LDN works" in data["grade_meaning"]
    assert data["studies"][0]["citation"].startswith("Bruun KD")
    assert data["knowledge_version"] == "2026.12.1"


def test_a_handout_accepts_an_alias_and_lists_safety_information():
    handout = condition_handout(load_knowledge(), "long covid")
    assert handout.condition_id == "long-covid"
    assert "Current opioid use" in handout.do_not_take_if
    assert any("long COVID" in q for q, _ in handout.questions)
    assert handout.red_flags
