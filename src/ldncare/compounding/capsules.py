"""Capsule batches: naltrexone hydrochloride from USP powder or whole 50 mg
tablets, with a fast-release filler to the fill weight of the capsule size.

Overage is extra blend to cover what is lost on equipment: it adds whole
capsules' worth of blend (``ceil(quantity × overage / 100)``), never more drug
per capsule. Tablets are whole: when the drug needed is not a whole number of
tablets the request is refused with the nearest quantities that are.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from ldncare.compounding.common import (
    HUNDRED,
    Ingredient,
    Source,
    Trituration,
    Weighing,
    as_decimal,
    check_weighings,
    checked_assay,
    checked_quantity,
    checked_strength,
    checked_water,
    minimum_weight,
    powder_needed,
    show,
    triturate,
    weigh_powder,
)
from ldncare.compounding.errors import (
    BelowMinimumWeight,
    CompoundingError,
    TabletsDoNotDivide,
    UnsafeRequest,
)
from ldncare.compounding.reference import (
    CompoundingReference,
    FormulaBook,
    data_version,
    load_formulas,
    load_reference,
)
from ldncare.compounding.serial import Stored
from ldncare.units import Dose, format_mg

MICROGRAMS_PER_MG = 1000
#: How far to look for a quantity that uses whole tablets (a strength such as
#: 1.234 mg needs 25,000 capsules before the drug is a whole number of tablets).
SEARCH_LIMIT = 100_000


@dataclass(frozen=True)
class TabletFit(Stored):
    """Whether ``quantity`` capsules of ``strength_mg`` use whole 50 mg tablets.

    ``fewer``/``more`` are the nearest quantities below and above that do
    (``fewer`` is None when no smaller batch does), with their tablet counts.
    """

    strength_mg: Decimal
    quantity: int
    overage_percent: Decimal
    prepared_quantity: int
    tablets_exact: Decimal
    divides_evenly: bool
    fewer: int | None
    fewer_tablets: int | None
    more: int | None
    more_tablets: int | None
    message: str


@dataclass(frozen=True)
class CapsuleBatch(Stored):
    """The worked batch for ``quantity`` capsules of ``strength_mg``.

    ``api_mg`` is the naltrexone hydrochloride the batch must contain;
    ``powder_mg`` the powder to weigh (API source, after assay correction);
    ``tablets_50mg`` the whole tablets (tablet source). ``fill_weight_mg`` is the
    theoretical net fill of one capsule: the target for :func:`check_weights`.
    """

    formula: str
    source: Source
    strength_mg: Decimal
    quantity: int
    overage_percent: Decimal
    prepared_quantity: int
    capsule_size: str
    filler: str
    fill_weight_mg: Decimal
    total_blend_mg: Decimal
    api_mg: Decimal
    powder_mg: Decimal | None
    tablets_50mg: int | None
    filler_mg: Decimal | None
    ingredients: tuple[Ingredient, ...]
    working: tuple[str, ...]
    data_version: str
    #: Everything put on the balance, in order; each at least ``minimum_weight_mg``.
    weighings: tuple[Weighing, ...] = ()
    minimum_weight_mg: Decimal | None = None
    #: The dilution made when the drug alone weighs less than the minimum.
    trituration: Trituration | None = None


def prepared_quantity(quantity: int, overage_percent: Decimal) -> int:
    """Capsules' worth of blend to make: the quantity plus the overage, in whole capsules."""
    return quantity + math.ceil(Decimal(quantity) * overage_percent / HUNDRED)


def _uses_whole_tablets(strength_ug: int, prepared: int, tablet_ug: int) -> bool:
    return strength_ug * prepared % tablet_ug == 0


def _search(strength_ug: int, start: int, stop: int, step: int, overage: Decimal,
            tablet_ug: int) -> int | None:
    for candidate in range(start, stop, step):
        if _uses_whole_tablets(strength_ug, prepared_quantity(candidate, overage), tablet_ug):
            return candidate
    return None


