"""A new plan's doses are multiples of the clinic's smallest increment; an
off-increment ladder is refused with the nearest one that is, never rounded
silently. Plans stored before the rule still load."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.dosing import (
    DosingLimits,
    OffIncrement,
    TitrationPlan,
    build_plan,
    custom_protocol,
    load_library,
)
from ldncare.units import Dose

START = date(2026, 12, 1)


def test_a_thousandth_of_a_milligram_and_half_milligram_plus_one_are_refused_with_the_nearest():
    with pytest.raises(OffIncrement, match="start 0.25 mg, step 0.5 mg, target 4.5 mg") as refused:
        build_plan(custom_protocol(Dose("0.001"), Dose("0.501"), 7, Dose("4.5")), START)
    assert refused.value.nearest == (Decimal("0.25"), Decimal("0.50"), Decimal("4.50"))


def test_every_built_in_protocol_keeps_to_the_default_increment():
    library = load_library()
    for protocol in library.protocols.values():
        if not protocol.is_template:
            build_plan(protocol, START)


def test_a_clinic_that_doses_in_tenths_of_a_milligram_may_say_so():
    limits = DosingLimits(smallest_increment=Dose("0.1"))
    plan = build_plan(custom_protocol(Dose("0.1"), Dose("0.1"), 7, Dose("0.5")), START,
                      limits=limits)
    assert [step.dose.mg for step in plan.steps][-1] == Decimal("0.5")
    assert plan.limits.smallest_increment == Dose("0.1")


def test_a_plan_stored_before_the_increment_existed_still_loads():
    old = build_plan(custom_protocol(Dose("0.1"), Dose("0.1"), 7, Dose("0.3")), START,
                     limits=DosingLimits(smallest_increment=Dose("0.1"))).as_dict()
    for key in ("smallest_increment_mg", "smallest_increment_source"):
        old["limits"].pop(key)
    reloaded = TitrationPlan.from_dict(old)
    assert reloaded.steps[0].dose == Dose("0.1")


micrograms = st.integers(min_value=1, max_value=4500)
steps = st.integers(min_value=100, max_value=4500)


@settings(max_examples=120, deadline=None)
@given(start=micrograms, step=steps, target=micrograms)
def test_a_ladder_is_either_kept_exactly_or_refused_with_a_nearest_plan_that_builds(
        start, step, target):
    protocol = custom_protocol(Dose.from_micrograms(min(start, target)), Dose.from_micrograms(step),
                               7, Dose.from_micrograms(target))
    try:
        plan = build_plan(protocol, START)
    except OffIncrement as refused:
        nearest = [Dose(mg) for mg in refused.nearest]
        assert all(dose.mg > 0 and dose.mg % Decimal("0.25") == 0 for dose in nearest)
        build_plan(custom_protocol(min(nearest[0], nearest[2]), nearest[1], 7, nearest[2]),
                   START)
        return
    assert all(step.dose.mg % Decimal("0.25") == 0 for step in plan.steps)
    assert plan.steps[-1].dose == protocol.target
