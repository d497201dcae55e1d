"""``ldncare screen``: JSON output as the issue specifies; bad flags exit 2."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ldncare.cli import app

runner = CliRunner()


def _run(*args):
    return runner.invoke(app, ["screen", *args])


def test_it_prints_the_verdict_medications_and_findings_as_json():
    result = _run("--med", "Percocet 10/325", "--med", "Tylenol #3", "--surgery", "2025-07-01",
                  "--today", "2025-06-01", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"] == "contraindicated"
    assert data["rule_set_version"]
    med = data["medications"][0]
    assert {"input", "recognised", "ingredients", "classes", "confidence"} <= med.keys()
    finding = data["findings"][0]
    assert {"code", "severity", "message", "applies_to", "references", "until"} <= finding.keys()
    surgery = [f for f in data["findings"] if f["code"] == "surgery"][0]
    assert surgery["until"] == "2025-07-01"


def test_a_completed_screening_exits_0_whatever_its_verdict():
    assert _run("--med", "metformin", "--today", "2025-06-01").exit_code == 0
    assert _run("--med", "xyzzy", "--today", "2025-06-01").exit_code == 0


def test_the_washout_end_date_is_in_the_json():
    result = _run("--last-opioid-dose", "2025-05-30", "--today", "2025-06-01", "--json")
    finding = json.loads(result.stdout)["findings"][0]
    assert finding["code"] == "opioid-washout" and finding["until"] == "2025-06-09"


@pytest.mark.parametrize("args, message", [
    (["--liver", "bad"], "--liver"),
    (["--surgery", "2025-13-01"], "--surgery"),
    (["--last-opioid-dose", "yesterday"], "--last-opioid-dose"),
    (["--today", "06/01/2025"], "--today"),
    (["--med", " "], "--med"),
    (["--last-opioid-dose", "2025-07-01", "--today", "2025-06-01"], "after today"),
])
def test_invalid_flags_exit_2_with_a_message(args, message):
    result = _run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
