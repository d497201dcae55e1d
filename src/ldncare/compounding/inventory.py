"""Ingredient lots as inventory: what a batch draws from stock, and whether a
lot may be used for it.

Every ingredient of a batch (the naltrexone, as powder or whole tablets, the
filler, each excipient and the vehicle) comes from a received lot. A lot is
stocked in one unit: grams for solids weighed on a balance, millilitres for
liquids measured by volume, a count for whole tablets. :func:`materials_needed`
turns a worked batch into what it takes from each material in that unit, and
:func:`lot_problems` says why a lot cannot be used (quarantined, expired on the
day of compounding, another material, not enough left).

Pure core: values in, values out; no Django.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ldncare.compounding.capsules import CapsuleBatch
from ldncare.compounding.liquid import LiquidBatch
from ldncare.compounding.reference import (
    CompoundingReference,
    FormulaBook,
    load_formulas,
    load_reference,
)
from ldncare.compounding.serial import Stored
from ldncare.units import format_mg

POWDER = "naltrexone hydrochloride powder"
TABLETS = "naltrexone hydrochloride 50 mg tablets"
GRAMS, MILLILITRES, COUNT = "g", "mL", "tablets"
THOUSAND = Decimal(1000)


@dataclass(frozen=True)
class MaterialNeed(Stored):
    """What a batch takes from one material, in the unit the material is stocked in."""

    material: str
    amount: Decimal
    unit: str
    #: Why the amount is what it is (e.g. "up to": a qs ingredient).
    note: str = ""

    @property
    def text(self) -> str:
        return f"{format_mg(self.amount)} {self.unit} {self.material}"


@dataclass(frozen=True)
class LotState:
    """What the core needs to know about one received lot."""

    material: str
    lot_number: str
    expires_on: dt.date
    released: bool
    on_hand: Decimal
    unit: str


def material_units(book: FormulaBook | None = None,
                   reference: CompoundingReference | None = None) -> dict[str, str]:
    """Every material a batch can draw on, with the unit it is stocked in:
    the naltrexone (powder in g, tablets counted), each filler in the reference
    data (g) and each other ingredient of the formula book (g when its
    percentage is w/v, mL otherwise)."""
    book, reference = book or load_formulas(), reference or load_reference()
    units = {POWDER: GRAMS, TABLETS: COUNT}
    units.update({filler.name: GRAMS for filler in reference.fillers})
    for formula in book.formulas:
        for item in formula.ingredients:
            if item.role in ("active", "filler"):
                continue
            units[item.name] = GRAMS if item.basis == "w/v" else MILLILITRES
    return units


def materials_needed(batch: CapsuleBatch | LiquidBatch) -> tuple[MaterialNeed, ...]:
    """What ``batch`` draws from stock, one line per material.

    The naltrexone is the powder weighed (with a trituration: the powder put
    into it) in grams, or the whole tablets counted. A capsule filler is every
    weighing of it (trituration and batch); a filler made up "to" a blend
    weight (crushed tablets) draws at most the blend less the tablets' 50 mg
    each. A liquid's excipients draw their stated amounts; the vehicle at most
    the final volume (it is added to volume).
    """
    # A placebo capsule batch (a blinded trial's) holds no naltrexone at all.
    placebo = isinstance(batch, CapsuleBatch) and batch.api_mg == 0
    needs = [] if placebo else [_naltrexone(batch)]
    if isinstance(batch, CapsuleBatch):
        needs.append(_filler(batch))
    else:
        needs.extend(_liquid_others(batch))
    return tuple(needs)


def _naltrexone(batch: CapsuleBatch | LiquidBatch) -> MaterialNeed:
    if batch.tablets_50mg is not None:
        return MaterialNeed(TABLETS, Decimal(batch.tablets_50mg), COUNT)
    powder = batch.powder_mg if batch.powder_mg is not None else batch.api_mg
    return MaterialNeed(POWDER, powder / THOUSAND, GRAMS)


def _filler(batch: CapsuleBatch) -> MaterialNeed:
    name = next(i.name for i in batch.ingredients if i.role == "filler")
    weighed = [w.mg for w in batch.weighings if w.what.startswith(name)
               and not w.what.startswith(f"blend made up with {name}")]
    if weighed:
        return MaterialNeed(name, sum(weighed, Decimal(0)) / THOUSAND, GRAMS)
    line = next(i for i in batch.ingredients if i.role == "filler")
    if line.unit == "mg":
        return MaterialNeed(name, line.amount / THOUSAND, GRAMS)
    tablets_mg = Decimal(50) * (batch.tablets_50mg or 0)
    return MaterialNeed(name, max(line.amount - tablets_mg, Decimal(0)) / THOUSAND, GRAMS,
                        "up to: made up to the blend weight")


def _liquid_others(batch: LiquidBatch) -> list[MaterialNeed]:
    needs = []
    for item in batch.ingredients:
        if item.role == "active":
            continue
        if item.unit == "g":
            needs.append(MaterialNeed(item.name, item.amount, GRAMS))
        elif item.unit == "mL":
            needs.append(MaterialNeed(item.name, item.amount, MILLILITRES))
        else:  # the vehicle, "mL final volume (qs)"
            needs.append(MaterialNeed(item.name, item.amount, MILLILITRES,
                                      "up to: added to final volume"))
    return needs


def lot_problems(lot: LotState, need: MaterialNeed, compounded_on: dt.date) -> list[str]:
    """Every reason ``lot`` cannot supply ``need`` for a batch made on
    ``compounded_on`` (empty when it can). A lot that expires on or before the
    day of compounding is expired."""
    problems = []
    label = f"lot {lot.lot_number}"
    if lot.material != need.material:
        problems.append(f"{label} is {lot.material}, not {need.material}")
    if not lot.released:
        problems.append(f"{label} is not released by a pharmacist (still in quarantine)")
    if lot.expires_on <= compounded_on:
        problems.append(f"{label} expired on {lot.expires_on.isoformat()}")
    if lot.unit != need.unit:
        problems.append(f"{label} is stocked in {lot.unit}, the batch needs {need.unit}")
    elif lot.on_hand < need.amount:
        problems.append(f"{label} has {format_mg(lot.on_hand)} {lot.unit} left; the batch needs "
                        f"{format_mg(need.amount)} {need.unit}")
    return problems


def first_usable(lots: list[LotState], need: MaterialNeed,
                 compounded_on: dt.date) -> LotState | None:
    """The usable lot that expires first (first expiry, first out), or None."""
    usable = [lot for lot in lots if not lot_problems(lot, need, compounded_on)]
    return min(usable, key=lambda lot: (lot.expires_on, lot.lot_number)) if usable else None


__all__ = ["COUNT", "GRAMS", "MILLILITRES", "POWDER", "TABLETS", "LotState", "MaterialNeed",
           "first_usable", "lot_problems", "material_units", "materials_needed"]
