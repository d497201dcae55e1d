"""Titration plans: a list of dose steps, the last one maintenance, kept as versions.

A :class:`TitrationPlan` is a value. It never changes: every dose change
(:mod:`ldncare.dosing.changes`) returns a new plan with ``version + 1`` and a
:class:`PlanChange` saying who, when, why and what kind. The rules that make a
plan safe are checked whenever one is made, from :func:`build_plan`, from a
change or from :meth:`TitrationPlan.from_dict`:

* steps are contiguous: each starts the day after the previous one ends;
* only the last step may be open-ended (``end is None``: maintenance or a pause);
* no dose is above the hard maximum, ever;
* no dose is above the clinic ceiling unless an override reason is recorded.

Dates are calendar days in the patient's own time zone; ``end`` is the last day
of a step, inclusive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from ldncare.dosing.errors import (
    CeilingExceeded,
    DosingError,
    HardMaximumExceeded,
    OffIncrement,
    ProtocolError,
)
from ldncare.dosing.protocols import DosingLimits, LabCheckRule, Protocol, data_version
from ldncare.units import Dose, canonical_dose, format_mg

ONE_DAY = timedelta(days=1)


class TimeOfDay(StrEnum):
    BEDTIME = "bedtime"
    MORNING = "morning"


class PlanStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"


class ChangeKind(StrEnum):
    CREATED = "created"
    ADVANCED = "advanced"
    HELD = "held"
    STEPPED_BACK = "stepped_back"
    SWITCHED_TO_MORNING = "switched_to_morning"
    SWITCHED_TO_BEDTIME = "switched_to_bedtime"
    PAUSED = "paused"
    RESUMED = "resumed"
    STOPPED = "stopped"
    #: The whole plan moved to a later day 1 (the medicine arrived after the planned start).
    RESCHEDULED = "rescheduled"

    @property
    def label(self) -> str:
        """The clinic's words for this change: "Stepped back"."""
        return "Plan created" if self is ChangeKind.CREATED else self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class TitrationStep:
    """One dose taken every day from ``start`` to ``end`` (inclusive; None = open-ended).

    A dose of 0 mg is a pause step.
    """

    dose: Dose
    start: date
    end: date | None
    time_of_day: TimeOfDay = TimeOfDay.BEDTIME

    @property
    def is_open_ended(self) -> bool:
        return self.end is None

    @property
    def is_pause(self) -> bool:
        return self.dose.mg == 0

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def as_dict(self) -> dict[str, Any]:
        return {"dose_mg": canonical_dose(self.dose), "start": self.start.isoformat(),
                "end": None if self.end is None else self.end.isoformat(),
                "time_of_day": self.time_of_day.value}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TitrationStep:
        end = data.get("end")
        return cls(Dose(data["dose_mg"]), date.fromisoformat(data["start"]),
                   None if end is None else date.fromisoformat(end),
                   TimeOfDay(data.get("time_of_day", TimeOfDay.BEDTIME)))


@dataclass(frozen=True)
class PlanChange:
    """Who changed the plan, effective from which day, why, and what kind of change.

    ``recorded_at`` is when it was written down (timezone-aware), if known.
    """

    version: int
    kind: ChangeKind
    effective_on: date
    actor: str
    reason: str
    recorded_at: datetime | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"version": self.version, "kind": self.kind.value,
                "effective_on": self.effective_on.isoformat(), "actor": self.actor,
                "reason": self.reason,
                "recorded_at": None if self.recorded_at is None else self.recorded_at.isoformat()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlanChange:
        recorded = data.get("recorded_at")
        return cls(int(data["version"]), ChangeKind(data["kind"]),
                   date.fromisoformat(data["effective_on"]), data["actor"], data["reason"],
                   None if recorded is None else datetime.fromisoformat(recorded))


