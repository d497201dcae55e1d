"""Nothing is weighed below the balance's minimum weight: small batches are
triturated (or refused with the smallest batch that works), and the powder is
corrected for the lot's assay and water so every capsule holds its strength."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.compounding import BelowMinimumWeight, capsule_batch, liquid_batch

strengths = st.decimals(min_value="0.1", max_value="10", places=3)


def test_ten_half_milligram_capsules_are_made_through_a_trituration():
    batch = capsule_batch("0.5", 10)  # 5 mg of drug on a balance that weighs 20 mg or more
    assert batch.trituration is not None
    assert batch.trituration.dilution == 4
    assert [(w.what, w.mg) for w in batch.weighings] == [
        ("naltrexone hydrochloride powder for the trituration", Decimal(20)),
        ("microcrystalline cellulose (Avicel) for the trituration", Decimal(60)),
        ("trituration for the batch", Decimal(20)),
        ("microcrystalline cellulose (Avicel) for the batch", Decimal(2230)),
    ]
    assert any("1 in 4 trituration" in step for step in batch.working)


def test_without_trituration_the_smallest_batch_that_can_be_weighed_is_named():
    with pytest.raises(BelowMinimumWeight, match="smallest batch that can be weighed is 40") as e:
        capsule_batch("0.5", 10, allow_trituration=False)
    assert e.value.smallest == 40


def test_a_pharmacy_balance_with_a_higher_minimum_weight_triturates_sooner():
    assert capsule_batch("4.5", 30).trituration is None  # 135 mg on the default balance
    coarse = capsule_batch("4.5", 30, minimum_weight_mg="200")
    assert coarse.trituration is not None
    assert min(w.mg for w in coarse.weighings) >= 200


def test_a_lot_with_water_needs_proportionally_more_powder():
    dry = capsule_batch("4.5", 30)
    wet = capsule_batch("4.5", 30, water_percent="8.7")
    assert dry.powder_mg == 135
    assert wet.powder_mg == 148  # 135 × 100 / 91.3 = 147.86, rounded to the balance
    assert any("water correction (8.7% water" in step for step in wet.working)


def test_a_liquid_too_small_to_weigh_names_the_smallest_volume():
    with pytest.raises(BelowMinimumWeight, match="smallest volume") as e:
        liquid_batch("1", "10")  # 10 mg of sodium benzoate at 0.1% w/v
    assert e.value.smallest == Decimal("20.0")
    assert liquid_batch("1", "20").weighings


@settings(max_examples=80, deadline=None)
@given(strength=strengths, quantity=st.integers(min_value=1, max_value=400),
       assay=st.decimals(min_value="98.0", max_value="102.0", places=1),
       water=st.decimals(min_value="0", max_value="12", places=1),
       minimum=st.sampled_from(["10", "20", "50", "120"]))
def test_no_weighing_is_below_the_minimum_and_every_capsule_holds_its_strength(
        strength, quantity, assay, water, minimum):
    try:
        batch = capsule_batch(strength, quantity, assay_percent=assay, water_percent=water,
                              minimum_weight_mg=minimum)
    except BelowMinimumWeight as refusal:
        assert refusal.smallest is None or refusal.smallest > quantity
        return
    assert all(w.mg >= Decimal(minimum) for w in batch.weighings)
    active = batch.ingredients[0]
    powder = active.amount / batch.trituration.dilution if batch.trituration else active.amount
    pure_drug = powder * assay / 100 * (100 - water) / 100
    assert abs(pure_drug - batch.api_mg) / batch.api_mg <= Decimal("0.10")
