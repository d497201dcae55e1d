"""ldncare simulate shows both models, carries validation and caveats, and --model chooses one."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ldncare.cli import app

runner = CliRunner()


def _json(*args):
    result = runner.invoke(app, ["simulate", "--dose", "4.5", "--hours", "48", "--step-h", "1", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_default_model_is_the_one_that_passes_validation():
    data = _json()
    assert data["model"] == "brain-retention"
    assert data["validation"] and all(row["passes"] for row in data["validation"])


def test_every_validation_row_in_the_json_names_its_source_tolerance_and_role():
    for row in _json()["validation"]:
        assert row["source"] and row["tolerance"] and row["role"] in {"calibration", "validation"}


def test_the_json_carries_caveats_that_say_ldn_blockade_duration_is_not_measured():
    caveats = " ".join(_json()["caveats"])
    assert "modelled, not measured" in caveats and "Below 50 mg" in caveats


def test_model_plasma_driven_runs_that_model_and_shows_its_misses():
    data = _json("--model", "plasma-driven")
    assert data["model"] == "plasma-driven"
    assert any(not row["passes"] and "Lee" in row["source"] for row in data["validation"])


def test_the_comparison_gives_both_models_occupancy_a_day_after_the_last_dose_in_a_sentence():
    comparison = _json()["comparison"]
    figures = {m["model"]: m["mu_occupancy_24h_after_last_dose"] for m in comparison["models"]}
    assert set(figures) == {"plasma-driven", "brain-retention"}
    assert figures["brain-retention"] > figures["plasma-driven"]
    sentence = " ".join(comparison["sentences"])
    assert f"{figures['brain-retention']:.0%}" in sentence and f"{figures['plasma-driven']:.0%}" in sentence


def test_an_unknown_model_exits_2_naming_the_choices():
    result = runner.invoke(app, ["simulate", "--dose", "4.5", "--model", "pkpd-magic"])
    assert result.exit_code == 2
    assert "brain-retention" in result.output and "Traceback" not in result.output


def test_the_svg_draws_both_models(tmp_path):
    out = tmp_path / "chart.svg"
    result = runner.invoke(app, ["simulate", "--dose", "4.5", "--svg", str(out), "--json"])
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "Brain-retention model" in text and "Plasma-driven model" in text
