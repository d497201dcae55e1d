from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.compounding import CompoundingError, check_weights


def test_every_unit_within_ten_percent_passes():
    check = check_weights("225", ["225", "210", "240", "202.5", "247.5"])
    assert check.passed
    assert all(item.within for item in check.items)
    assert (check.low_mg, check.high_mg) == (Decimal("202.5"), Decimal("247.5"))


def test_one_unit_outside_tolerance_fails_the_batch_and_names_the_unit():
    check = check_weights("225", ["225", "250", "224"])
    assert not check.passed
    assert [item.within for item in check.items] == [True, False, True]
    assert check.failures == ("unit 2: 250 mg is 111.1% of 225 mg, outside 90-110%",)


def test_the_average_check_is_off_unless_asked_for():
    weights = ["230"] * 5  # each within 10%, average 102.2%
    assert check_weights("225", weights).average_within is None
    strict = check_weights("225", weights, average_tolerance_percent="3")
    assert strict.passed and strict.average_within
    stricter = check_weights("225", weights, average_tolerance_percent="2")
    assert not stricter.passed and "average" in stricter.failures[0]


def test_the_tolerance_can_be_set_by_the_pharmacy():
    assert not check_weights("100", ["106"], tolerance_percent="5").passed


@pytest.mark.parametrize("target, weights", [("0", ["1"]), ("225", []), ("225", ["-1"]),
                                             ("225", ["abc"])])
def test_it_rejects_weights_it_cannot_use(target, weights):
    with pytest.raises(CompoundingError):
        check_weights(target, weights)


@settings(max_examples=80, deadline=None)
@given(target=st.integers(min_value=50, max_value=1000),
       weights=st.lists(st.integers(min_value=0, max_value=1500), min_size=1, max_size=30))
def test_the_batch_passes_exactly_when_every_unit_is_within_tolerance(target, weights):
    check = check_weights(Decimal(target), [Decimal(w) for w in weights])
    expected = all(Decimal(target) * Decimal("0.9") <= w <= Decimal(target) * Decimal("1.1")
                   for w in weights)
    assert check.passed == expected
    assert len(check.items) == len(weights)
