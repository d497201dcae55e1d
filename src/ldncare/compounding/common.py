"""Helpers shared by the capsule and liquid batch math: input checks, the
assay correction and the rounding of a weighing to the balance."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from ldncare.compounding.errors import BelowMinimumWeight, CompoundingError, UnsafeRequest
from ldncare.compounding.reference import CompoundingReference
from ldncare.compounding.serial import Stored
from ldncare.units import Dose, DoseError, format_mg

HUNDRED = Decimal(100)
LARGEST = Decimal(10) ** 9


class Source(StrEnum):
    """Where the naltrexone hydrochloride comes from."""

    API = "api"
    TABLETS = "tablets"


@dataclass(frozen=True)
class Ingredient(Stored):
    """One line of a batch: what to weigh or measure, and how much.

    ``amount`` is what the technician measures (rounded as ``working`` shows);
    ``exact_amount`` is the unrounded calculation.
    """

    name: str
    role: str
    amount: Decimal
    unit: str
    exact_amount: Decimal
    note: str = ""


def as_decimal(value: Decimal | int | str, what: str) -> Decimal:
    """``value`` as a finite Decimal; floats are refused (they carry binary noise)."""
    if isinstance(value, float | bool):
        raise CompoundingError(f"{what} must be a Decimal, an int or a string, not {type(value).__name__}")
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise CompoundingError(f"{what}: {value!r} is not a number") from None
    if not number.is_finite():
        raise CompoundingError(f"{what}: {value!r} is not a finite number")
    if abs(number) >= LARGEST:
        # Nothing in a pharmacy is this large; refusing here also keeps Decimal
        # quantize() from overflowing its precision further on.
        raise CompoundingError(f"{what}: {value!r} is far too large")
    return number


def as_positive(value: Decimal | int | str, what: str) -> Decimal:
    number = as_decimal(value, what)
    if number <= 0:
        raise CompoundingError(f"{what} must be more than zero (got {number})")
    return number


def checked_strength(strength: Dose | Decimal | int | str, maximum_mg: Decimal | None,
                     reference: CompoundingReference, what: str = "strength") -> Decimal:
    """A strength in mg, exact to the microgram, above zero and not above the hard maximum."""
    try:
        mg = strength.mg if isinstance(strength, Dose) else Dose(as_decimal(strength, what)).mg
    except DoseError as error:
        raise CompoundingError(f"{what}: {error}") from None
    if mg <= 0:
        raise CompoundingError(f"{what} must be more than 0 mg")
    ceiling = reference.limits.hard_maximum_strength_mg if maximum_mg is None else maximum_mg
    if mg > ceiling:
        raise UnsafeRequest(
            f"{what} {format_mg(mg)} mg is above the hard maximum of {format_mg(ceiling)} mg "
            "for low-dose naltrexone; a higher strength needs a deliberate override")
    return mg


#: The most units one batch makes: far above any patient fill (30 to 180
#: capsules), a bound against typing slips (a product choice).
MAX_BATCH_UNITS = 100_000


def checked_quantity(quantity: int, what: str = "quantity") -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise CompoundingError(f"{what} must be a whole number (got {quantity!r})")
    if quantity < 1:
        raise CompoundingError(f"{what} must be at least 1 (got {quantity})")
    if quantity > MAX_BATCH_UNITS:
        raise CompoundingError(f"{what} must be at most {MAX_BATCH_UNITS:,} in one batch "
                               f"(got {quantity:,})")
    return quantity


def checked_assay(assay_percent: Decimal | int | str, reference: CompoundingReference) -> Decimal:
    """The API assay from the certificate of analysis, inside the USP specification."""
    assay = as_decimal(assay_percent, "assay")
    spec = reference.api_purity
    if not spec.minimum_percent <= assay <= spec.maximum_percent:
        raise UnsafeRequest(
            f"assay {assay}% is outside the USP specification of {spec.minimum_percent}-"
            f"{spec.maximum_percent}% for naltrexone hydrochloride; do not use this lot")
    return assay


def checked_water(water_percent: Decimal | int | str) -> Decimal:
    water = as_decimal(water_percent, "water content")
    if not Decimal(0) <= water < Decimal(20):
        raise CompoundingError(f"water content must be from 0 to below 20% (got {water}%)")
    return water


@dataclass(frozen=True)
class Weighing(Stored):
    """One weighing on the balance: what goes on it, and how many mg."""

    what: str
    mg: Decimal


@dataclass(frozen=True)
class Trituration(Stored):
    """A stock dilution of the drug powder in the filler, made when the batch's
    drug weighs less than the balance's minimum weight.

    ``powder_mg`` of powder and ``filler_mg`` of filler make ``stock_mg`` (1 part
    in ``dilution``); ``aliquot_mg`` of the stock carries the batch's drug, and
    ``potency_change_percent`` is what rounding the aliquot to the balance does.
    The rest of the stock is not used.
    """

    dilution: int
    powder_mg: Decimal
    filler_mg: Decimal
    stock_mg: Decimal
    aliquot_mg: Decimal
    potency_change_percent: Decimal


def minimum_weight(reference: CompoundingReference, override_mg: Decimal | str | None) -> Decimal:
    """The smallest net weight the balance weighs: the pharmacy's value for its
    balance if given, else the reference default, raised to a whole reading."""
    chosen = (reference.balance.minimum_weight_mg if override_mg is None
              else as_positive(override_mg, "balance minimum weight"))
    return ceil_to_balance(chosen, reference)


def ceil_to_balance(mg: Decimal, reference: CompoundingReference) -> Decimal:
    step = reference.balance.readability_mg
    return (mg / step).to_integral_value(rounding=ROUND_CEILING) * step


def round_to_balance(mg: Decimal, reference: CompoundingReference) -> Decimal:
    step = reference.balance.readability_mg
    return (mg / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def powder_needed(api_mg: Decimal, assay: Decimal, water: Decimal, working: list[str]) -> Decimal:
    """The exact powder that holds ``api_mg`` of pure hydrochloride.

    The assay is on the anhydrous basis (USP), so a lot with water needs more
    powder: a lot with 8.7% water needs 100 / 91.3 times as much.
    """
    exact = api_mg * HUNDRED / assay
    working.append(f"assay correction: {format_mg(api_mg)} mg × 100 / {assay} = {_show(exact)} mg")
    if water:
        exact = exact * HUNDRED / (HUNDRED - water)
        working.append(f"water correction ({water}% water, assay on the anhydrous basis): "
                       f"× 100 / {HUNDRED - water} = {_show(exact)} mg")
    return exact


def powder_to_weigh(api_mg: Decimal, assay: Decimal, water: Decimal,
                    reference: CompoundingReference, tolerance_percent: Decimal,
                    working: list[str]) -> Ingredient:
    """Correct ``api_mg`` of pure hydrochloride for assay and water, and round to the balance.

    The weighing is rounded half-up to the balance readability; the potency
    change that rounding makes is shown, and refused if it exceeds the weight
    tolerance (the batch is then too small to weigh).
    """
    lot = f"assay {assay}%" + (f", water {water}%" if water else "")
    return weigh_powder(powder_needed(api_mg, assay, water, working), lot, reference,
                        tolerance_percent, working)


def weigh_powder(exact: Decimal, lot: str, reference: CompoundingReference,
                 tolerance_percent: Decimal, working: list[str]) -> Ingredient:
    """``exact`` mg of powder rounded to the balance, as the active ingredient line
    (``lot`` says the assay and water it was corrected for)."""
    step = reference.balance.readability_mg
    rounded = round_to_balance(exact, reference)
    change = (rounded - exact) * HUNDRED / exact
    working.append(f"rounded half-up to the balance readability of {format_mg(step)} mg: "
                   f"weigh {format_mg(rounded)} mg (potency change {change:+.2f}%)")
    if rounded <= 0 or abs(change) > tolerance_percent:
        raise CompoundingError(
            f"{_show(exact)} mg of powder cannot be weighed to within {tolerance_percent}% on a "
            f"balance reading to {format_mg(step)} mg; make a larger batch")
    return Ingredient("naltrexone hydrochloride powder", "active", rounded, "mg", exact, lot)


def triturate(exact: Decimal, minimum_mg: Decimal, filler: str,
              reference: CompoundingReference, tolerance_percent: Decimal,
              working: list[str]) -> Trituration | None:
    """The one-step dilution that lets ``exact`` mg of powder (below the
    balance's minimum ``minimum_mg``) be weighed: every weighing at least the
    minimum. None when it would need more than the largest dilution the
    reference allows, or the aliquot's rounding would exceed the tolerance.
    """
    dilution = int((minimum_mg / exact).to_integral_value(rounding=ROUND_CEILING))
    if dilution > reference.balance.maximum_trituration_dilution:
        return None
    aliquot_exact = exact * dilution
    aliquot = round_to_balance(aliquot_exact, reference)
    change = (aliquot - aliquot_exact) * HUNDRED / aliquot_exact
    if abs(change) > tolerance_percent:
        return None
    stock_filler = minimum_mg * (dilution - 1)
    working.append(
        f"{_show(exact)} mg of powder is below the balance's minimum weight of "
        f"{format_mg(minimum_mg)} mg: make a 1 in {dilution} trituration — "
        f"{format_mg(minimum_mg)} mg powder + {format_mg(stock_filler)} mg {filler} = "
        f"{format_mg(minimum_mg * dilution)} mg, mixed by geometric dilution")
    working.append(f"trituration to use: {_show(exact)} mg × {dilution} = {_show(aliquot_exact)} mg,"
                   f" rounded half-up to the balance: weigh {format_mg(aliquot)} mg "
                   f"(potency change {change:+.2f}%); the rest of the trituration is not used")
    return Trituration(dilution, minimum_mg, stock_filler, minimum_mg * dilution, aliquot,
                       change.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def check_weighings(weighings: tuple[Weighing, ...], minimum_mg: Decimal) -> None:
    """Refuse a batch in which anything would be weighed below the minimum weight."""
    for weighing in weighings:
        if weighing.mg < minimum_mg:
            raise BelowMinimumWeight(
                f"{weighing.what}: {format_mg(weighing.mg)} mg is below the balance's minimum "
                f"weight of {format_mg(minimum_mg)} mg", smallest=None)


def _show(number: Decimal) -> str:
    """A Decimal for the working, to 4 decimal places (display only; math stays exact)."""
    return format_mg(number.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


show = _show
