"""What a fill costs the patient, from a pharmacy's price list.

Pure: values in, values out. A price list holds, for each form and strength,
the price of a pack of a given quantity (capsules, or millilitres of liquid),
plus one shipping charge per fill. A line of a fill is priced with the
cheapest listed pack that holds it; a line larger than every pack takes as
many of the largest pack as it needs. Money is ``Decimal`` rounded half-up to
the cent. A line with no listed price is *not set*, never zero: the total of a
fill with any line (or the shipping) not set is unknown, and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

from ldncare.errors import FieldError

CENT = Decimal("0.01")
#: A month, for "per month": 30 days, the fill length clinics use most.
DAYS_PER_MONTH = 30
#: The currencies a price list may be kept in, with the symbol shown before an amount.
CURRENCIES: dict[str, str] = {"GBP": "£", "EUR": "€", "USD": "US$", "CAD": "CA$", "AUD": "A$"}
FORMS: dict[str, str] = {"capsule": "capsules", "liquid": "oral liquid"}
#: The largest price or quantity a price list accepts (a typo guard, not a market view).
MAX_PRICE = Decimal("100000")
MAX_QUANTITY = Decimal("100000")
NOT_SET = "price not set"


class PricingError(FieldError):
    """A price-list entry that cannot be used; ``field`` names the input at fault."""


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{CURRENCIES.get(self.currency, self.currency + ' ')}{self.amount:,.2f}"


@dataclass(frozen=True)
class PriceEntry:
    """One pack on the list: ``quantity`` units of ``form`` at ``strength``
    (mg per capsule, or mg/mL) for ``price``."""

    form: str
    strength: Decimal
    quantity: Decimal
    price: Decimal


@dataclass(frozen=True)
class PriceList:
    currency: str
    entries: tuple[PriceEntry, ...] = ()
    #: One charge per fill; ``None`` when the pharmacy has not set it.
    shipping: Decimal | None = None


@dataclass(frozen=True)
class Item:
    """What one line of a fill needs: ``quantity`` units of ``form`` at ``strength``."""

    form: str
    strength: Decimal
    quantity: Decimal

    @property
    def description(self) -> str:
        unit = "mg" if self.form == "capsule" else "mg/mL"
        return f"{_plain(self.strength)} {unit} {FORMS.get(self.form, self.form)}"


@dataclass(frozen=True)
class LineCost:
    item: Item
    #: The packs used, each with how many of it; empty when no price is set.
    packs: tuple[tuple[PriceEntry, int], ...]
    amount: Money | None

    @property
    def shown(self) -> str:
        return str(self.amount) if self.amount is not None else NOT_SET


@dataclass(frozen=True)
class FillCost:
    lines: tuple[LineCost, ...]
    shipping: Money | None
    #: The fill's total; ``None`` when any line or the shipping has no price.
    total: Money | None
    currency: str

    @property
    def missing(self) -> tuple[str, ...]:
        gaps = [line.item.description for line in self.lines if line.amount is None]
        return (*gaps, "shipping") if self.shipping is None else tuple(gaps)

    @property
    def shown(self) -> str:
        return str(self.total) if self.total is not None else NOT_SET


@dataclass(frozen=True)
class PlanCost:
    """The first fill's cost and the cost per month once the dose is steady."""

    first_fill: FillCost
    steady_fill: FillCost
    days_per_fill: int
    per_month: Money | None

    @property
    def shown(self) -> str:
        return str(self.per_month) if self.per_month is not None else NOT_SET

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.first_fill.missing, *self.steady_fill.missing)))


def money(value: Decimal, currency: str) -> Money:
    return Money(value.quantize(CENT, ROUND_HALF_UP), currency)


def check_entry(form: str, strength: object, quantity: object, price: object) -> PriceEntry:
    """A valid :class:`PriceEntry` from raw values, or :class:`PricingError`
    naming the field at fault."""
    if form not in FORMS:
        raise PricingError("Choose capsules or oral liquid.", "form")
    return PriceEntry(form, _positive(strength, "strength", Decimal("1000")),
                      _positive(quantity, "quantity", MAX_QUANTITY),
                      check_amount(price, "price"))


def check_amount(value: object, field: str) -> Decimal:
    """A price: a number of at most two decimals, 0 or more, below the typo guard."""
    amount = _decimal(value, field)
    if amount < 0:
        raise PricingError("A price cannot be negative.", field)
    if amount >= MAX_PRICE:
        raise PricingError(f"A price must be below {MAX_PRICE:,}.", field)
    if amount != amount.quantize(CENT):
        raise PricingError("Give the price to the cent at most (two decimals).", field)
    return amount


def check_currency(code: str) -> str:
    if code not in CURRENCIES:
        raise PricingError("Choose one of the listed currencies.", "currency")
    return code


def price_line(item: Item, price_list: PriceList) -> LineCost:
    """``item`` priced with the cheapest listed pack (of its form and strength)
    that holds it, or with as many of the largest pack as it needs."""
    packs = sorted((e for e in price_list.entries
                    if e.form == item.form and e.strength == item.strength),
                   key=lambda e: (e.quantity, e.price))
    if not packs:
        return LineCost(item, (), None)
    if item.quantity <= 0:
        return LineCost(item, (), money(Decimal(0), price_list.currency))
    fitting = [e for e in packs if e.quantity >= item.quantity]
    if fitting:
        best = min(fitting, key=lambda e: (e.price, e.quantity))
        return LineCost(item, ((best, 1),), money(best.price, price_list.currency))
    largest = packs[-1]
    count = int((item.quantity / largest.quantity).to_integral_value(ROUND_CEILING))
    return LineCost(item, ((largest, count),), money(largest.price * count, price_list.currency))


def price_fill(items: Iterable[Item], price_list: PriceList) -> FillCost:
    """Every line of one fill priced, plus the shipping; the total only when all are set."""
    lines = tuple(price_line(item, price_list) for item in items)
    currency = price_list.currency
    shipping = None if price_list.shipping is None else money(price_list.shipping, currency)
    total = None
    if shipping is not None and all(line.amount is not None for line in lines):
        total = money(sum((line.amount.amount for line in lines if line.amount), shipping.amount),
                      currency)
    return FillCost(lines, shipping, total, currency)


def plan_cost(first: Iterable[Item], steady: Iterable[Item], days_per_fill: int,
              price_list: PriceList) -> PlanCost:
    """The first fill, and the steady fill spread over a month of
    :data:`DAYS_PER_MONTH` days (a 30-day fill costs its own price a month)."""
    if days_per_fill < 1:
        raise PricingError("A fill must last at least one day.", "days_per_fill")
    first_cost, steady_cost = price_fill(first, price_list), price_fill(steady, price_list)
    per_month = None
    if steady_cost.total is not None:
        per_month = money(steady_cost.total.amount * DAYS_PER_MONTH / days_per_fill,
                          price_list.currency)
    return PlanCost(first_cost, steady_cost, days_per_fill, per_month)


def _decimal(value: object, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise PricingError("Enter a number, like 24.50.", field) from None
    if not number.is_finite():
        raise PricingError("Enter a number, like 24.50.", field)
    return number


def _positive(value: object, field: str, ceiling: Decimal) -> Decimal:
    number = _decimal(value, field)
    if number <= 0:
        raise PricingError("Enter a number above zero.", field)
    if number > ceiling:
        raise PricingError(f"Enter a number of at most {ceiling:,}.", field)
    return number


def _plain(value: Decimal) -> str:
    """4.50 → "4.5", 30.0 → "30": no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