def tablet_fit(strength: Dose | Decimal | str, quantity: int, overage_percent: Decimal | str = "0",
               *, maximum_mg: Decimal | None = None,
               reference: CompoundingReference | None = None) -> TabletFit:
    """Whether a capsule batch uses whole 50 mg tablets, and the nearest batches that do."""
    reference = reference or load_reference()
    mg = checked_strength(strength, maximum_mg, reference)
    quantity = checked_quantity(quantity)
    overage = _checked_overage(overage_percent)
    tablet_mg = reference.limits.tablet_strength_mg
    strength_ug, tablet_ug = int(mg * MICROGRAMS_PER_MG), int(tablet_mg * MICROGRAMS_PER_MG)
    prepared = prepared_quantity(quantity, overage)
    exact = mg * prepared / tablet_mg
    if _uses_whole_tablets(strength_ug, prepared, tablet_ug):
        return TabletFit(mg, quantity, overage, prepared, exact, True, None, None, None, None,
                         f"{prepared} × {format_mg(mg)} mg = {format_mg(mg * prepared)} mg "
                         f"= {format_mg(exact)} whole tablets")
    fewer = _search(strength_ug, quantity - 1, 0, -1, overage, tablet_ug)
    more = _search(strength_ug, quantity + 1, quantity + SEARCH_LIMIT, 1, overage, tablet_ug)
    return TabletFit(mg, quantity, overage, prepared, exact, False,
                     fewer, _tablets(mg, fewer, overage, tablet_mg),
                     more, _tablets(mg, more, overage, tablet_mg),
                     _uneven_message(mg, prepared, exact, fewer, more, overage, tablet_mg))


def _tablets(mg: Decimal, quantity: int | None, overage: Decimal, tablet_mg: Decimal) -> int | None:
    if quantity is None:
        return None
    return int(mg * prepared_quantity(quantity, overage) / tablet_mg)


def _uneven_message(mg: Decimal, prepared: int, exact: Decimal, fewer: int | None,
                    more: int | None, overage: Decimal, tablet_mg: Decimal) -> str:
    options = [f"{q} capsules ({_tablets(mg, q, overage, tablet_mg)} tablet(s))"
               for q in (fewer, more) if q is not None]
    proposal = " or ".join(options) if options else "none within reach; use USP powder"
    return (f"{prepared} × {format_mg(mg)} mg = {format_mg(mg * prepared)} mg needs "
            f"{show(exact)} tablets of {format_mg(tablet_mg)} mg, and tablets are whole. "
            f"Nearest batches that use whole tablets: {proposal}")


def _checked_overage(overage_percent: Decimal | int | str) -> Decimal:
    overage = as_decimal(overage_percent, "overage")
    if not Decimal(0) <= overage <= HUNDRED:
        raise CompoundingError(f"overage must be from 0 to 100% (got {overage}%)")
    return overage


def fill_weight(capsule_size: str, filler_key: str, reference: CompoundingReference,
                working: list[str]) -> Decimal:
    """Net fill weight of one capsule: shell volume × filler fill density, rounded down to the balance."""
    filler = reference.filler(filler_key)
    if not filler.fast_release:
        raise UnsafeRequest(f"{filler.name} must not be used for LDN: {filler.avoid_reason}")
    if filler.fill_density_g_per_ml is None:
        raise CompoundingError(f"no fill density is recorded for {filler.name}")
    volume = reference.capsule_volume_ml(capsule_size)
    exact = volume * filler.fill_density_g_per_ml * MICROGRAMS_PER_MG
    step = reference.balance.readability_mg
    rounded = (exact / step).to_integral_value(rounding=ROUND_FLOOR) * step
    working.append(f"fill weight: size {capsule_size} holds {volume} mL × "
                   f"{filler.fill_density_g_per_ml} g/mL ({filler.name}"
                   f"{', assumed density' if filler.assumption else ''}) = {show(exact)} mg, "
                   f"rounded down to {format_mg(rounded)} mg so no capsule is overfilled")
    return rounded


