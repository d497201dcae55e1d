"""``ldncare screen --depot NAME --last-injection DATE``: the JSON says when LDN may start."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ldncare.cli import app

runner = CliRunner()


def _run(*args):
    return runner.invoke(app, ["screen", *args])


def test_a_depot_and_its_last_injection_give_the_date_ldn_may_start():
    result = _run("--depot", "buvidal-monthly", "--last-injection", "2025-05-01",
                  "--today", "2025-06-01", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["verdict"] == "contraindicated"
    assert data["has_opioid_finding"] is True
    # 28 days release + 5 x 26-day half-lives = 158 days.
    assert data["ldn_may_start_on"] == "2025-10-06"
    assert data["inputs"]["depot_product"] == "buvidal-monthly"
    assert data["findings"][0]["code"] == "depot-opioid-washout"


def test_the_table_names_the_start_date_too():
    result = _run("--depot", "Sublocade", "--last-injection", "2025-05-01", "--today",
                  "2025-06-01")
    assert result.exit_code == 0, result.output
    assert "LDN may start on 2026-03-25" in result.output


def test_without_a_depot_the_json_has_no_start_date():
    data = json.loads(_run("--med", "metformin", "--today", "2025-06-01", "--json").stdout)
    assert data["ldn_may_start_on"] is None
    assert data["has_opioid_finding"] is False


@pytest.mark.parametrize(("args", "message"), [
    (["--depot", "monthly-shot", "--last-injection", "2025-05-01"], "--depot"),
    (["--depot", "sublocade"], "--last-injection"),
    (["--last-injection", "2025-05-01"], "--depot"),
    (["--depot", "sublocade", "--last-injection", "May 1st"], "--last-injection"),
    (["--depot", "sublocade", "--last-injection", "2025-07-01", "--today", "2025-06-01"],
     "after today"),
])
def test_bad_depot_flags_exit_2_with_a_message(args, message):
    result = _run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
