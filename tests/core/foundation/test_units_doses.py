"""Doses are exact Decimal milligrams of naltrexone hydrochloride: never
negative, never a float, never rounded silently."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldncare.units import (
    Dose,
    DoseBand,
    DoseError,
    dose_band,
    format_mg,
    parse_dose,
    to_base,
    to_hydrochloride,
)

micrograms = st.integers(min_value=0, max_value=100_000_000)


@given(micrograms)
def test_a_dose_round_trips_through_micrograms_exactly(ug):
    assert Dose.from_micrograms(ug).micrograms == ug


@given(micrograms, micrograms)
def test_adding_doses_is_exact(a, b):
    assert (Dose.from_micrograms(a) + Dose.from_micrograms(b)).micrograms == a + b


@given(st.integers(min_value=1, max_value=10**9))
def test_a_negative_dose_is_refused(ug):
    with pytest.raises(DoseError, match="negative"):
        Dose(Decimal(-ug) / 1000)


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=6))
def test_a_dose_finer_than_a_microgram_is_refused_never_rounded(value):
    if value != value.quantize(Decimal("0.001")):
        with pytest.raises(DoseError, match="microgram"):
            Dose(value)
    else:
        assert Dose(value).mg == value


def test_floats_are_refused_because_they_are_not_exact():
    with pytest.raises(DoseError, match="float"):
        Dose(4.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "mg"), [("4.5", "4.5"), ("4.5 mg", "4.5"), ("4,5mg", "4.5"),
                                          ("500 mcg", "0.5"), ("250 µg", "0.25"), (".5 mg", "0.5")])
def test_doses_are_read_as_people_write_them(text, mg):
    assert parse_dose(text).mg == Decimal(mg)


@pytest.mark.parametrize("text", ["", "four", "4.5 g", "-1 mg", "1e3", "nan"])
def test_unreadable_doses_say_what_was_not_understood(text):
    with pytest.raises(DoseError):
        parse_dose(text)


@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal("100"), places=3))
def test_salt_and_base_conversions_invert_each_other(mg):
    assert abs(to_hydrochloride(to_base(mg)) - mg) < Decimal("1e-20")


def test_four_and_a_half_mg_of_the_salt_is_about_four_mg_of_base():
    assert round(to_base(Decimal("4.5")), 2) == Decimal("4.07")


@pytest.mark.parametrize(("mg", "band"), [("0.001", DoseBand.VERY_LOW), ("0.5", DoseBand.VERY_LOW),
                                          ("1", DoseBand.LOW), ("4.5", DoseBand.LOW),
                                          ("5", DoseBand.LOW), ("6", DoseBand.INTERMEDIATE),
                                          ("50", DoseBand.STANDARD)])
def test_each_dose_falls_in_its_named_band(mg, band):
    assert dose_band(Dose(mg)) == band


def test_milligrams_are_shown_without_trailing_zeros():
    assert format_mg(Dose("4.500").mg) == "4.5" and str(Dose("50")) == "50 mg"
