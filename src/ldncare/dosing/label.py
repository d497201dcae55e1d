"""The dose a patient label states for one batch of a fill.

A fill of a titration plan may span more than one step, and a batch holds one
capsule strength (or one liquid concentration), so the label cannot simply
print "the dose". The rule:

* the label states the dose of the *first* dosing step in force during the
  fill that this batch can give: for a liquid, any step (the patient measures
  the volume); for capsules, a step whose dose is a whole number of these
  capsules (a 1.5 mg capsule gives 1.5, 3 or 4.5 mg, never 2 mg);
* pause (0 mg) steps and steps wholly outside the fill are skipped;
* the time is that step's (at bedtime / in the morning);
* with no plan or fill to read, the label states the batch's strength "as
  directed by your prescriber"; when no step fits, the strength "as your
  titration schedule says" (the schedule card goes with the medicine).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ldncare.dosing.errors import DosingError
from ldncare.dosing.plan import TimeOfDay, TitrationPlan
from ldncare.units import Dose

#: The words a label uses for each time of day.
WHEN = {TimeOfDay.BEDTIME: "at bedtime", TimeOfDay.MORNING: "in the morning"}
AS_DIRECTED = "as directed by your prescriber"
AS_SCHEDULED = "as your titration schedule says"


@dataclass(frozen=True)
class LabelDose:
    """What the label says to take (``dose`` mg) and when (``when``, in words)."""

    dose: Decimal
    when: str


def label_dose(plan: TitrationPlan | None, covers: tuple[date, date] | None,
               strength: Dose | Decimal | str, *, liquid: bool) -> LabelDose:
    """The label dose of a batch of ``strength`` (mg per capsule, or mg/mL for a
    ``liquid``) for the fill that ``covers`` (first day, last day) of ``plan``.
    See the module docstring for the rule."""
    mg = strength.mg if isinstance(strength, Dose) else Dose(strength).mg
    if mg == 0:
        raise DosingError("a batch strength must be more than 0 mg")
    if plan is None or covers is None:
        return LabelDose(mg, AS_DIRECTED)
    first, last = covers
    for step in plan.steps:
        in_fill = (step.end is None or step.end >= first) and step.start <= last
        if step.is_pause or not in_fill:
            continue
        if liquid or step.dose.mg % mg == 0:
            return LabelDose(step.dose.mg, WHEN.get(step.time_of_day, WHEN[TimeOfDay.BEDTIME]))
    return LabelDose(mg, AS_SCHEDULED)
