"""A stored screening reloads exactly, with its inputs, settings and rule-set version."""

from __future__ import annotations

import json
from datetime import date

from ldncare.screening import ScreeningInput, ScreeningResult, ScreeningSettings, screen
from ldncare.screening.rules import load_rule_set


def _result():
    inputs = ScreeningInput(
        medications=("Percocet 10/325", "oxycodne", "blah", "Synthroid"), pregnant=True,
        liver="mild", last_opioid_dose=date(2025, 5, 28), planned_surgery=date(2025, 7, 1))
    return screen(inputs, ScreeningSettings(opioid_washout_days=7), date(2025, 6, 1))


def test_a_result_survives_json_and_back():
    result = _result()
    stored = json.loads(json.dumps(result.as_dict()))
    assert ScreeningResult.from_dict(stored) == result


def test_the_result_records_the_rule_set_version_and_exact_inputs():
    data = _result().as_dict()
    assert data["rule_set_version"] == load_rule_set().version
    assert data["inputs"]["medications"] == ["Percocet 10/325", "oxycodne", "blah", "Synthroid"]
    assert data["inputs"]["last_opioid_dose"] == "2025-05-28"
    assert data["settings"]["opioid_washout_days"] == 7


def test_rescreening_the_stored_inputs_reproduces_the_result():
    result = _result()
    again = screen(ScreeningInput.from_dict(result.as_dict()["inputs"]),
                   ScreeningSettings.from_dict(result.as_dict()["settings"]), result.screened_on)
    assert again == result


def test_contraindicated_and_needs_review_block_approval():
    assert _result().blocks_approval
    ok = screen(ScreeningInput(medications=("metformin",)), None, date(2025, 6, 1))
    assert not ok.blocks_approval
