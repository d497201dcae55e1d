"""``ldncare outcomes`` commands."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ldncare.cli import app

runner = CliRunner()


def test_it_lists_responder_definitions_as_json():
    result = runner.invoke(app, ["outcomes", "responders", "--json"])
    assert result.exit_code == 0
    assert "fibromyalgia" in json.loads(result.stdout)["conditions"]


def test_it_prints_a_synthetic_cohort_report_as_json():
    result = runner.invoke(app, ["outcomes", "synthetic-report", "--patients", "30",
                                 "--months", "6", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["patients"] == 30


def test_it_exits_2_with_a_message_for_a_bad_start_date():
    result = runner.invoke(app, ["outcomes", "synthetic-report", "--start", "soon"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_it_exits_2_for_zero_patients():
    result = runner.invoke(app, ["outcomes", "synthetic-report", "--patients", "0"])
    assert result.exit_code == 2
    assert "--patients" in result.output


def test_each_condition_lists_its_main_measure_and_how_its_rules_combine():
    result = runner.invoke(app, ["outcomes", "responders", "--json"])
    fibromyalgia = json.loads(result.stdout)["conditions"]["fibromyalgia"]
    assert fibromyalgia["primary_measure"] == "pain"
    assert fibromyalgia["match"] == "any"
    pgic = next(r for r in fibromyalgia["rules"] if r["measure"] == "pgic")
    assert (pgic["kind"], pgic["threshold"]) == ("at_most", 2)


def test_operating_characteristics_refuses_too_few_patients_with_exit_code_2():
    result = runner.invoke(app, ["outcomes", "operating-characteristics", "--patients", "3"])
    assert result.exit_code == 2
    assert "--patients" in result.output
