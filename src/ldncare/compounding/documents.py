"""Label and batch-record content as plain data (the web layer renders PDFs),
and lot numbers.

A label carries drug, strength, directions from the dose and time, quantity,
lot, BUD with its basis, storage and the formula's warnings. Labels must
carry the BUD, storage and warnings (USP <795> labelling; summarised at
https://answers.uillinois.edu/illinois.vetmedvth/page.php?id=130888).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from ldncare.compounding.bud import BeyondUseDate
from ldncare.compounding.capsules import CapsuleBatch
from ldncare.compounding.errors import CompoundingError
from ldncare.compounding.liquid import LiquidBatch, dose_volume
from ldncare.compounding.quality import ReleaseDecision, WeightCheck
from ldncare.compounding.reference import Formula, FormulaBook, load_formulas
from ldncare.compounding.serial import Stored
from ldncare.units import Dose, format_mg

DRUG = "Naltrexone hydrochloride"


@dataclass(frozen=True)
class Label(Stored):
    """What the patient label says, line by line."""

    patient: str
    drug: str
    strength: str
    directions: str
    quantity: str
    lot: str
    beyond_use_date: dt.date
    bud_basis: str
    storage: str
    warnings: tuple[str, ...]
    formula: str
    prescriber: str


def _when_text(when: str | dt.time) -> str:
    if isinstance(when, dt.time):
        return f"at {when.strftime('%H:%M')}"
    text = when.strip()
    if not text:
        raise CompoundingError("say when to take the dose, e.g. 'at bedtime' or a time")
    return text


def _formula(record_id: str, book: FormulaBook | None = None) -> Formula:
    key, _, version = record_id.partition("@")
    formula = (book or load_formulas()).formula(key)
    if str(formula.version) != version:
        raise CompoundingError(f"the batch used {record_id}, but the formula book has "
                               f"{formula.record_id}; label from the version the batch used")
    return formula


def _dose_mg(dose: Dose | Decimal | str) -> Decimal:
    mg = dose.mg if isinstance(dose, Dose) else Dose(dose).mg
    if mg <= 0:
        raise CompoundingError("the dose on a label must be more than 0 mg")
    return mg


def capsule_label(batch: CapsuleBatch, *, patient: str, dose: Dose | Decimal | str,
                  when: str | dt.time, lot: str, bud: BeyondUseDate,
                  quantity: int | None = None, prescriber: str = "",
                  book: FormulaBook | None = None) -> Label:
    """Label for capsules: the dose must be a whole number of capsules."""
    mg = _dose_mg(dose)
    count = mg / batch.strength_mg
    if count != count.to_integral_value():
        raise CompoundingError(f"a {format_mg(mg)} mg dose is not a whole number of "
                               f"{format_mg(batch.strength_mg)} mg capsules")
    n = int(count)
    unit = "capsule" if n == 1 else "capsules"
    directions = f"Take {n} {unit} ({format_mg(mg)} mg) by mouth {_when_text(when)}."
    return _label(batch.formula, patient, f"{format_mg(batch.strength_mg)} mg capsules",
                  directions, f"{quantity or batch.quantity} capsules", lot, bud, prescriber, book)


def liquid_label(batch: LiquidBatch, *, patient: str, dose: Dose | Decimal | str,
                 when: str | dt.time, lot: str, bud: BeyondUseDate,
                 volume_ml: Decimal | None = None, prescriber: str = "",
                 book: FormulaBook | None = None) -> Label:
    """Label for an oral liquid: the dose as a syringe volume (checked as measurable)."""
    measure = dose_volume(dose, batch.concentration_mg_per_ml)
    directions = (f"Measure {format_mg(measure.volume_ml)} mL ({format_mg(measure.dose_mg)} mg) "
                  f"with the oral syringe and take by mouth {_when_text(when)}.")
    return _label(batch.formula, patient,
                  f"{format_mg(batch.concentration_mg_per_ml)} mg/mL oral liquid", directions,
                  f"{format_mg(volume_ml or batch.volume_ml)} mL", lot, bud, prescriber, book)


def _label(record_id: str, patient: str, strength: str, directions: str, quantity: str,
           lot: str, bud: BeyondUseDate, prescriber: str,
           book: FormulaBook | None) -> Label:
    if not patient.strip():
        raise CompoundingError("a label needs the patient's name")
    parse_lot_number(lot)
    formula = _formula(record_id, book)
    return Label(patient=patient.strip(), drug=DRUG, strength=strength, directions=directions,
                 quantity=quantity, lot=lot, beyond_use_date=bud.beyond_use_date,
                 bud_basis=bud.basis, storage=bud.storage_text,
                 warnings=formula.label_warnings, formula=record_id, prescriber=prescriber)


@dataclass(frozen=True)
class LotLine(Stored):
    """One ingredient lot a batch drew on, as the batch record lists it."""

    material: str
    lot: str
    expires_on: dt.date
    amount: Decimal
    unit: str
    supplier: str = ""
    certificate: str = ""


@dataclass(frozen=True)
class BatchRecord(Stored):
    """The compounding record of one batch: formula followed, amounts, working, BUD,
    weights, the people, and the release decision (when verified)."""

    lot: str
    formula: str
    formula_name: str
    form: str
    prepared_on: dt.date
    prepared_by: str
    verified_by: str | None
    ingredients: tuple[tuple[str, str, str], ...]
    method: tuple[str, ...]
    working: tuple[str, ...]
    beyond_use: BeyondUseDate
    weight_check: WeightCheck | None
    release: ReleaseDecision | None
    data_version: str
    #: Every ingredient lot drawn on, with its expiry (traceability and recall).
    ingredient_lots: tuple[LotLine, ...] = ()


def batch_record(batch: CapsuleBatch | LiquidBatch, *, lot: str, beyond_use: BeyondUseDate,
                 prepared_by: str, verified_by: str | None = None,
                 weight_check: WeightCheck | None = None,
                 release: ReleaseDecision | None = None,
                 book: FormulaBook | None = None,
                 ingredient_lots: tuple[LotLine, ...] = ()) -> BatchRecord:
    """Assemble the batch record. Ingredients are (name, amount, unit) strings;
    ``ingredient_lots`` lists every lot the batch drew on. A lot that expired
    on or before the day of compounding is refused."""
    parse_lot_number(lot)
    formula = _formula(batch.formula, book)
    ingredients = tuple((i.name, format_mg(i.amount), i.unit) for i in batch.ingredients)
    return BatchRecord(lot, formula.record_id, formula.name, formula.form,
                       beyond_use.compounded_on, prepared_by, verified_by, ingredients,
                       formula.method, batch.working, beyond_use, weight_check, release,
                       batch.data_version, _checked_lots(ingredient_lots, beyond_use.compounded_on))


def _checked_lots(lots: tuple[LotLine, ...], compounded_on: dt.date) -> tuple[LotLine, ...]:
    for line in lots:
        if line.expires_on <= compounded_on:
            raise CompoundingError(f"{line.material} lot {line.lot} expired on "
                                   f"{line.expires_on.isoformat()}, before the batch was made")
    return tuple(sorted(lots, key=lambda line: (line.expires_on, line.material)))


_LOT = re.compile(r"^(?P<prefix>[A-Z][A-Z0-9]{0,7})-(?P<date>\d{8})-(?P<seq>\d{3,4})$")


def lot_number(prepared_on: dt.date, sequence: int, prefix: str = "LDN") -> str:
    """``PREFIX-YYYYMMDD-NNN``: the ``sequence``-th batch made that day (1-9999)."""
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 1 <= sequence <= 9999:
        raise CompoundingError(f"the lot sequence must be a whole number from 1 to 9999 (got {sequence!r})")
    if not re.fullmatch(r"[A-Z][A-Z0-9]{0,7}", prefix):
        raise CompoundingError("a lot prefix is 1-8 capital letters or digits, starting with a letter")
    return f"{prefix}-{prepared_on:%Y%m%d}-{sequence:03d}"


def parse_lot_number(text: str) -> tuple[str, dt.date, int]:
    """(prefix, day, sequence) of a lot number made by :func:`lot_number`."""
    match = _LOT.match(text or "")
    if not match:
        raise CompoundingError(f"{text!r} is not a lot number like LDN-20261122-001")
    try:
        day = dt.datetime.strptime(match["date"], "%Y%m%d").date()  # noqa: DTZ007 - a date only
    except ValueError:
        raise CompoundingError(f"{text!r} has no real date in it") from None
    return match["prefix"], day, int(match["seq"])


@dataclass(frozen=True)
class Dispenser(Stored):
    """The pharmacy that dispenses: what every dispensing label must name."""

    name: str
    address: str
    phone: str


@dataclass(frozen=True)
class DispensingLabel(Stored):
    """A dispensing label: the patient label's content plus who dispensed it,
    the Rx number (also printed as a barcode), the dispense date and the
    refills left."""

    pharmacy: Dispenser
    rx_number: str
    patient: str
    drug: str
    strength: str
    form: str
    quantity: str
    directions: str
    prescriber: str
    dispensed_on: dt.date
    beyond_use_date: dt.date
    storage: str
    lot: str
    refills_left: int
    warnings: tuple[str, ...]


def rx_number(prescription_id: int, fill_number: int) -> str:
    """``RX0000123-0``: the prescription's number and which fill (0 = first)."""
    if prescription_id < 1 or fill_number < 0:
        raise CompoundingError("an Rx number needs a prescription id from 1 and a fill from 0")
    return f"RX{prescription_id:07d}-{fill_number}"


