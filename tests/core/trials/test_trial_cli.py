"""``ldncare trial design`` prints the schedule; ``ldncare trial analyse FILE``
prints the result; bad input exits 2 with a clear message."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from typer.testing import CliRunner

from ldncare.cli import app
from ldncare.trials import Period
from ldncare.trials.simulation import Scenario, simulate_outcomes

runner = CliRunner()
DESIGN_ARGS = ["trial", "design", "--arms", "4.5,0", "--pairs", "3", "--period-days", "14",
               "--run-in-days", "3", "--start", (datetime.now(UTC).date() + timedelta(days=30)).isoformat(),
               "--seed", "7", "--json"]


def _design() -> dict:
    result = runner.invoke(app, DESIGN_ARGS)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_design_prints_every_period_as_specified():
    periods = _design()["periods"]
    assert len(periods) == 6
    assert {"pair", "period", "arm", "dose_mg", "start", "end"} <= periods[0].keys()
    assert {p["dose_mg"] for p in periods} == {"4.5", "0"}


def test_the_printed_design_analyses_a_journal(tmp_path):
    design = _design()
    periods = [Period.from_dict(p) for p in design["periods"]]
    days = simulate_outcomes(periods, Scenario(-3.0, sd=1.0), np.random.default_rng(3))
    file = tmp_path / "trial.json"
    file.write_text(json.dumps({
        "periods": design["periods"], "primary": "pain", "direction": "lower", "meaningful": 1,
        "outcomes": {"pain": {day.isoformat(): value for day, value in days.items()}}}))
    result = runner.invoke(app, ["trial", "analyse", str(file), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"estimate", "low", "high", "probability_better", "probability_meaningful",
            "verdict", "days_used", "days_discarded"} <= data.keys()
    assert data["verdict"] == "active better" and data["estimate"] < 0


@pytest.mark.parametrize("args, message", [
    (["--arms", "4.5"], "two doses"), (["--start", "someday"], "not a date"),
    (["--pairs", "1"], "pairs must be from 2"), (["--start", "9999-12-01"], "outside the range for planned dates")])
def test_a_bad_design_flag_exits_2_with_the_reason(args, message):
    options = dict(zip(DESIGN_ARGS[2::2], DESIGN_ARGS[3::2], strict=False))
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [item for pair in options.items() for item in pair]
    result = runner.invoke(app, ["trial", "design", *flat])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


@pytest.mark.parametrize("content, message", [
    ("not json", "is not JSON"), ("[]", "one JSON object"),
    ('{"periods": [], "direction": "lower", "primary": "pain", "outcomes": {"pain": {"2027-01-05": 3}}}', "no periods"),
    ('{"periods": [{"pair": 1}], "primary": "pain", "outcomes": {}}', "must have pair"),
])
def test_a_bad_analysis_file_exits_2_with_the_reason(tmp_path, content, message):
    file = tmp_path / "bad.json"
    file.write_text(content)
    result = runner.invoke(app, ["trial", "analyse", str(file)])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
