"""A trial's schedule: pairs of periods in random order, reproducible from its
seed, with run-ins, and refused when it could not be analysed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.trials import TrialError, design_trial, parse_arms
from ldncare.trials.design import Period


def _design(seed: int = 7, **overrides):  # type: ignore[no-untyped-def]
    options = {"pairs": 3, "period_days": 14, "run_in_days": 3, "start": date(2027, 1, 4),
               "seed": seed} | overrides
    return design_trial(Decimal("4.5"), Decimal("0"), **options)


def test_each_pair_has_one_period_of_each_arm_back_to_back():
    design = _design()
    assert len(design.periods) == 6
    for pair in (1, 2, 3):
        arms = sorted(p.arm for p in design.periods if p.pair == pair)
        assert arms == ["active", "comparator"]
    for earlier, later in zip(design.periods, design.periods[1:], strict=False):
        assert later.start == earlier.end + timedelta(days=1)
    assert design.periods[-1].end == date(2027, 1, 4) + timedelta(days=6 * 14 - 1)


def test_the_same_seed_gives_the_same_order_and_other_seeds_vary_it():
    assert _design(7).as_dict() == _design(7).as_dict()
    orders = {tuple(p.arm for p in _design(seed).periods) for seed in range(20)}
    assert len(orders) > 1


def test_placebo_is_a_dose_of_zero_and_the_active_dose_is_kept_exactly():
    doses = {p.arm: p.dose_mg for p in _design().periods}
    assert doses == {"active": Decimal("4.5"), "comparator": Decimal("0")}


def test_a_period_round_trips_through_its_printed_form():
    period = _design().periods[0]
    assert Period.from_dict(period.as_dict()) == period


@pytest.mark.parametrize("text, message", [
    ("4.5", "two doses"), ("4.5,4.5", "must differ"), ("4.5,-1", "negative"),
    ("50,0", "hard maximum"), ("x,0", "not a number")])
def test_arms_that_are_not_two_different_ldn_doses_are_refused(text, message):
    with pytest.raises(TrialError, match=message):
        parse_arms(text)


@pytest.mark.parametrize("overrides, message", [
    ({"pairs": 1}, "pairs must be from 2"), ({"period_days": 0}, "a period lasts"),
    ({"run_in_days": 12}, "fewer than 3 analysed days"), ({"run_in_days": -1}, "run-in")])
def test_a_design_that_could_not_be_analysed_is_refused(overrides, message):
    with pytest.raises(TrialError, match=message):
        _design(**overrides)


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31), pairs=st.integers(2, 10),
       period=st.integers(6, 56), run_in=st.integers(0, 3))
def test_every_design_alternates_arms_within_pairs_and_covers_each_day_once(
        seed, pairs, period, run_in):
    design = _design(seed, pairs=pairs, period_days=period, run_in_days=run_in)
    days = [p.start + timedelta(days=i) for p in design.periods
            for i in range((p.end - p.start).days + 1)]
    assert len(days) == len(set(days)) == pairs * 2 * period
    assert sum(p.arm == "active" for p in design.periods) == pairs
