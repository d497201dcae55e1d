from datetime import UTC, date, datetime

import pytest

from ldncare.dosing import (
    DosingError,
    TimeOfDay,
    TitrationPlan,
    build_plan,
    current_step,
    dose_on,
    load_library,
    next_change,
)
from ldncare.units import Dose

START = date(2026, 1, 1)


def standard_plan(**kwargs):
    return build_plan(load_library().get("standard"), START, **kwargs)


def test_the_standard_plan_has_three_steps_and_ends_in_maintenance():
    plan = standard_plan()
    assert [s.dose for s in plan.steps] == [Dose("1.5"), Dose("3"), Dose("4.5")]
    assert [s.start for s in plan.steps] == [START, date(2026, 1, 15), date(2026, 1, 29)]
    assert plan.steps[0].end == date(2026, 1, 14) and plan.steps[-1].end is None
    assert plan.version == 1 and plan.changes[0].kind == "created"


def test_bedtime_is_the_default_and_morning_is_an_option():
    assert standard_plan().steps[0].time_of_day is TimeOfDay.BEDTIME
    assert {s.time_of_day for s in standard_plan(time_of_day="morning").steps} == {TimeOfDay.MORNING}


def test_the_custom_template_cannot_be_built_without_numbers():
    with pytest.raises(DosingError, match="custom_protocol"):
        build_plan(load_library().get("custom"), START)


def test_dose_on_reads_the_step_in_force():
    plan = standard_plan()
    assert dose_on(plan, date(2025, 12, 31)) is None
    assert dose_on(plan, START) == Dose("1.5")
    assert dose_on(plan, date(2026, 1, 15)) == Dose("3")
    assert dose_on(plan, date(2030, 1, 1)) == Dose("4.5")


def test_current_step_and_next_change_tell_the_patient_what_comes_next():
    plan = standard_plan()
    assert current_step(plan, date(2026, 1, 10)).dose == Dose("1.5")
    assert next_change(plan, date(2026, 1, 10)).start == date(2026, 1, 15)
    assert next_change(plan, date(2026, 2, 1)) is None


def test_a_plan_round_trips_through_its_dict():
    plan = standard_plan(recorded_at=datetime(2026, 1, 1, 9, tzinfo=UTC))
    assert TitrationPlan.from_dict(plan.as_dict()) == plan


def test_a_tampered_stored_plan_is_refused():
    data = standard_plan().as_dict()
    data["steps"][2]["dose_mg"] = "12"
    with pytest.raises(DosingError, match="hard maximum"):
        TitrationPlan.from_dict(data)


def test_a_stored_plan_with_a_gap_between_steps_is_refused():
    data = standard_plan().as_dict()
    data["steps"][1]["start"] = "2026-01-16"
    with pytest.raises(DosingError, match="contiguous"):
        TitrationPlan.from_dict(data)


def test_a_naive_recorded_at_is_refused():
    with pytest.raises(DosingError, match="timezone-aware"):
        standard_plan(recorded_at=datetime(2026, 1, 1, 9))  # noqa: DTZ001 (the point)


def test_the_plan_records_the_data_version_it_was_built_with():
    assert standard_plan().as_dict()["data_version"] == load_library().version
