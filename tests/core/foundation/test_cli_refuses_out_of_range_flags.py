"""Every flag the probe broke exits 2 with a clear message, never a traceback,
and ``simulate`` shares the API's cap of 60 doses (it used to run for minutes)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from ldncare.cli import app
from ldncare.dateranges import PLAN_HORIZON_YEARS, check_in_window, planning_window
from ldncare.pharmacology.limits import MAX_DOSES

runner = CliRunner()
CUSTOM = ["plan", "--start-dose", "1.5", "--step", "1.5", "--target", "4.5"]


@pytest.mark.parametrize(("args", "says"), [
    ([*CUSTOM, "--start", "2026-12-01", "--every", "99999999999999999999"], "interval"),
    ([*CUSTOM, "--start", "2026-12-01", "--every", "366"], "interval"),
    (["plan", "--protocol", "standard", "--start", "9999-12-31"], "--start"),
    (["plan", "--protocol", "standard", "--start", "0001-01-01"], "--start"),
    (["compound", "capsules", "--strength", "4.5", "--quantity", "30",
      "--compounded-on", "9999-12-31"], "--compounded-on"),
    (["compound", "liquid", "--concentration", "1", "--volume", "100",
      "--compounded-on", "9999-12-31"], "--compounded-on"),
    (["compound", "capsules", "--strength", "4.5", "--quantity", "99999999999999999999"],
     "at most"),
    (["compound", "capsules", "--strength", "1e308", "--quantity", "30"], "strength"),
    (["simulate", "--dose", "4.5", "--hours", "1e308"], "--hours"),
    (["simulate", "--dose", "4.5", "--hours", "nan"], "--hours"),
    (["simulate", "--dose", "4.5", "--doses", "1000000000"], f"1 to {MAX_DOSES}"),
    (["simulate", "--dose", "4.5", "--step-h", "0"], "--step-h"),
    (["simulate", "--dose", "4.5", "--interval-hours", "1e308"], "--interval-hours"),
    (["simulate", "--dose", "4.5", "--population", "99999999999"], "--population"),
    (["simulate", "--dose", "4.5", "--seed", "99999999999999999999"], "--seed"),
])
def test_an_out_of_range_flag_exits_2_with_a_message_not_a_traceback(args, says):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert says in " ".join(result.output.split())
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output


def test_a_plan_inside_the_horizon_still_builds():
    start = (date.today() + timedelta(days=30)).isoformat()  # noqa: DTZ011
    result = runner.invoke(app, ["plan", "--protocol", "standard", "--start", start, "--json"])
    assert result.exit_code == 0, result.output


def test_the_planning_window_is_the_documented_years_either_side_of_today():
    today = date(2026, 12, 3)
    window = planning_window(today)
    assert window.earliest == today - timedelta(days=365 * PLAN_HORIZON_YEARS)
    assert window.latest == today + timedelta(days=365 * PLAN_HORIZON_YEARS)
    assert today in window and date(9999, 12, 31) not in window and date(1, 1, 1) not in window


def test_check_ins_reach_back_to_just_before_the_earlier_of_registration_and_first_plan():
    window = check_in_window(date(2026, 6, 1), date(2026, 12, 3), first_plan_start=date(2026, 5, 1))
    assert date(2026, 4, 17) in window and date(2026, 4, 16) not in window
    assert date(2026, 12, 4) not in window
