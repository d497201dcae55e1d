"""Property tests: whatever the ladder and whatever the changes, a plan stays safe."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.dosing import (
    Capsules,
    CeilingExceeded,
    DosingError,
    DosingLimits,
    HardMaximumExceeded,
    OralLiquid,
    TitrationPlan,
    advance,
    build_plan,
    custom_protocol,
    dose_events,
    hold,
    pause,
    resume,
    step_back,
    stop,
    supply_for,
    switch_to_morning,
)
from ldncare.units import Dose

LIMITS = DosingLimits()
micrograms = st.integers(min_value=100, max_value=12_000).map(Dose.from_micrograms)
ladders = st.tuples(micrograms, st.integers(50, 3000).map(Dose.from_micrograms),
                    st.integers(1, 30), micrograms, st.sampled_from([None, "documented reason"]))
starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 1, 1))
OPERATIONS = [advance, hold, step_back, switch_to_morning, pause, resume, stop]


def try_build(ladder, start):
    first, step, every, target, reason = ladder
    low, high = sorted([first, target], key=lambda d: d.mg)
    try:
        protocol = custom_protocol(low, step, every, high)
        return build_plan(protocol, start, override_reason=reason)
    except (CeilingExceeded, HardMaximumExceeded, DosingError):
        return None


def assert_safe(plan: TitrationPlan) -> None:
    for earlier, later in zip(plan.steps, plan.steps[1:], strict=False):
        assert later.start == earlier.end + timedelta(days=1)
    for step in plan.steps:
        assert step.dose.mg >= 0
        assert step.dose.mg <= LIMITS.hard_maximum.mg
        assert step.dose.mg <= LIMITS.clinic_ceiling.mg or plan.override_reason


@settings(max_examples=150, deadline=None)
@given(ladders, starts)
def test_a_built_plan_is_never_negative_never_above_its_limits_and_contiguous(ladder, start):
    plan = try_build(ladder, start)
    if plan is None:
        return
    assert_safe(plan)
    assert plan.steps[-1].end is None


@settings(max_examples=150, deadline=None)
@given(ladders, starts)
def test_building_refuses_exactly_the_unsafe_targets(ladder, start):
    first, step, every, target, reason = ladder
    high = max(first, target, key=lambda d: d.mg)
    plan = try_build(ladder, start)
    if high.mg > LIMITS.hard_maximum.mg or (high.mg > LIMITS.clinic_ceiling.mg and not reason):
        assert plan is None


@settings(max_examples=100, deadline=None)
@given(ladders, starts, st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 60)),
                                 max_size=6))
def test_dose_changes_keep_the_plan_safe_and_never_touch_the_old_version(ladder, start, operations):
    plan = try_build(ladder, start)
    if plan is None:
        return
    day = start
    for operation, days_later in operations:
        day += timedelta(days=days_later)
        before = plan.as_dict()
        try:
            changed = operation(plan, day, "dr", "review", override_reason="documented reason") \
                if operation is advance else operation(plan, day, "dr", "review")
        except DosingError:
            assert plan.as_dict() == before
            continue
        assert plan.as_dict() == before
        assert changed.version == plan.version + 1
        assert_safe(changed)
        assert TitrationPlan.from_dict(changed.as_dict()) == changed
        plan = changed


@settings(max_examples=100, deadline=None)
@given(ladders, starts, st.integers(1, 60), st.integers(0, 4))
def test_supply_totals_are_exact(ladder, start, days_per_fill, refills):
    plan = try_build(ladder, start)
    if plan is None:
        return
    liquid = supply_for(plan, OralLiquid(Decimal("1"), Decimal("0.001")),
                        days_per_fill=days_per_fill, refills=refills)
    capsules = supply_for(plan, Capsules((Dose("0.001"), Dose("1"))),
                          days_per_fill=days_per_fill, refills=refills)
    for fill in liquid.fills:
        expected = sum((e.dose.mg for e in dose_events(plan, fill.covers_from, fill.covers_to)),
                       Decimal(0))
        assert fill.total_mg == expected == fill.volume_ml
    for fill in capsules.fills:
        assert sum(s.mg * n for s, n in fill.capsules) == fill.total_mg
    assert len(liquid.fills) == refills + 1
