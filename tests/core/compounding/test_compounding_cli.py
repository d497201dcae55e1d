from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ldncare.cli import app

runner = CliRunner()


def _json(*args: str) -> dict:
    result = runner.invoke(app, ["compound", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_capsules_json_has_the_fields_the_issue_promises():
    payload = _json("capsules", "--strength", "4.5", "--quantity", "30",
                    "--compounded-on", "2026-11-22")
    assert payload["api_mg"] == "135"
    assert payload["beyond_use_days"] == 180
    assert payload["storage"] == "room_temperature"
    assert "USP <795>" in payload["bud_basis"]
    assert "tablets_50mg" not in payload


def test_capsules_from_tablets_report_whole_tablets():
    payload = _json("capsules", "--strength", "4.5", "--quantity", "100", "--source", "tablets")
    assert payload["tablets_50mg"] == 9


def test_capsules_with_a_stability_study_use_its_date():
    payload = _json("capsules", "--strength", "3", "--quantity", "50",
                    "--stability-study", "cote-2018")
    assert payload["beyond_use_days"] == 180  # the study's 360 days, capped


def test_liquid_json_gives_the_dose_volume_and_the_preserved_bud():
    payload = _json("liquid", "--concentration", "1", "--volume", "100", "--source", "tablets",
                    "--dose", "4.5")
    assert payload["tablets_50mg"] == 2
    assert payload["api_mg"] == "100"
    assert payload["dose_volume_ml"] == "4.50"
    assert (payload["beyond_use_days"], payload["storage"]) == (35, "refrigerator")


def test_a_nonpreserved_liquid_gets_fourteen_days_in_the_fridge():
    payload = _json("liquid", "--concentration", "1", "--volume", "50", "--nonpreserved")
    assert (payload["beyond_use_days"], payload["storage"]) == (14, "refrigerator")


def test_the_plain_output_shows_the_working():
    result = runner.invoke(app, ["compound", "capsules", "--strength", "1.5", "--quantity", "30"])
    assert result.exit_code == 0
    assert "Working" in result.stdout and "beyond-use date" in result.stdout


@pytest.mark.parametrize("args, reason", [
    (["capsules", "--strength", "11", "--quantity", "30"], "hard maximum"),
    (["capsules", "--strength", "0", "--quantity", "30"], "more than 0"),
    (["capsules", "--strength", "4.5", "--quantity", "0"], "at least 1"),
    (["capsules", "--strength", "4.5", "--quantity", "-5"], "at least 1"),
    (["capsules", "--strength", "4.5", "--quantity", "30", "--source", "tablets"], "tablets are whole"),
    (["capsules", "--strength", "lots", "--quantity", "30"], "could not read"),
    (["capsules", "--strength", "4.5", "--quantity", "30", "--overage", "-1"], "overage"),
    (["capsules", "--strength", "4.5", "--quantity", "30", "--capsule-size", "9"], "capsule size"),
    (["capsules", "--strength", "4.5", "--quantity", "30", "--source", "pills"], "source"),
    (["capsules", "--strength", "4.5", "--quantity", "30", "--compounded-on", "soon"], "date"),
    (["liquid", "--concentration", "5", "--volume", "100"], "oral syringe"),
    (["liquid", "--concentration", "1", "--volume", "100", "--dose", "0.1"], "oral syringe"),
    (["liquid", "--concentration", "0", "--volume", "100"], "more than zero"),
    (["liquid", "--concentration", "1", "--volume", "-1"], "more than zero"),
    (["liquid", "--concentration", "1", "--volume", "100", "--dose", "15"], "hard maximum"),
    (["liquid", "--concentration", "1", "--volume", "30", "--source", "tablets"], "50 mL"),
    (["liquid", "--concentration", "1", "--volume", "100", "--nonpreserved", "--storage",
      "room_temperature"], "refrigerator"),
])
def test_impossible_or_unsafe_requests_exit_2_with_the_reason(args, reason):
    result = runner.invoke(app, ["compound", *args])
    assert result.exit_code == 2, result.output
    assert reason in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_a_missing_required_flag_exits_2():
    result = runner.invoke(app, ["compound", "capsules", "--quantity", "30"])
    assert result.exit_code == 2

_words = st.one_of(st.text(max_size=8), st.sampled_from(["0", "-1", "4.5", "1e400", "NaN", "10.001"]))


@settings(max_examples=25, deadline=None)
@given(strength=_words, overage=_words, concentration=_words, volume=_words, dose=_words)
def test_no_flag_value_ever_produces_a_traceback(strength, overage, concentration, volume, dose):
    for args in (["capsules", "--strength", strength, "--quantity", "30", "--overage", overage],
                 ["liquid", "--concentration", concentration, "--volume", volume, "--dose", dose]):
        result = runner.invoke(app, ["compound", *args, "--json"])
        assert result.exit_code in (0, 2), (args, result.output, result.exception)
