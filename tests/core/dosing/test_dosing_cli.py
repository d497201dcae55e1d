import json

import icalendar
from typer.testing import CliRunner

from ldncare.cli import app

runner = CliRunner()


def plan(*args: str):
    return runner.invoke(app, ["plan", *args])


def test_it_prints_the_plan_as_json_with_the_issue_fields():
    result = plan("--protocol", "standard", "--start", "2026-01-01", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["protocol"] == "standard" and data["target_mg"] == "4.5"
    assert data["steps"][0] == {"dose_mg": "1.5", "start": "2026-01-01", "end": "2026-01-14",
                                "time_of_day": "bedtime"}
    assert data["steps"][-1]["end"] is None


def test_custom_numbers_and_morning_time():
    result = plan("--start-dose", "500 mcg", "--step", "0.5", "--every", "7", "--target", "2",
                  "--start", "2026-01-01", "--time", "morning", "--json")
    data = json.loads(result.stdout)
    assert [s["dose_mg"] for s in data["steps"]] == ["0.5", "1", "1.5", "2"]
    assert {s["time_of_day"] for s in data["steps"]} == {"morning"}


def test_a_target_above_the_ceiling_without_a_reason_exits_2_naming_the_ceiling():
    result = plan("--start-dose", "1", "--step", "1", "--every", "7", "--target", "6",
                  "--start", "2026-01-01")
    assert result.exit_code == 2 and "clinic ceiling" in result.stderr
    assert "--override-reason" in result.stderr


def test_a_target_above_the_ceiling_with_a_reason_is_built():
    result = plan("--start-dose", "1", "--step", "1", "--every", "7", "--target", "6",
                  "--start", "2026-01-01", "--override-reason", "FINAL trial dose", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["override_reason"] == "FINAL trial dose"


def test_a_target_above_the_hard_maximum_exits_2_even_with_a_reason():
    result = plan("--start-dose", "1", "--step", "1", "--every", "7", "--target", "11",
                  "--start", "2026-01-01", "--override-reason", "x")
    assert result.exit_code == 2 and "hard maximum" in result.stderr


def test_every_bad_input_exits_2_with_a_message():
    cases = [
        ("--protocol", "nope", "--start", "2026-01-01"),
        ("--start", "2026-01-01"),
        ("--protocol", "standard", "--target", "3", "--start", "2026-01-01"),
        ("--start-dose", "1", "--start", "2026-01-01"),
        ("--protocol", "standard", "--start", "01/01/2026"),
        ("--start-dose", "one", "--step", "1", "--every", "7", "--target", "3", "--start", "2026-01-01"),
        ("--start-dose", "1", "--step", "1", "--every", "0", "--target", "3", "--start", "2026-01-01"),
        ("--protocol", "standard", "--start", "2026-01-01", "--time", "noon"),
        ("--protocol", "standard", "--start", "2026-01-01", "--ics", "x.ics", "--tz", "Mars/Base"),
        ("--protocol", "standard", "--start", "2026-01-01", "--ics", "/no/such/dir/x.ics"),
    ]
    for args in cases:
        result = plan(*args)
        assert result.exit_code == 2, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert result.stderr.strip(), args


def test_it_writes_an_ics_with_one_event_per_dose(tmp_path):
    target = tmp_path / "plan.ics"
    result = plan("--protocol", "standard", "--start", "2026-01-01", "--ics", str(target),
                  "--tz", "Europe/Oslo")
    assert result.exit_code == 0, result.output
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert len(events) == 28 + 28  # two 14-day steps, then four weeks of maintenance
