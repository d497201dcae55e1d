"""Doses, salt forms and the parsing of what people write ("4.5 mg", "500 mcg").

Every dose in the core is a ``Decimal`` number of milligrams of naltrexone
*hydrochloride* (the salt in 50 mg tablets and in USP powder), held to
microgram precision. Nothing is ever rounded silently: a value that does not
fit microgram precision is refused with :class:`DoseError`.

Sources: dose bands, Toljan & Vrooman 2018, doi:10.3390/medsci6040082;
molecular weights 377.86 and 341.41 g/mol, the USP naltrexone hydrochloride
monograph and the product labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

MICROGRAM = Decimal("0.001")
#: Amounts at or above this many mg are refused as typing slips: a batch of a
#: thousand 50 mg capsules is 50 g, far below it.
MAX_MG = Decimal("1000000")

#: Molar masses in g/mol (USP monograph; product labels).
NALTREXONE_HCL_G_PER_MOL = Decimal("377.86")
NALTREXONE_BASE_G_PER_MOL = Decimal("341.41")


class DoseError(ValueError):
    """A dose that cannot be used as written; the message says why."""


class SaltForm(StrEnum):
    HYDROCHLORIDE = "hydrochloride"
    BASE = "base"


def _to_decimal(value: Decimal | int | str) -> Decimal:
    if isinstance(value, float):
        # Floats carry binary noise (0.1 + 0.2); a dose must be typed exactly.
        raise DoseError("a dose must be a Decimal, an int or a string, not a float")
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise DoseError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise DoseError(f"{value!r} is not a finite number")
    return number


@dataclass(frozen=True, order=True)
class Dose:
    """An amount of naltrexone hydrochloride in milligrams, exact to the microgram.

    ``Dose("4.5")`` is 4.5 mg; ``Dose("4.500").mg`` is ``Decimal("4.5")`` (see
    :func:`canonical_dose`). Negative amounts and amounts finer than one
    microgram raise :class:`DoseError`; zero is allowed (a paused step).
    """

    mg: Decimal

    def __init__(self, mg: Decimal | int | str) -> None:
        number = _to_decimal(mg)
        if number < 0:
            raise DoseError(f"a dose cannot be negative ({number} mg)")
        if number >= MAX_MG:
            # Far above any naltrexone amount (a 50 mg tablet, a batch of capsules):
            # a typing slip, and too large to hold to the microgram.
            raise DoseError(f"{value_text(number)} mg is not a plausible amount of naltrexone")
        if number != number.quantize(MICROGRAM):
            raise DoseError(f"{number} mg is finer than one microgram; write it in whole micrograms")
        # Held in its canonical form (no trailing zeros, no exponent), so that
        # str(dose.mg) is already the one stored text: "1.5", never "1.500".
        object.__setattr__(self, "mg", Decimal(format_mg(number)))

    @classmethod
    def from_micrograms(cls, micrograms: int) -> Dose:
        return cls(Decimal(micrograms) * MICROGRAM)

    @property
    def micrograms(self) -> int:
        return int(self.mg / MICROGRAM)

    def __add__(self, other: Dose) -> Dose:
        return Dose(self.mg + other.mg)

    def __sub__(self, other: Dose) -> Dose:
        return Dose(self.mg - other.mg)

    def __str__(self) -> str:
        return format_dose(self)


def value_text(number: Decimal) -> str:
    """A huge or tiny number as people can read it (``1E+308``), others plainly."""
    return format(number, "f") if abs(number.adjusted()) < 12 else str(number)


def format_mg(mg: Decimal) -> str:
    """Render a number without trailing zeros or exponent: 4.5, 0.25, 50 (zero is "0")."""
    return "0" if mg == 0 else format(mg.normalize(), "f")


# ---------------------------------------------------------------- one text for a dose
#
# A dose is stored, sent in the API and exported in ONE canonical text: the
# exact number of milligrams in plain decimal notation, never with an exponent,
# with no trailing zeros after the point and no trailing point, and "0" for
# zero ("1.5", "3", "0.75", "0.001", "100"). The same number always has the
# same text, so strings can be compared, grouped and looked up safely.


def canonical_dose(value: Dose | Decimal | int | str) -> str:
    """The canonical text of a dose in mg (see above): ``Decimal("1.500")`` → ``"1.5"``.

    Accepts a :class:`Dose`, a ``Decimal``, an ``int`` or a plain decimal string
    (such as a legacy ``"1.500"``); refuses a float, anything negative and anything
    finer than one microgram with :class:`DoseError`, like :class:`Dose`.
    """
    mg = value.mg if isinstance(value, Dose) else Dose(value).mg
    return format_mg(mg)


_PLAIN_DECIMAL = re.compile(r"^\d+(?:\.\d+)?$")


def parse_dose_mg(text: str) -> Decimal:
    """Read a stored or API dose text (a plain decimal number of mg) into a ``Decimal``.

    Strict, unlike :func:`parse_dose` for what people type: no unit, no comma,
    no sign, no exponent, no spaces. Legacy texts with trailing zeros (``"1.500"``)
    are read, so ``canonical_dose(parse_dose_mg(t))`` normalises any stored value.
    The result is exact to the microgram; raises :class:`DoseError` otherwise.
    """
    if not isinstance(text, str) or not _PLAIN_DECIMAL.match(text):
        raise DoseError(f"{text!r} is not a dose in mg written as a plain decimal number "
                        "such as '1.5'")
    return Dose(text).mg


def format_dose(value: Dose | Decimal | int | str, unit: str = "mg") -> str:
    """The one display text for a dose or strength: ``"1.5 mg"``, ``"1 mg/mL"``."""
    if isinstance(value, Dose):
        value = value.mg
    number = _to_decimal(value)
    return f"{format_mg(number)} {unit}" if unit else format_mg(number)


def to_base(hydrochloride_mg: Decimal) -> Decimal:
    """Milligrams of naltrexone base in ``hydrochloride_mg`` of the salt (unrounded)."""
    return hydrochloride_mg * NALTREXONE_BASE_G_PER_MOL / NALTREXONE_HCL_G_PER_MOL


def to_hydrochloride(base_mg: Decimal) -> Decimal:
    """Milligrams of the hydrochloride salt that carry ``base_mg`` of base (unrounded)."""
    return base_mg * NALTREXONE_HCL_G_PER_MOL / NALTREXONE_BASE_G_PER_MOL


_DOSE_TEXT = re.compile(
    r"^\s*(?P<number>\d+(?:[.,]\d+)?|[.,]\d+)\s*(?P<unit>mg|milligrams?|mcg|µg|ug|micrograms?)?\s*$",
    re.IGNORECASE,
)


def parse_dose(text: str) -> Dose:
    """Read a dose as people write it: "4.5", "4.5 mg", "4,5mg", "500 mcg", "500 µg".

    A bare number is milligrams. Anything else raises :class:`DoseError` naming
    the text, so a form can show it beside the field.
    """
    match = _DOSE_TEXT.match(text or "")
    if not match:
        raise DoseError(f"could not read {text!r} as a dose; write it like '4.5 mg' or '500 mcg'")
    number = _to_decimal(match["number"].replace(",", "."))
    unit = (match["unit"] or "mg").lower()
    if unit.startswith(("mc", "µ", "u", "micro")):
        return Dose(number * MICROGRAM)
    return Dose(number)


class DoseBand(StrEnum):
    ULTRA_LOW = "ultra-low"
    VERY_LOW = "very-low"
    LOW = "low"
    INTERMEDIATE = "intermediate"
    STANDARD = "standard"


@dataclass(frozen=True)
class BandEdges:
    """Where each named band ends, in mg. Defaults follow Toljan & Vrooman 2018
    (doi:10.3390/medsci6040082): ULDN < 1 µg; VLDN 1 µg to < 1 mg; LDN 1–5 mg;
    standard >= 50 mg. The gap between 5 and 50 mg has no name there; we call
    it "intermediate". A clinic may pass its own edges."""

    ultra_low_below: Decimal = Decimal("0.001")
    very_low_below: Decimal = Decimal("1")
    low_up_to: Decimal = Decimal("5")
    standard_from: Decimal = Decimal("50")


def dose_band(dose: Dose, edges: BandEdges = BandEdges()) -> DoseBand:
    """The named band that ``dose`` falls in under ``edges``."""
    if dose.mg < edges.ultra_low_below:
        return DoseBand.ULTRA_LOW
    if dose.mg < edges.very_low_below:
        return DoseBand.VERY_LOW
    if dose.mg <= edges.low_up_to:
        return DoseBand.LOW
    if dose.mg < edges.standard_from:
        return DoseBand.INTERMEDIATE
    return DoseBand.STANDARD
