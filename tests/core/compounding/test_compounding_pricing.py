"""What a fill and a month of LDN cost, from a pharmacy's price list."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldncare.compounding.pricing import (
    NOT_SET,
    Item,
    PriceEntry,
    PriceList,
    PricingError,
    check_amount,
    check_entry,
    plan_cost,
    price_fill,
    price_line,
)

D = Decimal
LIST = PriceList("GBP", (
    PriceEntry("capsule", D("4.5"), D("30"), D("24.00")),
    PriceEntry("capsule", D("4.5"), D("90"), D("60.00")),
    PriceEntry("capsule", D("1.5"), D("30"), D("18.50")),
    PriceEntry("liquid", D("1"), D("100"), D("22.00")),
), shipping=D("4.95"))


def test_a_line_takes_the_cheapest_pack_that_holds_it() -> None:
    line = price_line(Item("capsule", D("4.5"), D("28")), LIST)
    assert str(line.amount) == "£24.00"
    assert str(price_line(Item("capsule", D("4.5"), D("60")), LIST).amount) == "£60.00"


def test_a_line_larger_than_every_pack_takes_several_of_the_largest() -> None:
    line = price_line(Item("capsule", D("4.5"), D("100")), LIST)
    assert line.packs[0][1] == 2
    assert str(line.amount) == "£120.00"


def test_a_fill_adds_its_lines_and_the_shipping() -> None:
    cost = price_fill([Item("capsule", D("1.5"), D("14")), Item("capsule", D("4.5"), D("16"))], LIST)
    assert cost.shown == "£47.45"


def test_a_strength_without_a_price_says_price_not_set_rather_than_zero() -> None:
    cost = price_fill([Item("capsule", D("3"), D("30")), Item("capsule", D("4.5"), D("30"))], LIST)
    assert cost.total is None
    assert cost.shown == NOT_SET
    assert cost.missing == ("3 mg capsules",)
    assert cost.lines[0].shown == NOT_SET


def test_a_list_without_shipping_says_the_shipping_is_not_set() -> None:
    cost = price_fill([Item("capsule", D("4.5"), D("30"))], PriceList("GBP", LIST.entries))
    assert cost.shown == NOT_SET
    assert cost.missing == ("shipping",)


def test_the_monthly_cost_spreads_the_steady_fill_over_thirty_days() -> None:
    steady = [Item("capsule", D("4.5"), D("90"))]
    cost = plan_cost(steady, steady, 90, LIST)
    assert str(cost.per_month) == "£21.65"  # (60.00 + 4.95) / 3, half-up
    assert plan_cost(steady, [Item("capsule", D("4.5"), D("30"))], 30, LIST).shown == "£28.95"


def test_the_monthly_cost_of_an_unpriced_plan_is_not_set() -> None:
    cost = plan_cost([Item("capsule", D("3"), D("30"))], [Item("capsule", D("3"), D("30"))], 30, LIST)
    assert cost.shown == NOT_SET
    assert cost.missing == ("3 mg capsules",)


@pytest.mark.parametrize(("price", "message"), [
    ("-1", "cannot be negative"), ("12.345", "to the cent"), ("abc", "Enter a number"),
    ("NaN", "Enter a number"), ("1e9", "below"),
])
def test_a_bad_price_is_refused_with_a_reason(price: str, message: str) -> None:
    with pytest.raises(PricingError, match=message) as caught:
        check_amount(price, "price")
    assert caught.value.field == "price"


def test_a_pack_needs_a_form_a_strength_and_a_quantity_above_zero() -> None:
    with pytest.raises(PricingError) as caught:
        check_entry("capsule", "4.5", "0", "10")
    assert caught.value.field == "quantity"
    with pytest.raises(PricingError) as caught:
        check_entry("tablet", "4.5", "30", "10")
    assert caught.value.field == "form"
    assert check_entry("liquid", "1", "100", "22").price == D("22")


prices = st.decimals(min_value=0, max_value=9999, places=2, allow_nan=False, allow_infinity=False)
quantities = st.integers(min_value=1, max_value=500).map(D)
entries = st.builds(PriceEntry, st.sampled_from(["capsule", "liquid"]),
                    st.sampled_from([D("1.5"), D("3"), D("4.5")]), quantities, prices)
lists = st.builds(PriceList, st.just("EUR"), st.lists(entries, max_size=6).map(tuple),
                  st.one_of(st.none(), prices))
items = st.builds(Item, st.sampled_from(["capsule", "liquid"]),
                  st.sampled_from([D("1.5"), D("3"), D("4.5")]), st.integers(0, 400).map(D))


@given(st.lists(items, max_size=4), lists)
def test_a_fill_cost_is_never_negative_and_set_only_when_every_part_is(fill: list[Item],
                                                                       price_list: PriceList) -> None:
    cost = price_fill(fill, price_list)
    for line in cost.lines:
        assert line.amount is None or line.amount.amount >= 0
    if cost.total is None:
        assert cost.missing and cost.shown == NOT_SET
    else:
        assert not cost.missing
        assert cost.total.amount >= 0
        assert cost.total.amount == sum(
            (line.amount.amount for line in cost.lines if line.amount), D(0)) + (
            cost.shipping.amount if cost.shipping else D(0))


@given(items, lists, st.integers(1, 400).map(D))
def test_needing_more_never_costs_less(item: Item, price_list: PriceList, more: Decimal) -> None:
    small = price_line(item, price_list).amount
    large = price_line(Item(item.form, item.strength, item.quantity + more), price_list).amount
    assert (small is None) == (large is None)
    if small is not None and large is not None:
        assert large.amount >= small.amount


@given(st.lists(items, min_size=1, max_size=3), lists, st.integers(1, 120))
def test_a_month_is_never_negative(fill: list[Item], price_list: PriceList, days: int) -> None:
    cost = plan_cost(fill, fill, days, price_list)
    assert cost.per_month is None or cost.per_month.amount >= 0
    assert (cost.per_month is None) == (cost.steady_fill.total is None)
