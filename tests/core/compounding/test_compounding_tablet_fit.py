from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.compounding import TabletsDoNotDivide, capsule_batch, tablet_fit
from ldncare.compounding.capsules import prepared_quantity
from ldncare.units import Dose


def _whole(strength: Decimal, quantity: int, overage: Decimal = Decimal(0)) -> bool:
    total = strength * prepared_quantity(quantity, overage)
    return total % 50 == 0


def test_thirty_capsules_of_four_and_a_half_mg_do_not_divide_into_whole_tablets():
    fit = tablet_fit("4.5", 30)
    assert not fit.divides_evenly
    assert fit.tablets_exact == Decimal("2.7")
    assert fit.fewer is None
    assert (fit.more, fit.more_tablets) == (100, 9)
    assert "tablets are whole" in fit.message


def test_the_batch_is_refused_with_the_nearest_batches_that_do():
    with pytest.raises(TabletsDoNotDivide, match="100 capsules") as caught:
        capsule_batch("4.5", 30, source="tablets")
    assert caught.value.fit.more == 100


def test_it_proposes_a_smaller_batch_as_well_when_there_is_one():
    fit = tablet_fit("3", 60)  # 180 mg = 3.6 tablets; 50 capsules = 150 mg = 3 tablets
    assert (fit.fewer, fit.fewer_tablets) == (50, 3)
    assert (fit.more, fit.more_tablets) == (100, 6)


def test_a_batch_that_divides_evenly_needs_no_proposal():
    fit = tablet_fit("1", 50)
    assert fit.divides_evenly and fit.tablets_exact == 1
    assert fit.fewer is None and fit.more is None


@settings(max_examples=60, deadline=None)
@given(micrograms=st.integers(min_value=100, max_value=10_000).map(lambda n: n - n % 100),
       quantity=st.integers(min_value=1, max_value=400),
       overage=st.sampled_from([Decimal(0), Decimal(5), Decimal(10)]))
def test_proposals_use_whole_tablets_and_nothing_nearer_does(micrograms, quantity, overage):
    strength = Dose.from_micrograms(max(micrograms, 100))
    fit = tablet_fit(strength, quantity, overage)
    assert fit.divides_evenly == _whole(strength.mg, quantity, overage)
    if fit.divides_evenly:
        return
    assert fit.more is not None and fit.more > quantity and _whole(strength.mg, fit.more, overage)
    assert not any(_whole(strength.mg, q, overage) for q in range(quantity + 1, fit.more))
    if fit.fewer is not None:
        assert fit.fewer < quantity and _whole(strength.mg, fit.fewer, overage)
        assert not any(_whole(strength.mg, q, overage) for q in range(fit.fewer + 1, quantity))
    else:
        assert not any(_whole(strength.mg, q, overage) for q in range(1, quantity))
