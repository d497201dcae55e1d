"""Dosing regimens: when each dose is taken and how much (mg naltrexone HCl).

A regimen is just an ordered tuple of :class:`DoseEvent`. Builders cover the
clinic's cases: one dose, a daily dose at a chosen clock time, a titration plan
mapped to (hours, dose) events, and a plan with some doses missed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ldncare.pharmacology.errors import RegimenError
from ldncare.units import Dose, to_base

#: Safety limit on the number of events, so a typo cannot ask for a million doses.
MAX_EVENTS = 10_000


@dataclass(frozen=True, order=True)
class DoseEvent:
    """A dose of ``dose`` (hydrochloride) taken ``time_h`` hours after the start."""

    time_h: float
    dose: Dose

    def __post_init__(self) -> None:
        if not isinstance(self.dose, Dose):
            raise RegimenError(f"dose must be a Dose, not {type(self.dose).__name__}")
        if not math.isfinite(self.time_h) or self.time_h < 0:
            raise RegimenError(f"a dose time must be zero or more hours after the start, not {self.time_h}")

    @property
    def base_mg(self) -> float:
        """Milligrams of naltrexone base: the model works in base."""
        return float(to_base(self.dose.mg))

    def as_dict(self) -> dict[str, str | float]:
        return {"time_h": self.time_h, "dose_mg": str(self.dose.mg)}

    @classmethod
    def from_dict(cls, data: dict[str, str | float]) -> DoseEvent:
        return cls(float(data["time_h"]), Dose(str(data["dose_mg"])))


@dataclass(frozen=True)
class Regimen:
    """Dose events in time order. Zero-mg events (a paused step) are kept but add nothing."""

    events: tuple[DoseEvent, ...]

    def __post_init__(self) -> None:
        if not self.events:
            raise RegimenError("a regimen needs at least one dose")
        if len(self.events) > MAX_EVENTS:
            raise RegimenError(f"a regimen may hold at most {MAX_EVENTS} doses, not {len(self.events)}")
        object.__setattr__(self, "events", tuple(sorted(self.events)))

    @property
    def last_dose_h(self) -> float:
        return self.events[-1].time_h

    @property
    def first_dose(self) -> Dose:
        return self.events[0].dose

    def as_dict(self) -> dict[str, list[dict[str, str | float]]]:
        return {"events": [event.as_dict() for event in self.events]}

    @classmethod
    def from_dict(cls, data: dict[str, list[dict[str, str | float]]]) -> Regimen:
        return cls(tuple(DoseEvent.from_dict(item) for item in data["events"]))


def _as_dose(value: Dose | Decimal | int | str) -> Dose:
    return value if isinstance(value, Dose) else Dose(value)


def single_dose(dose: Dose | Decimal | int | str, at_h: float = 0.0) -> Regimen:
    """One dose at ``at_h`` hours."""
    return Regimen((DoseEvent(at_h, _as_dose(dose)),))


def repeated_doses(
    dose: Dose | Decimal | int | str, count: int, interval_h: float = 24.0, first_at_h: float = 0.0
) -> Regimen:
    """``count`` equal doses every ``interval_h`` hours (daily at a chosen time: set ``first_at_h``)."""
    if count < 1:
        raise RegimenError(f"the number of doses must be at least 1, not {count}")
    if not math.isfinite(interval_h) or interval_h <= 0:
        raise RegimenError(f"the dosing interval must be more than 0 hours, not {interval_h}")
    amount = _as_dose(dose)
    return Regimen(tuple(DoseEvent(first_at_h + i * interval_h, amount) for i in range(count)))


def plan_regimen(events: Iterable[tuple[float, Dose | Decimal | int | str]]) -> Regimen:
    """A plan given as (hours after start, dose) pairs, e.g. a titration plan mapped to hours."""
    return Regimen(tuple(DoseEvent(float(time_h), _as_dose(dose)) for time_h, dose in events))


def with_missed_doses(regimen: Regimen, missed: Iterable[int]) -> Regimen:
    """The same regimen with the doses at the given 0-based positions not taken."""
    skipped = set(missed)
    bad = [i for i in skipped if not 0 <= i < len(regimen.events)]
    if bad:
        raise RegimenError(
            f"missed dose positions {sorted(bad)} are outside the plan (0 to {len(regimen.events) - 1})"
        )
    kept = tuple(event for i, event in enumerate(regimen.events) if i not in skipped)
    if not kept:
        raise RegimenError("every dose was marked missed; nothing is left to simulate")
    return Regimen(kept)