def dispensing_label(label: Label, *, pharmacy: Dispenser, rx: str, form: str,
                     dispensed_on: dt.date, refills_left: int) -> DispensingLabel:
    """The dispensing label for ``label``. Refuses (``CompoundingError``) a
    pharmacy without name, address or phone, a label without a prescriber, a
    negative refill count, and a dispense date on or after the BUD (the
    medicine would be out of date in the patient's hands)."""
    missing = [what for what, text in (("pharmacy name", pharmacy.name),
                                       ("pharmacy address", pharmacy.address),
                                       ("pharmacy phone", pharmacy.phone),
                                       ("prescriber", label.prescriber)) if not text.strip()]
    if missing:
        raise CompoundingError("a dispensing label needs the " + ", ".join(missing)
                               + "; record it first")
    if refills_left < 0:
        raise CompoundingError("refills left cannot be negative")
    if dispensed_on >= label.beyond_use_date:
        raise CompoundingError(f"lot {label.lot} is beyond use on "
                               f"{label.beyond_use_date.isoformat()}; it cannot be dispensed "
                               f"on {dispensed_on.isoformat()}")
    return DispensingLabel(pharmacy, rx, label.patient, label.drug, label.strength, form,
                           label.quantity, label.directions, label.prescriber, dispensed_on,
                           label.beyond_use_date, label.storage, label.lot, refills_left,
                           label.warnings)
