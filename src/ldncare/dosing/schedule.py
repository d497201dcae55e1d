"""The daily schedule: a plan expanded into one dose event per day.

Reminders, the patient's schedule page, charts, the iCalendar feed and the
PK simulator all read doses from here, so they agree with the plan exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ldncare.dosing.errors import DosingError
from ldncare.dosing.plan import TimeOfDay, TitrationPlan
from ldncare.units import Dose, canonical_dose


@dataclass(frozen=True)
class DoseEvent:
    """One dose to take on ``day`` at ``time_of_day``; ``step_number`` counts from 1."""

    day: date
    dose: Dose
    time_of_day: TimeOfDay
    step_number: int

    def as_dict(self) -> dict[str, Any]:
        return {"day": self.day.isoformat(), "dose_mg": canonical_dose(self.dose),
                "time_of_day": self.time_of_day.value, "step_number": self.step_number}


def dose_events(plan: TitrationPlan, first: date, last: date, *,
                include_pauses: bool = False) -> Iterator[DoseEvent]:
    """Yield one event per day from ``first`` to ``last`` (inclusive) on which the
    plan is in force, in date order. Paused (0 mg) days are left out unless
    ``include_pauses``. Days before the start or after a stop have no event.
    """
    if last < first:
        raise DosingError(f"the schedule cannot end ({last}) before it begins ({first})")
    for number, step in enumerate(plan.steps, start=1):
        if step.is_pause and not include_pauses:
            continue
        day = max(first, step.start)
        until = last if step.end is None else min(last, step.end)
        while day <= until:
            yield DoseEvent(day, step.dose, step.time_of_day, number)
            if day == until:  # date.max + 1 day would overflow
                break
            day += timedelta(days=1)
