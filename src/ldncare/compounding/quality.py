"""Weight checks that gate release, and the two-person release decision.

Tolerances come from ``data/reference.yaml`` (USP <795>, with its sources): each
unit within ±10% of its theoretical weight; an average check (±3%, a supplier
figure still to re-verify) only when the pharmacy turns it on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ldncare.compounding.common import HUNDRED, as_decimal, as_positive
from ldncare.compounding.errors import CompoundingError
from ldncare.compounding.reference import CompoundingReference, load_reference
from ldncare.compounding.serial import Stored
from ldncare.units import format_mg


@dataclass(frozen=True)
class WeightItem(Stored):
    """One weighed unit: its number (from 1), weight and whether it is within tolerance."""

    number: int
    actual_mg: Decimal
    percent_of_target: Decimal
    within: bool


@dataclass(frozen=True)
class WeightCheck(Stored):
    """Every unit against ``target_mg`` ± ``tolerance_percent``; ``passed`` gates release."""

    target_mg: Decimal
    tolerance_percent: Decimal
    low_mg: Decimal
    high_mg: Decimal
    items: tuple[WeightItem, ...]
    average_mg: Decimal
    average_tolerance_percent: Decimal | None
    average_within: bool | None
    passed: bool
    failures: tuple[str, ...]
    source: str


def check_weights(target_mg: Decimal | str, actual_mg: Sequence[Decimal | str], *,
                  tolerance_percent: Decimal | str | None = None,
                  average_tolerance_percent: Decimal | str | None = None,
                  reference: CompoundingReference | None = None) -> WeightCheck:
    """Pass or fail each weighed unit against ``target_mg``; any failure fails the batch.

    Bounds are inclusive. ``tolerance_percent`` defaults to the data (10%).
    ``average_tolerance_percent`` (off by default) also checks the mean.
    """
    reference = reference or load_reference()
    target = as_positive(target_mg, "target weight")
    tolerance = (reference.tolerances.individual_percent if tolerance_percent is None
                 else as_positive(tolerance_percent, "tolerance"))
    if not actual_mg:
        raise CompoundingError("record at least one actual weight")
    weights = [_weight(value, number) for number, value in enumerate(actual_mg, start=1)]
    low, high = target * (HUNDRED - tolerance) / HUNDRED, target * (HUNDRED + tolerance) / HUNDRED
    items = tuple(WeightItem(n, w, _percent(w, target), low <= w <= high)
                  for n, w in enumerate(weights, start=1))
    failures = [f"unit {i.number}: {format_mg(i.actual_mg)} mg is {i.percent_of_target}% of "
                f"{format_mg(target)} mg, outside {100 - tolerance}-{100 + tolerance}%"
                for i in items if not i.within]
    average = sum(weights, Decimal(0)) / len(weights)
    average_within = None
    average_tolerance = None
    if average_tolerance_percent is not None:
        average_tolerance = as_positive(average_tolerance_percent, "average tolerance")
        deviation = abs(average - target) * HUNDRED / target
        average_within = deviation <= average_tolerance
        if not average_within:
            failures.append(f"average {_show(average)} mg is {_percent(average, target)}% of "
                            f"{format_mg(target)} mg, outside ±{average_tolerance}%")
    source = " ".join(reference.tolerances.individual_source.split())
    return WeightCheck(target, tolerance, low, high, items, average, average_tolerance,
                       average_within, not failures, tuple(failures), source)


def _weight(value: Decimal | str, number: int) -> Decimal:
    weight = as_decimal(value, f"weight of unit {number}")
    if weight < 0:
        raise CompoundingError(f"weight of unit {number} cannot be negative ({weight} mg)")
    return weight


def _percent(actual: Decimal, target: Decimal) -> Decimal:
    return (actual * HUNDRED / target).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _show(number: Decimal) -> str:
    return format_mg(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class ReleaseDecision(Stored):
    """Whether a batch may be released, and every reason it may not."""

    may_release: bool
    prepared_by: str
    verified_by: str
    reasons: tuple[str, ...]


def release_decision(prepared_by: str, verified_by: str,
                     weight_check: WeightCheck | None) -> ReleaseDecision:
    """Two different people and a passed weight check, or no release.

    People are compared by their identifiers, ignoring case and surrounding
    space, so "Ana" cannot verify "ana "'s batch.
    """
    reasons = []
    if not prepared_by.strip() or not verified_by.strip():
        reasons.append("both the person who prepared and the pharmacist who verifies must be named")
    elif prepared_by.strip().casefold() == verified_by.strip().casefold():
        reasons.append("the verifying pharmacist must be a different person from the preparer")
    if weight_check is None:
        reasons.append("no weights were recorded")
    elif not weight_check.passed:
        reasons.extend(weight_check.failures)
    return ReleaseDecision(not reasons, prepared_by, verified_by, tuple(reasons))
