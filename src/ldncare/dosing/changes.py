"""Dose changes: advance, hold, step back, morning dosing, pause, resume, stop;
and moving the whole plan to a later day 1 (``reschedule``).

Each operation takes ``(plan, on_date, actor, reason)`` and returns a NEW plan
(``version + 1``) with a :class:`PlanChange` appended; the plan passed in is
never touched, so the web layer stores every version as history. A change
takes effect on ``on_date`` (the patient's calendar day). A change cannot be
dated before the plan's start or before the previous change, so the history
reads in order. Anything that does not fit raises :class:`PlanChangeError`
with what to do instead; the safety rules of :mod:`ldncare.dosing.plan` are
checked again on every new version.

Clinical grounding (sources in ``data/dosing.yaml``): hold a step while side
effects settle (Kresser KB, tier C); go back to the lower dose if symptoms
worsen (LDN Research Trust UK pack, tier B); move the dose to the morning for
insomnia or vivid dreams (LDN Norge, tier C); hold around surgery or opioid
need (§2.5, LDN Research Trust, tier B).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from ldncare.dosing.errors import PlanChangeError
from ldncare.dosing.plan import (
    ONE_DAY,
    ChangeKind,
    PlanChange,
    PlanStatus,
    TimeOfDay,
    TitrationPlan,
    TitrationStep,
    _check_aware,
    check_dose_limits,
    current_step,
    with_steps,
)
from ldncare.units import Dose


def _change(plan: TitrationPlan, kind: ChangeKind, on_date: date, actor: str, reason: str,
            recorded_at: datetime | None) -> PlanChange:
    """Validate who/when/why and make the change record for the next version."""
    if not actor.strip():
        raise PlanChangeError("say who is making the change (actor)")
    if not reason.strip():
        raise PlanChangeError("say why the dose is changing (reason); it is kept in the history")
    if on_date < plan.start:
        raise PlanChangeError(f"{on_date} is before the plan starts ({plan.start})")
    last = plan.last_change
    if last is not None and on_date < last.effective_on:
        raise PlanChangeError(f"{on_date} is before the last change ({last.kind.value} on "
                              f"{last.effective_on}); changes are recorded in order")
    _check_aware(recorded_at)
    return PlanChange(plan.version + 1, kind, on_date, actor.strip(), reason.strip(), recorded_at)


def _require(plan: TitrationPlan, *allowed: PlanStatus, doing: str) -> None:
    if plan.status not in allowed:
        hint = {PlanStatus.PAUSED: "resume it first", PlanStatus.STOPPED: "start a new plan"}
        raise PlanChangeError(f"cannot {doing}: the plan is {plan.status.value}; "
                              f"{hint.get(plan.status, '')}".rstrip("; "))


def _steps_before(plan: TitrationPlan, on_date: date) -> tuple[TitrationStep, ...]:
    """The steps (or parts of steps) that lie before ``on_date``, the last cut to end the day before."""
    kept = []
    for step in plan.steps:
        if step.start >= on_date:
            break
        if step.end is None or step.end >= on_date:
            step = TitrationStep(step.dose, step.start, on_date - ONE_DAY, step.time_of_day)
        kept.append(step)
    return tuple(kept)


def _step_in_force(plan: TitrationPlan, on_date: date) -> TitrationStep:
    step = current_step(plan, on_date)
    if step is None:  # only possible on a stopped plan, which _require refuses first
        raise PlanChangeError(f"no step is in force on {on_date}")
    return step


def advance(plan: TitrationPlan, on_date: date, actor: str, reason: str, *,
            override_reason: str | None = None,
            recorded_at: datetime | None = None) -> TitrationPlan:
    """Move to the next dose on ``on_date``.

    During titration the rest of the ladder moves earlier with it (each later
    step keeps its length). At maintenance, the dose rises by the plan's step
    size and becomes the new maintenance dose; above the clinic ceiling that
    needs ``override_reason`` (or one already recorded on the plan), and the
    hard maximum is never passed.
    """
    _require(plan, PlanStatus.ACTIVE, doing="advance")
    change = _change(plan, ChangeKind.ADVANCED, on_date, actor, reason, recorded_at)
    current = _step_in_force(plan, on_date)
    later = [s for s in plan.steps if s.start > on_date]
    if later:
        shift = later[0].start - on_date
        moved = tuple(TitrationStep(s.dose, s.start - shift, None if s.end is None else s.end - shift,
                                    s.time_of_day) for s in later)
        return with_steps(plan, _steps_before(plan, on_date) + moved, change)
    if plan.step_size.mg == 0:
        raise PlanChangeError("this plan has no step size to advance by; build a new plan "
                              "with the dose you want")
    raised = current.dose + plan.step_size
    override = (override_reason or "").strip() or plan.override_reason
    check_dose_limits(raised, plan.limits, override)
    step = TitrationStep(raised, on_date, None, current.time_of_day)
    return with_steps(plan, (*_steps_before(plan, on_date), step), change,
                      override_reason=override)


def hold(plan: TitrationPlan, on_date: date, actor: str, reason: str, *,
         recorded_at: datetime | None = None) -> TitrationPlan:
    """Stay on the dose in force on ``on_date``: it becomes the maintenance dose
    and the rest of the ladder is dropped (``advance`` resumes climbing)."""
    _require(plan, PlanStatus.ACTIVE, doing="hold")
    change = _change(plan, ChangeKind.HELD, on_date, actor, reason, recorded_at)
    current = _step_in_force(plan, on_date)
    if current.is_open_ended:
        raise PlanChangeError(f"{current.dose} is already the maintenance dose; there is no "
                              "later step to hold back from")
    index = plan.steps.index(current)
    held = TitrationStep(current.dose, current.start, None, current.time_of_day)
    return with_steps(plan, (*plan.steps[:index], held), change)


def step_back(plan: TitrationPlan, on_date: date, actor: str, reason: str, *,
              recorded_at: datetime | None = None) -> TitrationPlan:
    """Go back to the previous lower dose from ``on_date`` and hold there.

    The previous dose is the last earlier step below the current one. At the
    first step there is nothing to go back to: pause, or build a plan with a
    lower start dose.
    """
    _require(plan, PlanStatus.ACTIVE, doing="step back")
    change = _change(plan, ChangeKind.STEPPED_BACK, on_date, actor, reason, recorded_at)
    current = _step_in_force(plan, on_date)
    index = plan.steps.index(current)
    lower = [s.dose for s in plan.steps[:index] if 0 < s.dose.mg < current.dose.mg]
    if not lower:
        raise PlanChangeError(f"{current.dose} is the lowest dose so far; there is no earlier "
                              "step to go back to (pause, or start a plan with a lower dose)")
    step = TitrationStep(lower[-1], on_date, None, current.time_of_day)
    return with_steps(plan, (*_steps_before(plan, on_date), step), change)


def _retime(plan: TitrationPlan, on_date: date, actor: str, reason: str, time_of_day: TimeOfDay,
            kind: ChangeKind, recorded_at: datetime | None) -> TitrationPlan:
    _require(plan, PlanStatus.ACTIVE, PlanStatus.PAUSED, doing=f"move doses to {time_of_day}")
    change = _change(plan, kind, on_date, actor, reason, recorded_at)
    current = _step_in_force(plan, on_date)
    later = [s for s in plan.steps if s.start >= on_date]
    if current.time_of_day is time_of_day and all(s.time_of_day is time_of_day for s in later):
        raise PlanChangeError(f"doses from {on_date} are already taken at {time_of_day}")
    moved = [TitrationStep(current.dose, on_date, current.end, time_of_day)]
    moved += [TitrationStep(s.dose, s.start, s.end, time_of_day) for s in later if s is not current]
    return with_steps(plan, _steps_before(plan, on_date) + tuple(moved), change)


def switch_to_morning(plan: TitrationPlan, on_date: date, actor: str, reason: str, *,
                      recorded_at: datetime | None = None) -> TitrationPlan:
    """Take every dose from ``on_date`` in the morning (e.g. for insomnia or vivid dreams)."""
    return _retime(plan, on_date, actor, reason, TimeOfDay.MORNING,
                   ChangeKind.SWITCHED_TO_MORNING, recorded_at)


def switch_to_bedtime(plan: TitrationPlan, on_date: date, actor: str, reason: str, *,
                      recorded_at: datetime | None = None) -> TitrationPlan:
    """Take every dose from ``on_date`` at bedtime again."""
    return _retime(plan, on_date, actor, reason, TimeOfDay.BEDTIME,
                   ChangeKind.SWITCHED_TO_BEDTIME, recorded_at)


def pause(plan: TitrationPlan, on_date: date, actor: str, reason: str, *,
          recorded_at: datetime | None = None) -> TitrationPlan:
    """No doses from ``on_date`` until :func:`resume` (e.g. surgery or opioid need).

    The pause is a 0 mg open-ended step; the rest of the ladder is dropped.
    """
    _require(plan, PlanStatus.ACTIVE, doing="pause")
    change = _change(plan, ChangeKind.PAUSED, on_date, actor, reason, recorded_at)
    if on_date <= plan.start:
        raise PlanChangeError(f"the plan starts on {plan.start}; to delay the first dose, "
                              "build the plan with a later start date")
    current = _step_in_force(plan, on_date)
    paused = TitrationStep(Dose(0), on_date, None, current.time_of_day)
    return with_steps(plan, (*_steps_before(plan, on_date), paused), change,
                      status=PlanStatus.PAUSED)


def resume(plan: TitrationPlan, on_date: date, actor: str, reason: str, *,
           recorded_at: datetime | None = None) -> TitrationPlan:
    """Restart a paused plan on ``on_date`` at the last dose taken before the pause,
    held as maintenance (``advance`` or ``step_back`` from there)."""
    _require(plan, PlanStatus.PAUSED, doing="resume")
    change = _change(plan, ChangeKind.RESUMED, on_date, actor, reason, recorded_at)
    last_dose = [s for s in plan.steps if not s.is_pause][-1]
    step = TitrationStep(last_dose.dose, on_date, None, plan.steps[-1].time_of_day)
    return with_steps(plan, (*_steps_before(plan, on_date), step), change,
                      status=PlanStatus.ACTIVE)


def stop(plan: TitrationPlan, on_date: date, actor: str, reason: str, *,
         recorded_at: datetime | None = None) -> TitrationPlan:
    """End the plan: the last dose is taken the day before ``on_date``."""
    _require(plan, PlanStatus.ACTIVE, PlanStatus.PAUSED, doing="stop")
    change = _change(plan, ChangeKind.STOPPED, on_date, actor, reason, recorded_at)
    if on_date <= plan.start:
        raise PlanChangeError(f"the plan starts on {plan.start}; to stop it before any dose, "
                              "cancel the prescription instead of stopping the plan")
    # A trailing pause stays in the steps: the record shows the patient was paused, then stopped.
    return with_steps(plan, _steps_before(plan, on_date), change, status=PlanStatus.STOPPED)


def reschedule(plan: TitrationPlan, first_day: date, actor: str, reason: str, *,
               recorded_at: datetime | None = None) -> TitrationPlan:
    """The same plan moved whole so that day 1 is ``first_day``: every step keeps
    its dose, length and order. Treatment starts when the medicine arrives, which
    is often later than the day the plan was written for.

    Only later: an earlier day 1 could undo a start the prescriber chose on
    purpose (after an opioid-free interval, say). The change is dated on the new
    day 1, even when an earlier change (made while the medicine was on its way)
    was dated later: that change moves with the steps. A stopped plan is not moved.
    """
    _require(plan, PlanStatus.ACTIVE, PlanStatus.PAUSED, doing="move the start")
    if first_day < plan.start:
        raise PlanChangeError(f"{first_day} is before the planned start ({plan.start}); "
                              "a plan's start is only ever moved later")
    if not actor.strip():
        raise PlanChangeError("say who is making the change (actor)")
    if not reason.strip():
        raise PlanChangeError("say why the start is moving (reason); it is kept in the history")
    _check_aware(recorded_at)
    shift = first_day - plan.start
    steps = tuple(replace(s, start=s.start + shift, end=None if s.end is None else s.end + shift)
                  for s in plan.steps)
    change = PlanChange(plan.version + 1, ChangeKind.RESCHEDULED, first_day, actor.strip(),
                        reason.strip(), recorded_at)
    return with_steps(plan, steps, change)