def capsule_batch(strength: Dose | Decimal | str, quantity: int, *,
                  source: Source | str = Source.API, overage_percent: Decimal | str = "0",
                  capsule_size: str | None = None, filler: str | None = None,
                  assay_percent: Decimal | str = "100", water_percent: Decimal | str = "0",
                  tablet_weight_mg: Decimal | str | None = None,
                  maximum_mg: Decimal | None = None, formula_key: str = "ldn-capsules-mcc",
                  minimum_weight_mg: Decimal | str | None = None, allow_trituration: bool = True,
                  reference: CompoundingReference | None = None,
                  book: FormulaBook | None = None) -> CapsuleBatch:
    """Work out a batch of ``quantity`` capsules of ``strength`` mg naltrexone hydrochloride.

    ``source`` is ``api`` (USP powder, corrected for ``assay_percent`` and
    ``water_percent``) or ``tablets`` (whole 50 mg tablets; raises
    :class:`TabletsDoNotDivide` with the nearest whole-tablet quantities when
    the drug is not a whole number of tablets). ``capsule_size`` and ``filler``
    default to the formula's. ``tablet_weight_mg``, if known, lets the filler
    be weighed; otherwise the filler is added to the total blend weight.
    ``book`` is the pharmacy's own formula book (default: the packaged one).

    Nothing is weighed below the balance's minimum weight (``minimum_weight_mg``,
    default the reference's): powder below it is first diluted in the filler (a
    trituration, unless ``allow_trituration`` is False), and a batch that cannot
    be weighed either way raises :class:`BelowMinimumWeight` with the smallest
    batch that can. Raises :class:`UnsafeRequest` above the hard maximum
    (``maximum_mg``, default 10 mg) and :class:`CompoundingError` for anything
    impossible.
    """
    reference = reference or load_reference()
    formula = (book or load_formulas()).formula(formula_key)
    if formula.form != "capsule":
        raise CompoundingError(f"formula {formula.key} is a {formula.form}, not a capsule")
    mg = checked_strength(strength, maximum_mg, reference)
    quantity = checked_quantity(quantity)
    overage = _checked_overage(overage_percent)
    source = _source(source)
    size = (capsule_size or formula.capsule_size or "3").strip().lstrip("#")
    filler_key = filler or formula.filler or "mcc"
    working: list[str] = []
    prepared = prepared_quantity(quantity, overage)
    working.append(f"prepare {quantity} + ceil({quantity} × {overage}%) = {prepared} capsules' "
                   "worth of blend" if overage else f"prepare {quantity} capsules' worth of blend")
    api_mg = Decimal(format_mg(mg * prepared))  # canonical, like every stored dose: "135", not "135.0"
    working.append(f"naltrexone hydrochloride needed: {prepared} × {format_mg(mg)} mg "
                   f"= {format_mg(api_mg)} mg")
    fill = fill_weight(size, filler_key, reference, working)
    if mg >= fill:
        raise CompoundingError(f"{format_mg(mg)} mg does not fit in a size {size} capsule "
                               f"filled to {format_mg(fill)} mg; choose a larger capsule")
    total_blend = fill * prepared
    working.append(f"total blend: {prepared} × {format_mg(fill)} mg = {format_mg(total_blend)} mg")
    minimum = minimum_weight(reference, minimum_weight_mg)
    filler_name = reference.filler(filler_key).name
    trituration = None
    if source is Source.API:
        assay, water = checked_assay(assay_percent, reference), checked_water(water_percent)
        exact = powder_needed(api_mg, assay, water, working)
        active, trituration = _powder_or_trituration(
            exact, f"assay {assay}%" + (f", water {water}%" if water else ""), minimum,
            allow_trituration, filler_name, reference, working,
            lambda: _smallest_weighable(exact / prepared, quantity, overage,
                                        _least_powder(minimum, allow_trituration, reference)))
        tablets = None
    else:
        active, tablets = _tablets_line(mg, quantity, overage, api_mg, tablet_weight_mg,
                                        reference, working)
    filler_line = _filler(filler_name, total_blend, active, working)
    weighings = _weighings(active, filler_line, trituration, filler_name)
    check_weighings(weighings, minimum)
    return CapsuleBatch(
        formula=formula.record_id, source=source, strength_mg=mg, quantity=quantity,
        overage_percent=overage, prepared_quantity=prepared, capsule_size=size,
        filler=filler_key, fill_weight_mg=fill, total_blend_mg=total_blend, api_mg=api_mg,
        powder_mg=_powder_weighed(active, trituration, source), tablets_50mg=tablets,
        filler_mg=filler_line.amount if filler_line.unit == "mg" else None,
        ingredients=(active, filler_line), working=tuple(working),
        data_version=data_version(), weighings=weighings, minimum_weight_mg=minimum,
        trituration=trituration)


def _powder_or_trituration(exact: Decimal, lot: str, minimum: Decimal, allow_trituration: bool,
                           filler_name: str, reference: CompoundingReference,
                           working: list[str], smallest: Callable[[], int | None],
                           ) -> tuple[Ingredient, Trituration | None]:
    """The powder weighed as it is, or through a trituration when it weighs less
    than the balance's minimum; refused with the smallest batch otherwise."""
    tolerance = reference.tolerances.individual_percent
    if exact >= minimum:
        return weigh_powder(exact, lot, reference, tolerance, working), None
    dilution = (triturate(exact, minimum, filler_name, reference, tolerance, working)
                if allow_trituration else None)
    if dilution is None:
        fewest = smallest()
        raise BelowMinimumWeight(
            f"{show(exact)} mg of powder is below the balance's minimum weight of "
            f"{format_mg(minimum)} mg" + ("" if allow_trituration else " (trituration not allowed)")
            + (f"; the smallest batch that can be weighed is {fewest} capsules"
               if fewest else "; no batch within reach can be weighed"), fewest)
    return Ingredient(f"naltrexone hydrochloride trituration (1 in {dilution.dilution} in "
                      f"{filler_name})", "active", dilution.aliquot_mg, "mg",
                      exact * dilution.dilution,
                      f"carries {show(exact)} mg powder; {lot}"), dilution