@dataclass(frozen=True)
class TitrationPlan:
    """A versioned titration plan. Build one with :func:`build_plan`; change it
    with the operations in :mod:`ldncare.dosing.changes`.

    ``step_size`` is the increment an ``advance`` adds once the ladder is climbed;
    ``limits`` and ``override_reason`` are kept so every later version is checked
    against the same ceiling and hard maximum.
    """

    version: int
    protocol: str
    steps: tuple[TitrationStep, ...]
    step_size: Dose
    interval_days: int
    limits: DosingLimits
    override_reason: str | None = None
    status: PlanStatus = PlanStatus.ACTIVE
    changes: tuple[PlanChange, ...] = ()
    data_version: str = field(default_factory=data_version)
    lab_checks: tuple[LabCheckRule, ...] = ()

    def __post_init__(self) -> None:
        check_plan(self)

    @property
    def start(self) -> date:
        return self.steps[0].start

    @property
    def target(self) -> Dose:
        """The highest dose the plan reaches (pause steps aside)."""
        return max((s.dose for s in self.steps if not s.is_pause), key=lambda d: d.mg)

    @property
    def maintenance(self) -> TitrationStep | None:
        """The open-ended dose step, or None when the plan is paused or stopped."""
        last = self.steps[-1]
        return last if last.is_open_ended and not last.is_pause else None

    @property
    def last_change(self) -> PlanChange | None:
        return self.changes[-1] if self.changes else None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: doses as canonical strings (``canonical_dose``), dates ISO. ``from_dict`` reverses it."""
        return {
            "version": self.version, "protocol": self.protocol, "status": self.status.value,
            "target_mg": canonical_dose(self.target), "step_size_mg": canonical_dose(self.step_size),
            "interval_days": self.interval_days, "override_reason": self.override_reason,
            "limits": self.limits.as_dict(), "data_version": self.data_version,
            "steps": [step.as_dict() for step in self.steps],
            "changes": [change.as_dict() for change in self.changes],
            "lab_checks": [rule.as_dict() for rule in self.lab_checks],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TitrationPlan:
        """Rebuild a stored plan; it is checked again, so a tampered row fails loudly."""
        try:
            return cls(
                version=int(data["version"]), protocol=data["protocol"],
                steps=tuple(TitrationStep.from_dict(s) for s in data["steps"]),
                step_size=Dose(data["step_size_mg"]), interval_days=int(data["interval_days"]),
                limits=DosingLimits.from_dict(data["limits"]),
                override_reason=data.get("override_reason"),
                status=PlanStatus(data.get("status", PlanStatus.ACTIVE)),
                changes=tuple(PlanChange.from_dict(c) for c in data.get("changes", ())),
                data_version=data["data_version"],
                lab_checks=tuple(LabCheckRule.from_dict(r) for r in data.get("lab_checks", ())),
            )
        except KeyError as missing:
            raise DosingError(f"stored plan is missing the field {missing}") from None


# ---------------------------------------------------------------- the rules


def check_dose_limits(dose: Dose, limits: DosingLimits, override_reason: str | None) -> None:
    """Raise if ``dose`` passes the hard maximum, or the ceiling without a reason."""
    if dose.mg > limits.hard_maximum.mg:
        raise HardMaximumExceeded(
            f"{dose} is above the hard maximum of {limits.hard_maximum}, which no override can "
            f"pass ({limits.hard_maximum_source.split(':')[0]}); choose {limits.hard_maximum} or less")
    if dose.mg > limits.clinic_ceiling.mg and not (override_reason or "").strip():
        raise CeilingExceeded(
            f"{dose} is above the clinic ceiling of {limits.clinic_ceiling}; record an override "
            f"reason to prescribe above it, or choose {limits.clinic_ceiling} or less")


def check_increment(protocol: Protocol, limits: DosingLimits) -> None:
    """Refuse a ladder whose start, step or target is not a multiple of the
    clinic's smallest increment, naming the nearest ladder that is (each rounded
    to the nearest multiple, never to 0, the target never above the ceiling)."""
    unit = limits.smallest_increment.mg
    numbers = {"start": protocol.start, "step": protocol.step, "target": protocol.target}
    off = [f"{name} {dose}" for name, dose in numbers.items()
           if dose is not None and dose.mg % unit]
    if not off:
        return
    nearest = tuple(None if dose is None else _nearest_multiple(dose.mg, unit, limits, name)
                    for name, dose in numbers.items())
    shown = ", ".join(f"{name} {format_mg(mg)} mg" for name, mg in zip(numbers, nearest,
                                                                       strict=True) if mg)
    raise OffIncrement(f"{' and '.join(off)} is not a multiple of the clinic's smallest dose "
                       f"increment of {limits.smallest_increment}; the nearest plan that is: "
                       f"{shown}", nearest)


def _nearest_multiple(mg: Decimal, unit: Decimal, limits: DosingLimits, name: str) -> Decimal:
    multiple = max((mg / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP), Decimal(1)) * unit
    if name == "target" and multiple > max(mg, limits.clinic_ceiling.mg):
        multiple -= unit  # rounding never lifts a target over the ceiling
    return multiple


def check_plan(plan: TitrationPlan) -> None:
    """Every rule a plan must keep (see the module docstring)."""
    steps = plan.steps
    if plan.version < 1:
        raise DosingError("a plan version starts at 1")
    if not steps:
        raise DosingError("a plan needs at least one step")
    for earlier, later in zip(steps, steps[1:], strict=False):
        if earlier.end is None:
            raise DosingError("only the last step may be open-ended")
        if later.start != earlier.end + ONE_DAY:
            raise DosingError(f"steps must be contiguous: one ends {earlier.end}, "
                              f"the next starts {later.start}")
    for step in steps:
        if step.end is not None and step.end < step.start:
            raise DosingError(f"a step cannot end ({step.end}) before it starts ({step.start})")
        check_dose_limits(step.dose, plan.limits, plan.override_reason)
    if all(step.is_pause for step in steps):
        raise DosingError("a plan needs at least one step with a dose")
    _check_status(plan)


def _check_status(plan: TitrationPlan) -> None:
    last = plan.steps[-1]
    if plan.status is PlanStatus.STOPPED and last.end is None:
        raise DosingError("a stopped plan must end on its last step's end date")
    if plan.status is not PlanStatus.STOPPED and last.end is not None:
        raise DosingError("an active or paused plan ends with an open-ended step")
    if plan.status is PlanStatus.PAUSED and not last.is_pause:
        raise DosingError("a paused plan ends with an open-ended 0 mg step")
    if plan.status is PlanStatus.ACTIVE and last.is_pause:
        raise DosingError("an active plan cannot end with a 0 mg step; mark it paused")


# ---------------------------------------------------------------- building


def titration_doses(protocol: Protocol) -> tuple[Dose, ...]:
    """The doses of the ladder, start to target; the last step is capped at the target."""
    if protocol.is_template:
        raise ProtocolError(f"protocol {protocol.name!r} needs start dose, step, interval and "
                            "target; use custom_protocol(...) with the prescriber's numbers")
    assert protocol.start and protocol.step is not None and protocol.target  # for type checkers
    doses = [protocol.start]
    while doses[-1].mg < protocol.target.mg:
        doses.append(Dose(min(doses[-1].mg + protocol.step.mg, protocol.target.mg)))
    return tuple(doses)


def build_plan(protocol: Protocol, start: date, *, limits: DosingLimits | None = None,
               override_reason: str | None = None,
               time_of_day: TimeOfDay | str = TimeOfDay.BEDTIME,
               actor: str = "prescriber", reason: str = "",
               recorded_at: datetime | None = None,
               library_version: str | None = None) -> TitrationPlan:
    """Version 1 of a plan that climbs ``protocol``'s ladder from ``start``.

    Each step lasts ``interval_days``; the last (the target) is maintenance.
    Raises :class:`HardMaximumExceeded` if the target is above the hard maximum
    (whatever the reason), :class:`CeilingExceeded` if it is above the clinic
    ceiling and ``override_reason`` is blank. ``library_version`` is the version
    of the library the protocol came from (defaults to the built-in data version).
    """
    limits = limits or DosingLimits()
    time_of_day = TimeOfDay(time_of_day)
    check_increment(protocol, limits)
    doses = titration_doses(protocol)
    for dose in (protocol.target, *doses):
        check_dose_limits(dose, limits, override_reason)  # type: ignore[arg-type]
    interval = timedelta(days=protocol.interval_days or 1)
    steps = []
    for index, dose in enumerate(doses):
        begins = start + index * interval
        ends = None if index == len(doses) - 1 else begins + interval - ONE_DAY
        steps.append(TitrationStep(dose, begins, ends, time_of_day))
    _check_aware(recorded_at)
    created = PlanChange(1, ChangeKind.CREATED, start, actor,
                         reason or f"started on protocol {protocol.name}", recorded_at)
    return TitrationPlan(
        version=1, protocol=protocol.name, steps=tuple(steps),
        step_size=protocol.step or Dose(0), interval_days=protocol.interval_days or 1,
        limits=limits, override_reason=(override_reason or "").strip() or None,
        changes=(created,), data_version=library_version or data_version(),
        lab_checks=protocol.lab_checks,
    )


def _check_aware(moment: datetime | None) -> None:
    if moment is not None and moment.utcoffset() is None:
        raise DosingError("recorded_at must be timezone-aware (e.g. datetime.now(UTC))")


# ---------------------------------------------------------------- reading


def current_step(plan: TitrationPlan, day: date) -> TitrationStep | None:
    """The step in force on ``day``; None before the start or after a stop."""
    for step in plan.steps:
        if step.covers(day):
            return step
    return None


def dose_on(plan: TitrationPlan, day: date) -> Dose | None:
    """The dose to take on ``day`` (0 mg while paused); None when no plan is in force."""
    step = current_step(plan, day)
    return None if step is None else step.dose


def next_change(plan: TitrationPlan, day: date) -> TitrationStep | None:
    """The first step that starts after ``day`` (its date and dose); None if none is planned."""
    for step in plan.steps:
        if step.start > day:
            return step
    return None


def with_steps(plan: TitrationPlan, steps: tuple[TitrationStep, ...], change: PlanChange,
               **fields: Any) -> TitrationPlan:
    """The next version of ``plan`` with new ``steps`` and ``change`` appended."""
    return replace(plan, version=plan.version + 1, steps=steps,
                   changes=(*plan.changes, change), **fields)
