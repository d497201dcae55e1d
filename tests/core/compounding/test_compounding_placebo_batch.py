"""A blinded trial's placebo capsules: the formula's capsule size filled to the
same fill weight as the active capsules, with the filler alone — so active and
placebo kits look and weigh alike, and the placebo draws no naltrexone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldncare.compounding import (
    CapsuleBatch,
    CompoundingError,
    capsule_batch,
    placebo_capsule_batch,
)
from ldncare.compounding.inventory import POWDER, materials_needed


@given(quantity=st.integers(min_value=7, max_value=400),
       dose=st.sampled_from(["0.5", "1.5", "3", "4.5", "6"]))
def test_placebo_capsules_match_the_active_capsules_size_and_fill_weight(quantity, dose):
    placebo = placebo_capsule_batch(quantity)
    active = capsule_batch(dose, quantity)
    assert (placebo.capsule_size, placebo.fill_weight_mg) == (active.capsule_size,
                                                               active.fill_weight_mg)
    assert placebo.total_blend_mg == active.total_blend_mg
    assert placebo.api_mg == 0 and placebo.strength_mg == 0


@given(quantity=st.integers(min_value=7, max_value=400))
def test_a_placebo_batch_draws_only_its_filler_and_all_of_the_blend(quantity):
    placebo = placebo_capsule_batch(quantity)
    needs = materials_needed(placebo)
    assert [n.material for n in needs] == ["microcrystalline cellulose (Avicel)"]
    assert needs[0].amount == placebo.total_blend_mg / 1000
    assert POWDER not in {n.material for n in needs}


def test_the_placebo_batch_says_it_holds_no_naltrexone_and_round_trips():
    placebo = placebo_capsule_batch(14)
    assert placebo.working[0].startswith("placebo: filler only, no naltrexone")
    assert [i.role for i in placebo.ingredients] == ["filler"]
    assert CapsuleBatch.from_dict(placebo.as_dict()) == placebo


def test_a_placebo_batch_of_no_capsules_is_refused():
    with pytest.raises(CompoundingError, match="at least 1"):
        placebo_capsule_batch(0)


def test_an_overage_adds_whole_capsules_of_filler():
    placebo = placebo_capsule_batch(100, overage_percent="5")
    assert placebo.prepared_quantity == 105
    assert placebo.total_blend_mg == placebo.fill_weight_mg * Decimal(105)
