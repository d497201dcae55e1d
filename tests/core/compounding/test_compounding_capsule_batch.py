from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.compounding import (
    BelowMinimumWeight,
    CompoundingError,
    Source,
    UnsafeRequest,
    capsule_batch,
)
from ldncare.units import Dose

strengths = st.integers(min_value=1, max_value=10_000).map(Dose.from_micrograms)


def test_it_works_out_thirty_capsules_of_four_and_a_half_mg_from_powder():
    batch = capsule_batch("4.5", 30)
    assert batch.api_mg == Decimal("135")
    assert batch.powder_mg == Decimal("135")
    assert batch.fill_weight_mg == Decimal("225")
    assert batch.total_blend_mg == Decimal("6750")
    assert batch.filler_mg == Decimal("6615")
    assert batch.tablets_50mg is None
    assert batch.working, "every result shows its working"


def test_it_corrects_the_powder_for_the_assay_and_shows_the_rounding():
    batch = capsule_batch("4.5", 30, assay_percent="99.2")
    assert batch.api_mg == Decimal("135")
    assert batch.powder_mg == Decimal("136")  # 135 / 0.992 = 136.09, rounded to the 1 mg balance
    assert any("assay correction" in step for step in batch.working)
    assert any("rounded half-up" in step for step in batch.working)


def test_it_corrects_for_water_in_the_powder():
    dry = capsule_batch("3", 100, assay_percent="100")
    wet = capsule_batch("3", 100, assay_percent="100", water_percent="5")
    assert wet.powder_mg > dry.powder_mg


def test_overage_adds_whole_capsules_of_blend_and_never_more_drug_per_capsule():
    batch = capsule_batch("1.5", 30, overage_percent="5")
    assert batch.prepared_quantity == 32
    assert batch.api_mg == Decimal("1.5") * 32
    assert batch.strength_mg == Decimal("1.5")


def test_it_rejects_a_strength_above_the_hard_maximum():
    with pytest.raises(UnsafeRequest, match="hard maximum of 10 mg"):
        capsule_batch("10.5", 30)


def test_a_clinic_may_set_a_lower_hard_maximum():
    with pytest.raises(UnsafeRequest, match="hard maximum of 6 mg"):
        capsule_batch("6.5", 30, maximum_mg=Decimal("6"))


@pytest.mark.parametrize("strength, quantity", [("0", 30), ("4.5", 0), ("4.5", -3)])
def test_it_rejects_zero_and_negative_amounts(strength, quantity):
    with pytest.raises(CompoundingError):
        capsule_batch(strength, quantity)


def test_it_refuses_a_float_strength():
    with pytest.raises(CompoundingError, match="float"):
        capsule_batch(4.5, 30)  # type: ignore[arg-type]


def test_it_refuses_an_assay_outside_the_usp_specification():
    with pytest.raises(UnsafeRequest, match="98.0-102.0%"):
        capsule_batch("4.5", 30, assay_percent="95")


def test_it_refuses_a_slow_release_or_absorption_blocking_filler():
    with pytest.raises(UnsafeRequest, match="must not be used"):
        capsule_batch("4.5", 30, filler="calcium-carbonate")
    with pytest.raises(UnsafeRequest, match="immediate release"):
        capsule_batch("4.5", 30, filler="methylcellulose")


def test_it_refuses_an_unknown_capsule_size_naming_the_known_ones():
    with pytest.raises(CompoundingError, match="known sizes: 000"):
        capsule_batch("4.5", 30, capsule_size="7")


def test_a_larger_capsule_takes_more_filler():
    small = capsule_batch("4.5", 30, capsule_size="4")
    large = capsule_batch("4.5", 30, capsule_size="#1")
    assert large.filler_mg > small.filler_mg
    assert large.capsule_size == "1"


def test_a_batch_too_small_to_weigh_is_refused_with_the_smallest_batch_that_can_be():
    with pytest.raises(BelowMinimumWeight, match="smallest batch that can be weighed is 200") as e:
        capsule_batch("0.001", 1)
    assert e.value.smallest == 200


@settings(max_examples=60, deadline=None)
@given(strength=strengths, quantity=st.integers(min_value=10, max_value=500),
       overage=st.integers(min_value=0, max_value=20),
       assay=st.decimals(min_value="98.0", max_value="102.0", places=1))
def test_the_batch_always_balances_and_is_never_negative(strength, quantity, overage, assay):
    try:
        batch = capsule_batch(strength, quantity, overage_percent=str(overage), assay_percent=assay)
    except BelowMinimumWeight as error:
        assert "smallest batch that can be weighed" in str(error)
        return
    assert batch.api_mg == strength.mg * batch.prepared_quantity
    assert batch.prepared_quantity >= quantity
    assert batch.powder_mg > 0 and batch.filler_mg > 0
    active, filler = batch.ingredients
    assert active.amount + filler.amount == batch.total_blend_mg
    # rounding to the balance is shown and stays inside the 10% tolerance
    assert abs(active.amount - active.exact_amount) * 100 / active.exact_amount <= 10
    assert any("rounded" in step for step in batch.working)


@settings(max_examples=40, deadline=None)
@given(micrograms=st.integers(min_value=10_001, max_value=100_000))
def test_no_strength_above_the_ceiling_is_ever_accepted(micrograms):
    with pytest.raises(UnsafeRequest):
        capsule_batch(Dose.from_micrograms(micrograms), 30)


def test_source_tablets_gives_whole_tablets():
    batch = capsule_batch("4.5", 100, source=Source.TABLETS)
    assert batch.tablets_50mg == 9
    assert batch.powder_mg is None
    assert batch.filler_mg is None  # tablet excipients unknown: filler is qs to the blend weight


def test_a_known_tablet_weight_lets_the_filler_be_weighed():
    batch = capsule_batch("4.5", 100, source="tablets", tablet_weight_mg="250")
    assert batch.filler_mg == batch.total_blend_mg - 9 * Decimal(250)


@pytest.mark.parametrize("value", ["1e400", "NaN", "Infinity", "abc", ""])
def test_absurd_numbers_are_refused_with_a_message_not_a_crash(value):
    with pytest.raises(CompoundingError):
        capsule_batch(value, 30)
    with pytest.raises(CompoundingError):
        capsule_batch("4.5", 30, overage_percent=value)