def _least_powder(minimum: Decimal, allow_trituration: bool,
                  reference: CompoundingReference) -> Decimal:
    """The least powder a batch can hold: the minimum weight, or with a
    trituration that divided by the largest dilution allowed."""
    return (minimum / reference.balance.maximum_trituration_dilution if allow_trituration
            else minimum)


def _smallest_weighable(powder_per_capsule: Decimal, quantity: int, overage: Decimal,
                        least_mg: Decimal) -> int | None:
    """The fewest capsules (from ``quantity`` up) whose powder reaches ``least_mg``."""
    wanted = math.ceil(least_mg / powder_per_capsule)
    return next((q for q in range(quantity + 1, quantity + SEARCH_LIMIT)
                 if prepared_quantity(q, overage) >= wanted), None)


def _tablets_line(mg: Decimal, quantity: int, overage: Decimal, api_mg: Decimal,
                  tablet_weight_mg: Decimal | str | None, reference: CompoundingReference,
                  working: list[str]) -> tuple[Ingredient, int]:
    fit = tablet_fit(mg, quantity, overage, maximum_mg=mg, reference=reference)
    if not fit.divides_evenly:
        raise TabletsDoNotDivide(fit.message, fit)
    tablets = int(fit.tablets_exact)
    working.append(f"tablets: {format_mg(api_mg)} mg / "
                   f"{format_mg(reference.limits.tablet_strength_mg)} mg = {tablets} whole tablets")
    if tablet_weight_mg is None:
        return Ingredient("naltrexone hydrochloride 50 mg tablets", "active", Decimal(tablets),
                          "tablets", Decimal(tablets), "crush finely; weigh the powder"), tablets
    each = as_decimal(tablet_weight_mg, "tablet weight")
    if each < reference.limits.tablet_strength_mg:
        raise CompoundingError(f"a 50 mg tablet cannot weigh {each} mg")
    crushed = each * tablets
    working.append(f"crushed tablets: {tablets} × {format_mg(each)} mg = {format_mg(crushed)} mg")
    return Ingredient("naltrexone hydrochloride 50 mg tablets, crushed", "active", crushed, "mg",
                      crushed, f"{tablets} whole tablets"), tablets


def _weighings(active: Ingredient, filler: Ingredient, trituration: Trituration | None,
               filler_name: str) -> tuple[Weighing, ...]:
    """Everything that goes on the balance, in the order it is weighed. Whole
    tablets are counted, not weighed; a filler "to" a total is one weighing."""
    steps: list[Weighing] = []
    if trituration is not None:
        steps += [Weighing("naltrexone hydrochloride powder for the trituration",
                           trituration.powder_mg),
                  Weighing(f"{filler_name} for the trituration", trituration.filler_mg),
                  Weighing("trituration for the batch", trituration.aliquot_mg)]
    elif active.unit == "mg":
        steps.append(Weighing(active.name, active.amount))
    what = (f"{filler_name} for the batch" if filler.unit == "mg"
            else f"blend made up with {filler_name} to")
    return (*steps, Weighing(what, filler.amount))


def _powder_weighed(active: Ingredient, trituration: Trituration | None,
                    source: Source) -> Decimal | None:
    if source is not Source.API:
        return None
    return trituration.powder_mg if trituration is not None else active.amount


def _source(source: Source | str) -> Source:
    try:
        return Source(source)
    except ValueError:
        raise CompoundingError(f"source must be 'api' or 'tablets' (got {source!r})") from None


