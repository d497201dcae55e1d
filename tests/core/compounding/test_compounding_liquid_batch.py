from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.compounding import (
    CompoundingError,
    NotMeasurable,
    TabletsDoNotDivide,
    UnsafeRequest,
    dose_volume,
    liquid_batch,
    liquid_volume_fit,
)
from ldncare.units import Dose


def test_it_makes_the_validated_one_mg_per_ml_liquid_from_two_tablets():
    batch = liquid_batch("1", "100", source="tablets", dose="4.5")
    assert batch.formula == "ldn-liquid-fawcett@1"
    assert batch.api_mg == Decimal("100")
    assert batch.tablets_50mg == 2
    names = {i.name: i for i in batch.ingredients}
    assert names["ascorbic acid"].amount == Decimal("0.5")
    assert names["hydroxybenzoate (paraben) preservative"].amount == Decimal("0.1")
    assert names["glycerol"].amount == Decimal("20")
    assert batch.dose is not None and batch.dose.volume_ml == Decimal("4.5")


def test_the_nonpreserved_liquid_has_no_preservative():
    batch = liquid_batch("1", "50", preserved=False)
    assert batch.formula == "ldn-liquid-water@1"
    assert [i.role for i in batch.ingredients] == ["active", "vehicle"]


def test_from_powder_it_weighs_the_corrected_amount():
    batch = liquid_batch("1", "100", assay_percent="98.5")
    assert batch.powder_mg == Decimal("102")  # 100 / 0.985 = 101.52, rounded to 1 mg
    assert batch.tablets_50mg is None


def test_tablets_that_do_not_divide_are_refused_with_the_nearest_volumes():
    with pytest.raises(TabletsDoNotDivide, match="50 mL") as caught:
        liquid_batch("1", "30", source="tablets")
    fit = caught.value.fit
    assert fit.smaller_ml is None and fit.larger_ml == Decimal(50)


def test_it_proposes_both_nearer_volumes_when_there_are_two():
    fit = liquid_volume_fit("1", "120")
    assert (fit.smaller_ml, fit.larger_ml) == (Decimal(100), Decimal(150))


def test_a_concentration_too_strong_to_measure_the_smallest_dose_is_refused():
    with pytest.raises(NotMeasurable, match="0.2 mL"):
        liquid_batch("5", "100")


def test_a_strong_concentration_is_fine_for_a_large_enough_dose():
    batch = liquid_batch("5", "100", dose="4.5")
    assert batch.dose.volume_ml == Decimal("0.9")


def test_it_refuses_a_dose_above_the_hard_maximum():
    with pytest.raises(UnsafeRequest):
        liquid_batch("1", "100", dose="12")


@pytest.mark.parametrize("concentration, volume", [("0", "100"), ("-1", "100"), ("1", "0"),
                                                   ("1", "-5"), ("150", "10")])
def test_it_rejects_impossible_amounts(concentration, volume):
    with pytest.raises(CompoundingError):
        liquid_batch(concentration, volume)


def test_the_dose_volume_is_rounded_to_the_syringe_and_shows_what_it_delivers():
    measure = dose_volume("1", "3")
    assert measure.volume_ml == Decimal("0.33")
    assert measure.delivered_mg == Decimal("0.99")
    assert "rounded half-up" in measure.working[0]


@settings(max_examples=80, deadline=None)
@given(dose_ug=st.integers(min_value=1, max_value=10_000),
       concentration=st.sampled_from(["0.5", "1", "2", "2.5", "5"]))
def test_a_dose_volume_is_measurable_and_close_to_the_dose_or_refused(dose_ug, concentration):
    dose = Dose.from_micrograms(dose_ug)
    try:
        measure = dose_volume(dose, concentration)
    except NotMeasurable:
        assert dose.mg / Decimal(concentration) < Decimal("0.205")
        return
    assert measure.volume_ml >= Decimal("0.2")
    # rounding to a 0.01 mL graduation moves the dose by at most half a graduation
    assert abs(measure.delivered_mg - dose.mg) <= Decimal("0.005") * Decimal(concentration)


@settings(max_examples=50, deadline=None)
@given(concentration=st.sampled_from(["0.5", "0.75", "1", "2", "2.5"]),
       volume=st.integers(min_value=1, max_value=1000))
def test_liquid_tablet_proposals_are_whole_tablets(concentration, volume):
    fit = liquid_volume_fit(concentration, volume)
    c = Decimal(concentration)
    assert fit.divides_evenly == ((c * volume) % 50 == 0)
    for proposal in (fit.smaller_ml, fit.larger_ml):
        if proposal is not None:
            assert (c * proposal) % 50 == 0


@pytest.mark.parametrize("value", ["1e400", "NaN", "abc"])
def test_absurd_volumes_are_refused_with_a_message_not_a_crash(value):
    with pytest.raises(CompoundingError):
        liquid_batch("1", value)
