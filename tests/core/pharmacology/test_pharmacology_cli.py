"""ldncare simulate: JSON shape, SVG output, and exit 2 on bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ldncare.cli import app

runner = CliRunner()


def test_json_has_the_fields_the_issue_names():
    result = runner.invoke(app, ["simulate", "--dose", "4.5", "--hours", "24", "--step-h", "1", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["dose_mg"] == "4.5"
    assert set(data["cmax_ng_per_ml"]) == {"naltrexone", "6beta_naltrexol"} == set(data["tmax_h"])
    assert 0 < data["peak_mu_occupancy"] < 1
    assert set(data["series"][0]) == {"t_h", "naltrexone_ng_per_ml", "naltrexol_ng_per_ml", "mu_occupancy"}
    assert len(data["series"]) == 25


def test_a_population_run_writes_an_svg_with_a_band(tmp_path):
    out = tmp_path / "chart.svg"
    result = runner.invoke(app, ["simulate", "--dose", "3", "--doses", "2", "--population", "50", "--seed", "1",
                                 "--svg", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert "<polygon" in out.read_text() and json.loads(result.stdout)["population"]["subjects"] == 50


@pytest.mark.parametrize("args", [
    ["--dose", "lots"], ["--dose", "0"], ["--dose", "4.5", "--step-h", "0"], ["--dose", "4.5", "--hours", "-3"],
    ["--dose", "4.5", "--doses", "0"], ["--dose", "4.5", "--interval-hours", "0"],
    ["--dose", "4.5", "--population", "-1"], ["--dose", "4.5", "--seed", "-1"], ["--dose", "4.5", "--step-h", "x"],
])
def test_bad_input_exits_2_without_a_traceback(args):
    result = runner.invoke(app, ["simulate", *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
