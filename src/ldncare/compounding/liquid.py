"""Oral liquid batches at a chosen concentration, from USP powder or whole 50 mg
tablets, with the excipients of the chosen formula and the volume for a dose.

The volume for a dose is rounded half-up to the oral syringe's graduation and
must not be below the smallest volume an oral syringe measures accurately
(``data/reference.yaml``: oral_syringe). The delivered dose after rounding is shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from ldncare.compounding.common import (
    HUNDRED,
    Ingredient,
    Source,
    Weighing,
    as_positive,
    checked_assay,
    checked_strength,
    checked_water,
    minimum_weight,
    powder_to_weigh,
    show,
)
from ldncare.compounding.errors import (
    BelowMinimumWeight,
    CompoundingError,
    NotMeasurable,
    TabletsDoNotDivide,
)
from ldncare.compounding.reference import (
    CompoundingReference,
    Formula,
    FormulaBook,
    data_version,
    load_formulas,
    load_reference,
)
from ldncare.compounding.serial import Stored
from ldncare.units import Dose, format_mg

MICROGRAMS_PER_MG = 1000


@dataclass(frozen=True)
class DoseVolume(Stored):
    """How much liquid holds one dose, as measured in an oral syringe."""

    dose_mg: Decimal
    concentration_mg_per_ml: Decimal
    exact_ml: Decimal
    volume_ml: Decimal
    delivered_mg: Decimal
    working: tuple[str, ...]


@dataclass(frozen=True)
class LiquidVolumeFit(Stored):
    """Whether ``volume_ml`` at a concentration uses whole tablets, and the nearest whole-mL volumes that do."""

    concentration_mg_per_ml: Decimal
    volume_ml: Decimal
    tablets_exact: Decimal
    divides_evenly: bool
    smaller_ml: Decimal | None
    larger_ml: Decimal | None
    message: str


@dataclass(frozen=True)
class LiquidBatch(Stored):
    """The worked batch for ``volume_ml`` of liquid at ``concentration_mg_per_ml``.

    ``api_mg`` is the naltrexone hydrochloride the batch contains; ``powder_mg``
    the powder to weigh (API source); ``tablets_50mg`` the whole tablets
    (tablet source). ``dose`` is set when a dose was asked for.
    """

    formula: str
    source: Source
    concentration_mg_per_ml: Decimal
    volume_ml: Decimal
    api_mg: Decimal
    powder_mg: Decimal | None
    tablets_50mg: int | None
    ingredients: tuple[Ingredient, ...]
    dose: DoseVolume | None
    working: tuple[str, ...]
    data_version: str
    #: Everything put on the balance; each at least ``minimum_weight_mg``.
    weighings: tuple[Weighing, ...] = ()
    minimum_weight_mg: Decimal | None = None


def dose_volume(dose: Dose | Decimal | str, concentration_mg_per_ml: Decimal | str, *,
                minimum_ml: Decimal | None = None, maximum_mg: Decimal | None = None,
                reference: CompoundingReference | None = None) -> DoseVolume:
    """The syringe volume for ``dose`` at ``concentration_mg_per_ml``.

    Raises :class:`NotMeasurable` when the rounded volume is below
    ``minimum_ml`` (default from the data: 0.2 mL) and :class:`UnsafeRequest`
    for a dose above the hard maximum.
    """
    reference = reference or load_reference()
    mg = checked_strength(dose, maximum_mg, reference, what="dose")
    concentration = _concentration(concentration_mg_per_ml, reference)
    syringe = reference.oral_syringe
    floor = syringe.minimum_measurable_ml if minimum_ml is None else minimum_ml
    exact = mg / concentration
    rounded = (exact / syringe.graduation_ml).quantize(Decimal(1), rounding=ROUND_HALF_UP) \
        * syringe.graduation_ml
    delivered = rounded * concentration
    working = [f"dose volume: {format_mg(mg)} mg / {format_mg(concentration)} mg/mL = "
               f"{show(exact)} mL, rounded half-up to the {format_mg(syringe.graduation_ml)} mL "
               f"graduation: {format_mg(rounded)} mL (delivers {show(delivered)} mg)"]
    if rounded < floor:
        raise NotMeasurable(
            f"a {format_mg(mg)} mg dose at {format_mg(concentration)} mg/mL is {show(exact)} mL, "
            f"below the {format_mg(floor)} mL an oral syringe measures accurately; "
            "use a weaker concentration")
    return DoseVolume(mg, concentration, exact, rounded, delivered, tuple(working))


def _concentration(value: Decimal | str, reference: CompoundingReference) -> Decimal:
    concentration = as_positive(value, "concentration")
    ceiling = reference.limits.solubility_mg_per_ml
    if concentration > ceiling:
        raise CompoundingError(
            f"{format_mg(concentration)} mg/mL is above the solubility of naltrexone "
            f"hydrochloride in water (about {format_mg(ceiling)} mg/mL)")
    if concentration != concentration.quantize(Decimal("0.001")):
        raise CompoundingError("give the concentration to at most 3 decimal places (µg per mL)")
    return concentration


def liquid_volume_fit(concentration_mg_per_ml: Decimal | str, volume_ml: Decimal | str, *,
                      reference: CompoundingReference | None = None) -> LiquidVolumeFit:
    """Whether the drug in ``volume_ml`` is whole 50 mg tablets; if not, the nearest whole-mL volumes."""
    reference = reference or load_reference()
    concentration = _concentration(concentration_mg_per_ml, reference)
    volume = as_positive(volume_ml, "volume")
    tablet_mg = reference.limits.tablet_strength_mg
    exact = concentration * volume / tablet_mg
    if exact == exact.to_integral_value():
        return LiquidVolumeFit(concentration, volume, exact, True, None, None,
                               f"{format_mg(concentration * volume)} mg = {format_mg(exact)} tablets")
    # Whole mL volumes V with concentration × V a multiple of 50 mg, in micrograms.
    c_ug, t_ug = int(concentration * MICROGRAMS_PER_MG), int(tablet_mg * MICROGRAMS_PER_MG)
    step = t_ug // math.gcd(c_ug, t_ug)
    below = int(volume) // step * step
    smaller = Decimal(below) if below > 0 else None
    larger = Decimal((int(volume) // step + 1) * step)
    options = [f"{format_mg(v)} mL ({format_mg(concentration * v / tablet_mg)} tablet(s))"
               for v in (smaller, larger) if v is not None]
    message = (f"{format_mg(volume)} mL × {format_mg(concentration)} mg/mL = "
               f"{format_mg(concentration * volume)} mg needs {show(exact)} tablets of "
               f"{format_mg(tablet_mg)} mg, and tablets are whole. Nearest volumes that use "
               f"whole tablets: {' or '.join(options)}")
    return LiquidVolumeFit(concentration, volume, exact, False, smaller, larger, message)


def _excipients(formula: Formula, volume: Decimal, working: list[str]) -> list[Ingredient]:
    lines = []
    for item in formula.ingredients:
        if item.percent is None:
            continue
        per_ml = item.percent / HUNDRED
        amount, unit = (volume * per_ml, "g") if item.basis == "w/v" else (volume * per_ml, "mL")
        note = f"{item.percent}% {item.basis}" + (" (basis unverified)" if item.basis_unverified else "")
        working.append(f"{item.name}: {item.percent}% {item.basis} × {format_mg(volume)} mL = "
                       f"{format_mg(amount)} {unit}")
        lines.append(Ingredient(item.name, item.role, amount, unit, amount, note))
    return lines


def _vehicle(formula: Formula, volume: Decimal) -> list[Ingredient]:
    return [Ingredient(item.name, item.role, volume, "mL final volume (qs)", volume, item.quantity)
            for item in formula.ingredients if item.role == "vehicle"]


def liquid_batch(concentration_mg_per_ml: Decimal | str, volume_ml: Decimal | str, *,
                 source: Source | str = Source.API, preserved: bool = True,
                 formula_key: str | None = None, dose: Dose | Decimal | str | None = None,
                 assay_percent: Decimal | str = "100", water_percent: Decimal | str = "0",
                 maximum_mg: Decimal | None = None, minimum_dose_ml: Decimal | None = None,
                 minimum_weight_mg: Decimal | str | None = None,
                 reference: CompoundingReference | None = None,
                 book: FormulaBook | None = None) -> LiquidBatch:
    """Work out ``volume_ml`` of oral liquid at ``concentration_mg_per_ml``.

    The formula is the preserved Fawcett 1997 liquid unless ``preserved`` is
    False (then the nonpreserved water formula) or ``formula_key`` names
    another. With ``dose`` the syringe volume is worked out and checked; without
    it the smallest titration dose in the data (0.5 mg) must still be
    measurable. ``book`` is the pharmacy's own formula book. Nothing is weighed
    below the balance's minimum weight (``minimum_weight_mg``, default the
    reference's): a smaller batch raises :class:`BelowMinimumWeight` with the
    smallest volume that can be weighed. Raises :class:`TabletsDoNotDivide` (with
    the nearest volumes), :class:`NotMeasurable`, :class:`UnsafeRequest` or
    :class:`CompoundingError`.
    """
    reference = reference or load_reference()
    key = formula_key or ("ldn-liquid-fawcett" if preserved else "ldn-liquid-water")
    formula = (book or load_formulas()).formula(key)
    if formula.form != "liquid":
        raise CompoundingError(f"formula {formula.key} is a {formula.form}, not a liquid")
    concentration = _concentration(concentration_mg_per_ml, reference)
    volume = as_positive(volume_ml, "volume")
    if volume != volume.quantize(Decimal("0.1")):
        raise CompoundingError("give the volume to at most 0.1 mL")
    source = _source(source)
    dose_line = _dose_check(dose, concentration, maximum_mg, minimum_dose_ml, reference)
    working = [f"naltrexone hydrochloride needed: {format_mg(volume)} mL × "
               f"{format_mg(concentration)} mg/mL = {format_mg(concentration * volume)} mg"]
    api_mg = concentration * volume
    if api_mg > reference.limits.tablet_strength_mg * 1000:
        raise CompoundingError("a batch over 50 g of naltrexone is outside what this tool plans")
    tablets = None
    if source is Source.API:
        active = powder_to_weigh(api_mg, checked_assay(assay_percent, reference),
                                 checked_water(water_percent), reference,
                                 reference.tolerances.individual_percent, working)
    else:
        fit = liquid_volume_fit(concentration, volume, reference=reference)
        if not fit.divides_evenly:
            raise TabletsDoNotDivide(fit.message, fit)
        tablets = int(fit.tablets_exact)
        working.append(f"tablets: {format_mg(api_mg)} mg / "
                       f"{format_mg(reference.limits.tablet_strength_mg)} mg = {tablets} whole tablets")
        active = Ingredient("naltrexone hydrochloride 50 mg tablets", "active", Decimal(tablets),
                            "tablets", Decimal(tablets), "crush finely before dispersing")
    excipients = _excipients(formula, volume, working)
    if dose_line is not None:
        working.extend(dose_line.working)
    minimum = minimum_weight(reference, minimum_weight_mg)
    weighings = _liquid_weighings((active, *excipients))
    _check_liquid_weighings(weighings, minimum, volume)
    return LiquidBatch(
        formula=formula.record_id, source=source, concentration_mg_per_ml=concentration,
        volume_ml=volume, api_mg=api_mg,
        powder_mg=active.amount if source is Source.API else None, tablets_50mg=tablets,
        ingredients=(active, *excipients, *_vehicle(formula, volume)), dose=dose_line,
        working=tuple(working), data_version=data_version(), weighings=weighings,
        minimum_weight_mg=minimum)


def _liquid_weighings(ingredients: tuple[Ingredient, ...]) -> tuple[Weighing, ...]:
    """The solids put on the balance (powder in mg, w/v excipients in g); liquids
    are measured by volume and whole tablets counted."""
    scale = {"mg": Decimal(1), "g": Decimal(1000)}
    return tuple(Weighing(item.name, item.amount * scale[item.unit])
                 for item in ingredients if item.unit in scale)


def _check_liquid_weighings(weighings: tuple[Weighing, ...], minimum: Decimal,
                            volume: Decimal) -> None:
    """Refuse a volume in which a solid weighs less than the minimum, naming the
    smallest volume (to 0.1 mL) in which every solid can be weighed."""
    light = [w for w in weighings if w.mg < minimum]
    if not light:
        return
    needed = max(minimum * volume / w.mg for w in weighings)
    smallest = (needed * 10).to_integral_value(rounding=ROUND_CEILING) / 10
    names = "; ".join(f"{w.what} {format_mg(w.mg)} mg" for w in light)
    raise BelowMinimumWeight(
        f"{names}: below the balance's minimum weight of {format_mg(minimum)} mg; the smallest "
        f"volume in which everything can be weighed is {format_mg(smallest)} mL", smallest)


def _dose_check(dose: Dose | Decimal | str | None, concentration: Decimal,
                maximum_mg: Decimal | None, minimum_ml: Decimal | None,
                reference: CompoundingReference) -> DoseVolume | None:
    if dose is not None:
        return dose_volume(dose, concentration, minimum_ml=minimum_ml, maximum_mg=maximum_mg,
                           reference=reference)
    smallest = reference.limits.smallest_titration_dose_mg
    try:
        dose_volume(smallest, concentration, minimum_ml=minimum_ml, reference=reference)
    except NotMeasurable as error:
        raise NotMeasurable(f"{error} (the smallest titration dose is {format_mg(smallest)} mg; "
                            "give the patient's dose to check that dose instead)") from None
    return None


def _source(source: Source | str) -> Source:
    try:
        return Source(source)
    except ValueError:
        raise CompoundingError(f"source must be 'api' or 'tablets' (got {source!r})") from None

