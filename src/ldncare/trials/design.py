"""The design of a blinded n-of-1 trial: two arms compared in randomised pairs
of periods, every period with a run-in that is recorded but not analysed.

A design is a value: the same arms, pairs, period length, start and seed give
the same schedule, so a stored seed reproduces the allocation. The order inside
each pair is random; the pairs follow one another without a gap.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from ldncare.trials.errors import TrialError
from ldncare.units import Dose, DoseError

ACTIVE, COMPARATOR = "active", "comparator"
#: Bounds that keep a trial a trial of one patient on a daily medicine.
MAX_PAIRS = 10
MAX_PERIOD_DAYS = 56
MIN_ANALYSED_DAYS = 3


@dataclass(frozen=True)
class Period:
    """One period: which pair it belongs to, its place in the trial (1-based),
    the arm and dose taken, its first and last day (inclusive), and the run-in
    days at its start that are recorded but not analysed."""

    pair: int
    period: int
    arm: str
    dose_mg: Decimal
    start: date
    end: date
    run_in_days: int

    @property
    def analysed_from(self) -> date:
        return self.start + timedelta(days=self.run_in_days)

    def as_dict(self) -> dict[str, Any]:
        return {"pair": self.pair, "period": self.period, "arm": self.arm,
                "dose_mg": format(self.dose_mg.normalize(), "f"),
                "start": self.start.isoformat(), "end": self.end.isoformat(),
                "run_in_days": self.run_in_days}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Period:
        """A period as :meth:`as_dict` printed it; a clear :class:`TrialError` otherwise."""
        try:
            period = cls(int(data["pair"]), int(data["period"]), str(data["arm"]),
                         Decimal(str(data["dose_mg"])), date.fromisoformat(data["start"]),
                         date.fromisoformat(data["end"]), int(data.get("run_in_days", 0)))
        except (KeyError, TypeError, ValueError, InvalidOperation) as error:
            raise TrialError(f"a period must have pair, period, arm, dose_mg, start and end "
                             f"as the design prints them ({error})") from None
        if period.arm not in (ACTIVE, COMPARATOR):
            raise TrialError(f"a period's arm is 'active' or 'comparator', not {period.arm!r}")
        if period.end < period.start or period.run_in_days < 0:
            raise TrialError(f"period {period.period} ends before it starts")
        return period


@dataclass(frozen=True)
class TrialDesign:
    """The whole schedule and what produced it."""

    active_mg: Decimal
    comparator_mg: Decimal
    pairs: int
    period_days: int
    run_in_days: int
    start: date
    seed: int
    periods: tuple[Period, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"arms": {ACTIVE: format(self.active_mg.normalize(), "f"),
                         COMPARATOR: format(self.comparator_mg.normalize(), "f")},
                "pairs": self.pairs, "period_days": self.period_days,
                "run_in_days": self.run_in_days, "start": self.start.isoformat(),
                "end": self.periods[-1].end.isoformat(), "seed": self.seed,
                "periods": [p.as_dict() for p in self.periods]}


def parse_arms(text: str, maximum_mg: Decimal | None = None) -> tuple[Decimal, Decimal]:
    """``"4.5,0"`` → (active 4.5 mg, comparator 0 mg = placebo): two different
    doses from 0 to ``maximum_mg`` (default: the dosing library's hard maximum)."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise TrialError(f"arms are two doses in mg, active first: e.g. 4.5,0 (got {text!r})")
    try:
        active, comparator = (Dose(part).mg for part in parts)
    except DoseError as error:
        raise TrialError(f"arms: {error}") from None
    ceiling = maximum_mg if maximum_mg is not None else _hard_maximum()
    if max(active, comparator) > ceiling:
        raise TrialError(f"arms: {max(active, comparator).normalize()} mg is above the hard "
                         f"maximum of {ceiling.normalize()} mg for low-dose naltrexone")
    if active == comparator:
        raise TrialError("the two arms must differ: compare a dose with placebo (0) or "
                         "with another dose")
    return active, comparator


def design_trial(active_mg: Decimal, comparator_mg: Decimal, *, pairs: int, period_days: int,
                 run_in_days: int, start: date, seed: int) -> TrialDesign:
    """The randomised schedule: ``pairs`` pairs of ``period_days``-day periods
    from ``start``, the order of the two arms drawn for each pair from ``seed``.

    Raises :class:`TrialError` for a design that cannot be analysed (fewer than
    2 pairs, a run-in that leaves under 3 analysed days, and so on).
    """
    _check_design(pairs, period_days, run_in_days)
    draw = random.Random(seed)
    periods: list[Period] = []
    day = start
    for pair in range(1, pairs + 1):
        order = [ACTIVE, COMPARATOR]
        draw.shuffle(order)
        for arm in order:
            end = day + timedelta(days=period_days - 1)
            dose = active_mg if arm == ACTIVE else comparator_mg
            periods.append(Period(pair, len(periods) + 1, arm, dose, day, end, run_in_days))
            day = end + timedelta(days=1)
    return TrialDesign(active_mg, comparator_mg, pairs, period_days, run_in_days, start, seed,
                       tuple(periods))


def _hard_maximum() -> Decimal:
    from ldncare.dosing import DosingLimits  # the one source of the hard maximum

    return DosingLimits().hard_maximum.mg


def _check_design(pairs: int, period_days: int, run_in_days: int) -> None:
    if not 2 <= pairs <= MAX_PAIRS:
        raise TrialError(f"pairs must be from 2 to {MAX_PAIRS} (got {pairs}): one pair cannot "
                         "tell a treatment effect from a change over time")
    if not 1 <= period_days <= MAX_PERIOD_DAYS:
        raise TrialError(f"a period lasts 1 to {MAX_PERIOD_DAYS} days (got {period_days})")
    if run_in_days < 0 or period_days - run_in_days < MIN_ANALYSED_DAYS:
        raise TrialError(f"a run-in of {run_in_days} days leaves fewer than "
                         f"{MIN_ANALYSED_DAYS} analysed days in a {period_days}-day period")
