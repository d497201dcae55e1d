"""How much one simulation may ask for: shared by ``ldncare simulate`` and the
library's simulator API, so neither runs for minutes on a typing slip.

Sixty doses at most (two months of nightly doses: steady state is reached in
days) and six weeks of hours; the time step and dosing interval within what
the model and a person mean. A request outside them is refused naming the
field (CLI exit 2, API 422) before any array is built.
"""

from __future__ import annotations

import math

from ldncare.pharmacology.errors import PharmacologyError

#: The most doses one simulation takes (the web simulator's and the CLI's cap).
MAX_DOSES = 60
#: The longest simulated span in hours (six weeks).
MAX_HOURS = 1008.0
#: The dosing interval, hours: at least hourly, at most weekly.
INTERVAL_HOURS = (1.0, 168.0)
#: The time step, hours.
STEP_HOURS = (0.01, 24.0)
#: The most virtual patients the command line simulates (the API allows fewer).
MAX_POPULATION = 10_000
#: virtual patients x time points: the memory bound of one population run.
MAX_WORK = 10_000_000


class SimulationLimitError(PharmacologyError):
    """A simulation request beyond the shared limits; ``field`` names the input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def check_limits(*, doses: int, hours: float, step_h: float, interval_hours: float,
                 population: int = 0) -> int:
    """The number of time points for a request inside the limits, else
    :class:`SimulationLimitError` naming the first field outside them."""
    if not 1 <= doses <= MAX_DOSES:
        raise SimulationLimitError("doses", f"doses must be 1 to {MAX_DOSES}")
    low, high = INTERVAL_HOURS
    if not (math.isfinite(interval_hours) and low <= interval_hours <= high):
        raise SimulationLimitError("interval_hours", f"interval must be {low:g} to {high:g} hours")
    low, high = STEP_HOURS
    if not (math.isfinite(step_h) and low <= step_h <= high):
        raise SimulationLimitError("step_h", f"the time step must be {low:g} to {high:g} hours")
    if not (math.isfinite(hours) and 0 < hours <= MAX_HOURS):
        raise SimulationLimitError("hours", f"hours must be above 0 and at most {MAX_HOURS:g}")
    if not 0 <= population <= MAX_POPULATION:
        raise SimulationLimitError("population", f"population must be 0 to {MAX_POPULATION}")
    points = int(hours / step_h) + 1
    if population * points > MAX_WORK:
        raise SimulationLimitError("population", f"population x time points must be at most "
                                                 f"{MAX_WORK:,}; use fewer patients or a longer step")
    return points
