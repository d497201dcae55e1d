from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from ldncare.journal.cli import register

runner = CliRunner()


def app() -> typer.Typer:
    # ldncare.cli does not list ldncare.journal.cli yet, so mount it on a fresh app.
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        pass

    register(root)
    return root


def invoke(*args: str):
    return runner.invoke(app(), ["journal", *args])


def test_score_prints_the_total_and_band_as_json():
    result = invoke("score", "gad-7", *[f"-a{i}=2" for i in range(1, 8)], "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["total"] == 14 and payload["band"] == "moderate"


def test_score_reports_an_incomplete_form():
    result = invoke("score", "phq-9", "-a", "1=1")
    assert result.exit_code == 0 and "incomplete" in result.stdout


def test_score_rejects_a_malformed_answer_with_exit_2():
    result = invoke("score", "phq-9", "-a", "one")
    assert result.exit_code == 2 and "ITEM=VALUE" in result.stderr


def test_score_rejects_an_answer_out_of_range_with_exit_2():
    result = invoke("score", "phq-9", "-a", "1=9")
    assert result.exit_code == 2 and "not an answer" in result.stderr


def test_score_rejects_an_unknown_instrument_with_exit_2():
    result = invoke("score", "sf-36")
    assert result.exit_code == 2 and "unknown questionnaire" in result.stderr


def test_instruments_and_rules_list_their_sources():
    assert "phq-9" in invoke("instruments").stdout
    payload = json.loads(invoke("rules", "--json").stdout)
    assert {r["code"] for r in payload["rules"]} >= {"new_opioid_reported", "missed_doses"}


def test_due_says_when_a_questionnaire_is_next_due():
    result = invoke("due", "--instrument", "phq-9", "--start", "2026-01-01", "--every", "28",
                    "--today", "2026-02-10", "--last-completed", "2026-01-02", "--json")
    assert json.loads(result.stdout) == {"instrument": "phq-9", "next_due": "2026-01-29", "overdue": True}


def test_due_rejects_a_bad_date_with_exit_2():
    result = invoke("due", "--instrument", "phq-9", "--start", "1 Jan", "--every", "28")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_due_rejects_a_zero_interval_with_exit_2():
    result = invoke("due", "--instrument", "phq-9", "--start", "2026-01-01", "--every", "0")
    assert result.exit_code == 2 and "every 1 to 366 days" in result.stderr


def test_evaluate_runs_the_rules_over_a_journal_file(tmp_path):
    journal = {
        "plan_steps": [{"start": "2026-01-01", "dose_mg": "1.5"}],
        "check_ins": [{"day": "2026-01-10", "recorded_at": "2026-01-10T21:00:00+00:00",
                       "events": ["new_opioid"]}],
    }
    path = tmp_path / "journal.json"
    path.write_text(json.dumps(journal))
    result = invoke("evaluate", str(path), "--today", "2026-01-11", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["code"] == "new_opioid_reported"


def test_evaluate_rejects_a_missing_file_with_exit_2(tmp_path):
    result = invoke("evaluate", str(tmp_path / "nope.json"))
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_evaluate_rejects_bad_json_with_exit_2(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json")
    result = invoke("evaluate", str(path))
    assert result.exit_code == 2 and "not valid JSON" in result.stderr


def test_evaluate_rejects_a_negative_plan_dose_with_exit_2(tmp_path):
    path = tmp_path / "j.json"
    path.write_text(json.dumps({"plan_steps": [{"start": "2026-01-01", "dose_mg": "-1"}]}))
    result = invoke("evaluate", str(path))
    assert result.exit_code == 2 and "negative" in result.stderr


def test_evaluate_rejects_an_unknown_setting_with_exit_2(tmp_path):
    path = tmp_path / "j.json"
    path.write_text("{}")
    result = invoke("evaluate", str(path), "--set", "nap=3")
    assert result.exit_code == 2 and "unknown rule setting" in result.stderr
