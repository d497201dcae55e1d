"""Supply: what the pharmacy must make for the first fill and each refill.

From a plan and a dosage form, each fill covers ``days_per_fill`` days of the
schedule. For capsules, each day's dose is made from the available strengths
with the fewest capsules; for an oral liquid, each day's dose is a volume at
the concentration, which must be measurable in ``measure_ml`` steps. Totals
are exact Decimals: nothing is rounded, and a dose that cannot be made exactly
raises :class:`SupplyError` saying what strength or concentration would work.

Oral liquid and capsules are equivalent mg for mg (LDN Research Trust,
https://ldnresearchtrust.org/types-of-ldn). Overage and beyond-use dates belong to the
compounding package, not here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, localcontext
from functools import lru_cache
from typing import Any

from ldncare.dosing.errors import SupplyError
from ldncare.dosing.plan import TitrationPlan
from ldncare.dosing.schedule import dose_events
from ldncare.units import Dose, canonical_dose, format_mg


@dataclass(frozen=True)
class Capsules:
    """Capsules in one or more strengths (mg of naltrexone HCl per capsule)."""

    strengths: tuple[Dose, ...]

    def __post_init__(self) -> None:
        if not self.strengths:
            raise SupplyError("name at least one capsule strength")
        if any(s.mg <= 0 for s in self.strengths):
            raise SupplyError("a capsule strength must be more than 0 mg")
        if len(set(self.strengths)) != len(self.strengths):
            raise SupplyError("each capsule strength should be listed once")
        object.__setattr__(self, "strengths", tuple(sorted(self.strengths, reverse=True)))

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "capsules", "strengths_mg": [canonical_dose(s) for s in self.strengths]}


@dataclass(frozen=True)
class OralLiquid:
    """An oral liquid at ``mg_per_ml``, measured in steps of ``measure_ml`` (an oral syringe)."""

    mg_per_ml: Decimal
    measure_ml: Decimal = Decimal("0.01")

    def __post_init__(self) -> None:
        for name in ("mg_per_ml", "measure_ml"):
            value = getattr(self, name)
            if isinstance(value, float) or not isinstance(value, Decimal | int):
                raise SupplyError(f"{name} must be a Decimal (e.g. Decimal('1')), not {value!r}")
            if value <= 0:
                raise SupplyError(f"{name} must be more than 0")

    def as_dict(self) -> dict[str, Any]:
        return {"kind": "oral_liquid", "mg_per_ml": format_mg(self.mg_per_ml),
                "measure_ml": str(self.measure_ml)}


DosageForm = Capsules | OralLiquid


@lru_cache(maxsize=4096)
def _fewest_capsules(micrograms: int, strengths: tuple[int, ...]) -> tuple[int, ...] | None:
    """Counts per strength (same order) making ``micrograms`` with the fewest capsules."""
    best: list[tuple[int, ...] | None] = [None] * (micrograms + 1)
    best[0] = (0,) * len(strengths)
    for amount in range(1, micrograms + 1):
        for index, strength in enumerate(strengths):
            if strength <= amount and best[amount - strength] is not None:
                counts = list(best[amount - strength])  # type: ignore[arg-type]
                counts[index] += 1
                candidate = tuple(counts)
                current = best[amount]
                if current is None or sum(candidate) < sum(current):
                    best[amount] = candidate
    return best[micrograms]


def capsules_for_dose(dose: Dose, form: Capsules) -> dict[Dose, int]:
    """The capsules to take for ``dose`` (fewest in total; larger strengths first on a tie)."""
    micrograms = tuple(s.micrograms for s in form.strengths)
    counts = _fewest_capsules(dose.micrograms, micrograms)
    if counts is None:
        have = ", ".join(str(s) for s in form.strengths)
        raise SupplyError(f"{dose} cannot be made from {have} capsules; add a strength that "
                          "fits (or use an oral liquid)")
    return {s: n for s, n in zip(form.strengths, counts, strict=True) if n}


def volume_for_dose(dose: Dose, form: OralLiquid) -> Decimal:
    """Millilitres of liquid for ``dose``; refused if not measurable in ``measure_ml`` steps."""
    with localcontext() as context:
        context.prec = 50
        volume = dose.mg / form.mg_per_ml
        exact = volume.quantize(form.measure_ml)
    if volume != exact:
        raise SupplyError(f"{dose} at {format_mg(form.mg_per_ml)} mg/mL is {volume.normalize():f} mL, "
                          f"which cannot be measured in {format_mg(form.measure_ml)} mL steps; "
                          "choose another concentration")
    return exact


@dataclass(frozen=True)
class Fill:
    """One dispensing: the first fill (``number`` 0) or refill ``number``.

    ``needed_by`` is the day its first dose is due: the previous fill runs out
    the evening before. ``capsules`` maps strength to count; ``volume_ml`` is the
    liquid volume. ``total_mg`` is the naltrexone HCl the fill must hold.
    """

    number: int
    covers_from: date
    covers_to: date
    dosing_days: int
    total_mg: Decimal
    capsules: tuple[tuple[Dose, int], ...] = ()
    volume_ml: Decimal | None = None

    @property
    def is_refill(self) -> bool:
        return self.number > 0

    @property
    def needed_by(self) -> date:
        return self.covers_from

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "is_refill": self.is_refill,
                "needed_by": self.needed_by.isoformat(),
                "covers_from": self.covers_from.isoformat(), "covers_to": self.covers_to.isoformat(),
                "dosing_days": self.dosing_days, "total_mg": canonical_dose(self.total_mg),
                "capsules": [{"strength_mg": canonical_dose(s), "count": n} for s, n in self.capsules],
                "volume_ml": None if self.volume_ml is None else format_mg(self.volume_ml)}


@dataclass(frozen=True)
class SupplySchedule:
    """The first fill and the refills for one plan version and one form."""

    plan_version: int
    form: DosageForm
    days_per_fill: int
    fills: tuple[Fill, ...]

    @property
    def refill_dates(self) -> tuple[date, ...]:
        return tuple(f.needed_by for f in self.fills if f.is_refill)

    def as_dict(self) -> dict[str, Any]:
        return {"plan_version": self.plan_version, "form": self.form.as_dict(),
                "days_per_fill": self.days_per_fill, "fills": [f.as_dict() for f in self.fills]}


def _fill(plan: TitrationPlan, form: DosageForm, number: int, first: date, last: date) -> Fill | None:
    events = list(dose_events(plan, first, last))
    if not events:
        return None
    total = sum((e.dose.mg for e in events), Decimal(0))
    if isinstance(form, OralLiquid):
        volume = sum((volume_for_dose(e.dose, form) for e in events), Decimal(0))
        return Fill(number, first, last, len(events), total, volume_ml=volume)
    counts: Counter[Dose] = Counter()
    for event in events:
        counts.update(capsules_for_dose(event.dose, form))
    ordered = tuple((s, counts[s]) for s in form.strengths if counts[s])
    return Fill(number, first, last, len(events), total, capsules=ordered)


def supply_for(plan: TitrationPlan, form: DosageForm, *, days_per_fill: int, refills: int,
               first_fill_on: date | None = None) -> SupplySchedule:
    """The first fill and up to ``refills`` refills, each covering ``days_per_fill`` days
    from ``first_fill_on`` (default: the plan's start).

    ``days_per_fill`` and ``refills`` are the prescription's (a clinic choice, no
    clinical default). Fills stop early if the plan stops. Raises
    :class:`SupplyError` if a dose cannot be made exactly from ``form``.
    """
    if days_per_fill < 1:
        raise SupplyError("a fill must cover at least 1 day")
    if refills < 0:
        raise SupplyError("the number of refills cannot be negative")
    start = first_fill_on or plan.start
    fills = []
    for number in range(refills + 1):
        first = start + timedelta(days=number * days_per_fill)
        fill = _fill(plan, form, number, first, first + timedelta(days=days_per_fill - 1))
        if fill is None:
            break
        fills.append(fill)
    return SupplySchedule(plan.version, form, days_per_fill, tuple(fills))
