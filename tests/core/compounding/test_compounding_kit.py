from __future__ import annotations

from decimal import Decimal

import pytest

from ldncare.compounding import CompoundingError, TabletsDoNotDivide, UnsafeRequest, titration_kit


def test_a_three_strength_starter_kit_is_one_batch_per_strength_with_totals():
    kit = titration_kit([("1.5", 14), ("3", 14), ("4.5", 30)])
    assert [b.strength_mg for b in kit.batches] == [Decimal("1.5"), Decimal("3"), Decimal("4.5")]
    assert kit.total_capsules == 58
    assert kit.total_api_mg == Decimal("21") + Decimal("42") + Decimal("135")
    assert kit.total_tablets_50mg is None
    assert len(kit.working) == 3


def test_a_kit_from_tablets_counts_the_tablets_when_every_strength_divides():
    kit = titration_kit([("1", 50), ("2", 50)], source="tablets")
    assert kit.total_tablets_50mg == 3


def test_a_kit_from_tablets_names_the_strength_that_does_not_divide():
    with pytest.raises(TabletsDoNotDivide, match="4.5 mg"):
        titration_kit([("1", 50), ("4.5", 30)], source="tablets")


def test_a_kit_line_above_the_hard_maximum_is_refused():
    with pytest.raises(UnsafeRequest):
        titration_kit([("4.5", 30), ("12", 30)])


def test_an_empty_kit_or_a_repeated_strength_is_refused():
    with pytest.raises(CompoundingError):
        titration_kit([])
    with pytest.raises(CompoundingError, match="listed twice"):
        titration_kit([("1.5", 14), ("1.5", 14)])