def _filler(name: str, total_blend: Decimal, active: Ingredient, working: list[str]) -> Ingredient:
    if active.unit != "mg":
        working.append(f"filler: {name} to bring the blend to {format_mg(total_blend)} mg "
                       "(weigh the crushed tablets first)")
        return Ingredient(name, "filler", total_blend, "mg total blend (qs)", total_blend,
                          "add to the crushed tablets until the blend weighs this")
    filler_mg = total_blend - active.amount
    if filler_mg <= 0:
        raise CompoundingError("the active ingredient alone exceeds the total blend; "
                               "choose a larger capsule")
    working.append(f"filler: {format_mg(total_blend)} mg − {format_mg(active.amount)} mg = "
                   f"{format_mg(filler_mg)} mg {name} (assumes the drug packs like the filler; "
                   "confirm by test-filling)")
    return Ingredient(name, "filler", filler_mg, "mg", filler_mg)


def placebo_capsule_batch(quantity: int, *, overage_percent: Decimal | str = "0",
                          capsule_size: str | None = None, filler: str | None = None,
                          formula_key: str = "ldn-capsules-mcc",
                          reference: CompoundingReference | None = None,
                          book: FormulaBook | None = None) -> CapsuleBatch:
    """A placebo batch for a blinded trial: ``quantity`` capsules of the
    formula's size filled with its filler only (no naltrexone), to the same
    fill weight as the active capsules of that formula, so they look and
    weigh alike. ``strength_mg`` and ``api_mg`` are 0 and the only ingredient
    is the filler."""
    reference = reference or load_reference()
    formula = (book or load_formulas()).formula(formula_key)
    if formula.form != "capsule":
        raise CompoundingError(f"formula {formula.key} is a {formula.form}, not a capsule")
    quantity = checked_quantity(quantity)
    overage = _checked_overage(overage_percent)
    size = (capsule_size or formula.capsule_size or "3").strip().lstrip("#")
    filler_key = filler or formula.filler or "mcc"
    filler_name = reference.filler(filler_key).name
    prepared = prepared_quantity(quantity, overage)
    working = ["placebo: filler only, no naltrexone (blinded trial kit)",
               f"prepare {quantity} capsules' worth of filler" if not overage else
               f"prepare {quantity} + ceil({quantity} × {overage}%) = {prepared} capsules' "
               "worth of filler"]
    fill = fill_weight(size, filler_key, reference, working)
    total = fill * prepared
    working.append(f"filler: {prepared} × {format_mg(fill)} mg = {format_mg(total)} mg {filler_name}")
    line = Ingredient(filler_name, "filler", total, "mg", total)
    weighings = (Weighing(f"{filler_name} for the batch", total),)
    minimum = minimum_weight(reference, None)
    check_weighings(weighings, minimum)
    return CapsuleBatch(
        formula=formula.record_id, source=Source.API, strength_mg=Decimal(0), quantity=quantity,
        overage_percent=overage, prepared_quantity=prepared, capsule_size=size,
        filler=filler_key, fill_weight_mg=fill, total_blend_mg=total, api_mg=Decimal(0),
        powder_mg=None, tablets_50mg=None, filler_mg=total, ingredients=(line,),
        working=tuple(working), data_version=data_version(), weighings=weighings,
        minimum_weight_mg=minimum)


@dataclass(frozen=True)
class TitrationKit(Stored):
    """Several strengths made as one prescription: one batch per strength, and the totals."""

    batches: tuple[CapsuleBatch, ...]
    total_capsules: int
    total_api_mg: Decimal
    total_tablets_50mg: int | None
    working: tuple[str, ...]
    data_version: str


def titration_kit(lines: Sequence[tuple[Dose | Decimal | str, int]], **options: object) -> TitrationKit:
    """One :class:`CapsuleBatch` per ``(strength, quantity)`` line, in the order given.

    ``options`` are passed to :func:`capsule_batch` (source, overage, size ...).
    A strength listed twice is refused: merge the quantities instead.
    """
    if not lines:
        raise CompoundingError("a titration kit needs at least one (strength, quantity) line")
    batches = tuple(capsule_batch(strength, quantity, **options)  # type: ignore[arg-type]
                    for strength, quantity in lines)
    strengths = [b.strength_mg for b in batches]
    if len(set(strengths)) != len(strengths):
        raise CompoundingError("a strength is listed twice in the kit; merge its quantities")
    tablets = None if batches[0].tablets_50mg is None else sum(b.tablets_50mg or 0 for b in batches)
    working = tuple(f"{b.quantity} × {format_mg(b.strength_mg)} mg: {format_mg(b.api_mg)} mg"
                    + (f", {b.tablets_50mg} tablets" if b.tablets_50mg is not None else "")
                    for b in batches)
    return TitrationKit(batches, sum(b.quantity for b in batches),
                        Decimal(format_mg(sum((b.api_mg for b in batches), Decimal(0)))), tablets, working,
                        data_version())
