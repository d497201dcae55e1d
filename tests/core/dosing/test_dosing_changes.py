from datetime import date

import pytest

from ldncare.dosing import (
    CeilingExceeded,
    PlanChangeError,
    PlanStatus,
    TimeOfDay,
    advance,
    build_plan,
    dose_on,
    hold,
    load_library,
    pause,
    resume,
    step_back,
    stop,
    switch_to_morning,
)
from ldncare.units import Dose

START = date(2026, 1, 1)
WHO, WHY = "dr.hansen", "patient review"


@pytest.fixture
def plan():
    return build_plan(load_library().get("standard"), START)


def test_advance_moves_the_rest_of_the_ladder_earlier(plan):
    advanced = advance(plan, date(2026, 1, 8), WHO, WHY)
    assert dose_on(advanced, date(2026, 1, 8)) == Dose("3")
    assert advanced.steps[-1].start == date(2026, 1, 22)
    assert advanced.version == 2 and advanced.changes[-1].actor == WHO


def test_advance_at_maintenance_adds_a_step_and_needs_a_reason_above_the_ceiling(plan):
    with pytest.raises(CeilingExceeded):
        advance(plan, date(2026, 3, 1), WHO, WHY)
    raised = advance(plan, date(2026, 3, 1), WHO, WHY, override_reason="partial response at 4.5 mg")
    assert dose_on(raised, date(2026, 3, 1)) == Dose("6")


def test_hold_keeps_the_current_dose_as_maintenance(plan):
    held = hold(plan, date(2026, 1, 20), WHO, "vivid dreams settling")
    assert held.steps[-1].dose == Dose("3") and held.steps[-1].end is None
    assert dose_on(held, date(2026, 6, 1)) == Dose("3")


def test_hold_at_maintenance_is_refused(plan):
    with pytest.raises(PlanChangeError, match="already the maintenance"):
        hold(plan, date(2026, 3, 1), WHO, WHY)


def test_step_back_returns_to_the_previous_lower_dose(plan):
    back = step_back(plan, date(2026, 2, 2), WHO, "headache at 4.5 mg")
    assert dose_on(back, date(2026, 2, 2)) == Dose("3")
    assert dose_on(back, date(2026, 2, 1)) == Dose("4.5")


def test_step_back_on_the_first_step_is_refused(plan):
    with pytest.raises(PlanChangeError, match="lowest dose"):
        step_back(plan, date(2026, 1, 5), WHO, WHY)


def test_switch_to_morning_moves_every_later_dose(plan):
    morning = switch_to_morning(plan, date(2026, 1, 10), WHO, "insomnia")
    assert morning.steps[0].time_of_day is TimeOfDay.BEDTIME
    assert all(s.time_of_day is TimeOfDay.MORNING for s in morning.steps[1:])
    assert dose_on(morning, date(2026, 1, 10)) == Dose("1.5")


def test_pause_gives_no_dose_until_resume_at_the_last_dose(plan):
    paused = pause(plan, date(2026, 1, 20), WHO, "surgery planned")
    assert paused.status is PlanStatus.PAUSED and dose_on(paused, date(2026, 2, 1)) == Dose("0")
    with pytest.raises(PlanChangeError, match="resume it first"):
        advance(paused, date(2026, 1, 25), WHO, WHY)
    resumed = resume(paused, date(2026, 1, 27), WHO, "off opioids")
    assert resumed.status is PlanStatus.ACTIVE and dose_on(resumed, date(2026, 1, 27)) == Dose("3")


def test_stop_ends_the_plan_the_day_before(plan):
    stopped = stop(plan, date(2026, 2, 10), WHO, "no benefit")
    assert stopped.status is PlanStatus.STOPPED
    assert dose_on(stopped, date(2026, 2, 9)) == Dose("4.5") and dose_on(stopped, date(2026, 2, 10)) is None
    with pytest.raises(PlanChangeError, match="start a new plan"):
        resume(stopped, date(2026, 2, 11), WHO, WHY)


def test_a_change_needs_who_and_why(plan):
    with pytest.raises(PlanChangeError, match="who"):
        advance(plan, date(2026, 1, 5), " ", WHY)
    with pytest.raises(PlanChangeError, match="why"):
        advance(plan, date(2026, 1, 5), WHO, "")


def test_a_change_cannot_be_dated_before_the_last_change(plan):
    held = hold(plan, date(2026, 1, 20), WHO, WHY)
    with pytest.raises(PlanChangeError, match="in order"):
        step_back(held, date(2026, 1, 19), WHO, WHY)


def test_operations_leave_the_old_version_untouched(plan):
    before = plan.as_dict()
    advance(plan, date(2026, 1, 5), WHO, WHY)
    pause(plan, date(2026, 1, 5), WHO, WHY)
    assert plan.as_dict() == before
