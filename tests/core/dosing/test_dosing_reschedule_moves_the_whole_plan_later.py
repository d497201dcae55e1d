"""Treatment starts when the medicine arrives: ``reschedule`` moves a whole plan
to a later day 1, keeping every dose, step length and order."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldncare.dosing import (
    ChangeKind,
    PlanChangeError,
    TitrationPlan,
    build_plan,
    dose_on,
    load_library,
    reschedule,
    stop,
    switch_to_morning,
)

START = date(2026, 1, 1)
WHO, WHY = "pat", "The medicine arrived on 9 Jan 2026; day 1 is the next day."


def _plan(protocol: str = "standard") -> TitrationPlan:
    return build_plan(load_library().get(protocol), START)


@given(days=st.integers(min_value=0, max_value=400),
       protocol=st.sampled_from(["standard", "gentle"]))
def test_every_dose_moves_by_the_same_number_of_days(days: int, protocol: str) -> None:
    plan = _plan(protocol)
    moved = reschedule(plan, START + timedelta(days=days), WHO, WHY)
    assert moved.start == START + timedelta(days=days)
    for offset in range(0, 120, 3):
        assert dose_on(moved, START + timedelta(days=days + offset)) == dose_on(
            plan, START + timedelta(days=offset))
    assert dose_on(moved, moved.start - timedelta(days=1)) is None
    assert [s.dose for s in moved.steps] == [s.dose for s in plan.steps]


def test_it_is_a_new_version_that_says_who_and_why() -> None:
    moved = reschedule(_plan(), date(2026, 1, 10), WHO, WHY)
    assert moved.version == 2
    assert moved.last_change is not None
    assert (moved.last_change.kind, moved.last_change.effective_on, moved.last_change.reason) == (
        ChangeKind.RESCHEDULED, date(2026, 1, 10), WHY)
    assert ChangeKind.RESCHEDULED.label == "Rescheduled"


def test_a_change_made_while_the_medicine_was_on_its_way_moves_with_the_steps() -> None:
    morning = switch_to_morning(_plan(), date(2026, 1, 5), "dr", "vivid dreams expected")
    moved = reschedule(morning, date(2026, 1, 20), WHO, WHY)
    assert moved.steps[0].start == date(2026, 1, 20)
    assert moved.steps[-1].time_of_day == morning.steps[-1].time_of_day


def test_it_never_moves_the_start_earlier() -> None:
    with pytest.raises(PlanChangeError, match="only ever moved later"):
        reschedule(_plan(), START - timedelta(days=1), WHO, WHY)


def test_a_stopped_plan_is_not_moved() -> None:
    stopped = stop(_plan(), date(2026, 2, 1), "dr", "no benefit")
    with pytest.raises(PlanChangeError, match="stopped"):
        reschedule(stopped, date(2026, 3, 1), WHO, WHY)


def test_it_needs_who_and_why() -> None:
    with pytest.raises(PlanChangeError, match="who"):
        reschedule(_plan(), date(2026, 1, 3), " ", WHY)
    with pytest.raises(PlanChangeError, match="why"):
        reschedule(_plan(), date(2026, 1, 3), WHO, "")
