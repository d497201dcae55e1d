"""The titration protocol library, the clinic's dosing limits and dosing times.

Protocols are data (``data/dosing.yaml``), validated with pydantic when loaded.
A clinic adds its own protocols as plain dicts, checked by
:func:`validate_protocol`; a bad one raises :class:`ProtocolError` naming the
field. Every protocol carries its references, and the library carries a
``version`` that stored plans record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ldncare.datafile import load_yaml
from ldncare.dosing.errors import ProtocolError, UnknownProtocol
from ldncare.units import Dose, DoseError, canonical_dose

DATA_FILE = Path(__file__).parent / "data" / "dosing.yaml"

#: A titration longer than this is almost certainly a typo (a 0.001 mg step to 10 mg).
MAX_TITRATION_STEPS = 100
#: The longest interval between titration steps (a year).
MAX_INTERVAL_DAYS = 365


# ---------------------------------------------------------------- data models


def _exact_mg(value: Any) -> Decimal:
    """Read a dose field as an exact Decimal; floats are refused, as in units.Dose."""
    if isinstance(value, float):
        raise ValueError("write doses as strings (\"1.5\"), not floating-point numbers")
    try:
        return Dose(value).mg
    except DoseError as error:
        raise ValueError(str(error)) from None


class LabCheckModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    after: str = Field(pattern="^(start|maintenance)$")
    from_day: int = Field(ge=0, le=365)
    to_day: int = Field(ge=0, le=365)
    panel: tuple[str, ...] = Field(min_length=1)
    optional_panel: tuple[str, ...] = ()
    why: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @model_validator(mode="after")
    def _window_in_order(self) -> LabCheckModel:
        if self.to_day < self.from_day:
            raise ValueError("to_day must not be before from_day")
        return self


class ProtocolModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    title: str = Field(min_length=1)
    custom: bool = False
    start_mg: Decimal | None = None
    step_mg: Decimal | None = None
    interval_days: int | None = Field(default=None, ge=1, le=MAX_INTERVAL_DAYS)
    target_mg: Decimal | None = None
    summary: str = ""
    references: tuple[str, ...] = Field(min_length=1)
    notes: str = ""
    lab_checks: tuple[LabCheckModel, ...] = ()

    @field_validator("start_mg", "step_mg", "target_mg", mode="before")
    @classmethod
    def _doses_are_exact(cls, value: Any) -> Decimal | None:
        return None if value is None else _exact_mg(value)

    @model_validator(mode="after")
    def _ladder_is_complete(self) -> ProtocolModel:
        numbers = (self.start_mg, self.step_mg, self.interval_days, self.target_mg)
        if self.custom:
            if any(n is not None for n in numbers):
                raise ValueError("a custom protocol takes its numbers from the prescriber; "
                                 "leave start_mg, step_mg, interval_days and target_mg out")
            return self
        if any(n is None for n in numbers):
            raise ValueError("start_mg, step_mg, interval_days and target_mg are all required")
        check_ladder(self.start_mg, self.step_mg, self.interval_days, self.target_mg)  # type: ignore[arg-type]
        return self


class LimitsModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    clinic_ceiling_mg: Decimal
    clinic_ceiling_source: str = Field(min_length=1)
    smallest_increment_mg: Decimal = Field(gt=0)
    smallest_increment_source: str = Field(min_length=1)
    hard_maximum_mg: Decimal
    hard_maximum_source: str = Field(min_length=1)

    @field_validator("clinic_ceiling_mg", "hard_maximum_mg", "smallest_increment_mg", mode="before")
    @classmethod
    def _doses_are_exact(cls, value: Any) -> Decimal:
        return _exact_mg(value)


class TimingModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    bedtime: time
    bedtime_source: str = Field(min_length=1)
    morning: time
    morning_source: str = Field(min_length=1)


class LibraryModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(min_length=1)
    limits: LimitsModel
    timing: TimingModel
    default_protocol: str
    protocols: tuple[ProtocolModel, ...] = Field(min_length=1)


# ---------------------------------------------------------------- values


def check_ladder(start_mg: Decimal, step_mg: Decimal, interval_days: int,
                 target_mg: Decimal) -> None:
    """Raise ValueError (as :class:`ProtocolError`) if the ladder cannot be climbed.

    A start of zero is refused (a plan starts with a dose); a zero step is only
    allowed when start equals target (a single maintenance step).
    """
    if start_mg <= 0:
        raise ProtocolError("the start dose must be more than 0 mg")
    if target_mg < start_mg:
        raise ProtocolError(f"the target ({target_mg} mg) is below the start dose ({start_mg} mg); "
                            "a titration climbs to its target")
    if step_mg <= 0 and target_mg != start_mg:
        raise ProtocolError("the step must be more than 0 mg when the target is above the start")
    if not 1 <= interval_days <= MAX_INTERVAL_DAYS:
        raise ProtocolError(f"the interval between steps must be 1 to {MAX_INTERVAL_DAYS} days")
    if step_mg > 0 and (target_mg - start_mg) / step_mg >= MAX_TITRATION_STEPS:
        raise ProtocolError(f"this ladder needs more than {MAX_TITRATION_STEPS} steps; "
                            "use a larger step or a lower target")


@dataclass(frozen=True)
class LabCheckRule:
    """A prompt to order labs ``from_day``..``to_day`` days after an anchor event."""

    after: str  # "start" | "maintenance"
    from_day: int
    to_day: int
    panel: tuple[str, ...]
    optional_panel: tuple[str, ...]
    why: str
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {"after": self.after, "from_day": self.from_day, "to_day": self.to_day,
                "panel": list(self.panel), "optional_panel": list(self.optional_panel),
                "why": self.why, "source": self.source}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LabCheckRule:
        model = LabCheckModel.model_validate(data)
        return cls(**model.model_dump())


@dataclass(frozen=True)
class Protocol:
    """A titration ladder: ``start`` mg, ``+step`` mg every ``interval_days``, up to ``target``.

    ``custom`` protocols have no numbers; :func:`custom_protocol` makes a filled
    one from the prescriber's own numbers.
    """

    name: str
    title: str
    start: Dose | None
    step: Dose | None
    interval_days: int | None
    target: Dose | None
    references: tuple[str, ...]
    summary: str = ""
    notes: str = ""
    custom: bool = False
    lab_checks: tuple[LabCheckRule, ...] = ()

    @property
    def is_template(self) -> bool:
        """True for the library's ``custom`` entry, which needs numbers before use."""
        return self.start is None

    def as_dict(self) -> dict[str, Any]:
        def mg(dose: Dose | None) -> str | None:
            return None if dose is None else canonical_dose(dose)
        return {"name": self.name, "title": self.title, "custom": self.custom,
                "start_mg": mg(self.start), "step_mg": mg(self.step),
                "interval_days": self.interval_days, "target_mg": mg(self.target),
                "summary": self.summary, "notes": self.notes,
                "references": list(self.references),
                "lab_checks": [rule.as_dict() for rule in self.lab_checks]}


def _protocol_from_model(model: ProtocolModel) -> Protocol:
    def dose(value: Decimal | None) -> Dose | None:
        return None if value is None else Dose(value)
    return Protocol(
        name=model.name, title=model.title, start=dose(model.start_mg), step=dose(model.step_mg),
        interval_days=model.interval_days, target=dose(model.target_mg),
        references=model.references, summary=model.summary, notes=model.notes,
        custom=model.custom,
        lab_checks=tuple(LabCheckRule(**rule.model_dump()) for rule in model.lab_checks),
    )


def _explain(error: ValidationError) -> str:
    """One line per problem, naming the field, for a clinic admin to fix."""
    parts = []
    for problem in error.errors():
        where = ".".join(str(p) for p in problem["loc"]) or "protocol"
        parts.append(f"{where}: {problem['msg'].removeprefix('Value error, ')}")
    return "; ".join(parts)


def validate_protocol(data: Mapping[str, Any]) -> Protocol:
    """Check a clinic-defined protocol (a dict as in ``dosing.yaml``) and return it.

    Raises :class:`ProtocolError` with every problem found, each naming its field.
    References are required: a clinic protocol must say where it comes from
    (its own policy is an acceptable source, if written down).
    """
    try:
        return _protocol_from_model(ProtocolModel.model_validate(dict(data)))
    except ValidationError as error:
        raise ProtocolError(f"protocol {data.get('name', '?')!r} is not valid: {_explain(error)}") from None


def custom_protocol(start: Dose, step: Dose, every_days: int, target: Dose,
                    *, references: tuple[str, ...] = ("prescriber's own schedule",)) -> Protocol:
    """A ``custom`` protocol from the prescriber's numbers (checked as any ladder)."""
    check_ladder(start.mg, step.mg, every_days, target.mg)
    return Protocol(name="custom", title=f"Custom: {start}, +{step} every {every_days} days, to {target}",
                    start=start, step=step, interval_days=every_days, target=target,
                    references=references, custom=True)


# Defined above DosingLimits: mypy types a class body's default factories in order.
class _Loaded:
    def __init__(self, model: LibraryModel) -> None:
        self.model = model

    def limits_ceiling(self) -> Dose:
        return Dose(self.model.limits.clinic_ceiling_mg)

    def limits_hard_maximum(self) -> Dose:
        return Dose(self.model.limits.hard_maximum_mg)

    def limits_increment(self) -> Dose:
        return Dose(self.model.limits.smallest_increment_mg)


@lru_cache(maxsize=1)
def _library_model() -> _Loaded:
    raw = load_yaml(DATA_FILE.read_text(encoding="utf-8"))
    try:
        return _Loaded(LibraryModel.model_validate(raw))
    except ValidationError as error:
        raise ProtocolError(f"{DATA_FILE.name} is not valid: {_explain(error)}") from None


@dataclass(frozen=True)
class DosingLimits:
    """The clinic ceiling (passable with a recorded reason), the hard maximum
    (never), and the smallest dose increment a new plan's doses are multiples of.

    Defaults come from ``dosing.yaml``: 4.5 mg, 10 mg and 0.25 mg.
    """

    clinic_ceiling: Dose = field(default_factory=lambda: _library_model().limits_ceiling())
    hard_maximum: Dose = field(default_factory=lambda: _library_model().limits_hard_maximum())
    clinic_ceiling_source: str = field(
        default_factory=lambda: _library_model().model.limits.clinic_ceiling_source)
    hard_maximum_source: str = field(
        default_factory=lambda: _library_model().model.limits.hard_maximum_source)
    smallest_increment: Dose = field(default_factory=lambda: _library_model().limits_increment())
    smallest_increment_source: str = field(
        default_factory=lambda: _library_model().model.limits.smallest_increment_source)

    def __post_init__(self) -> None:
        if self.clinic_ceiling.mg > self.hard_maximum.mg:
            raise ProtocolError(f"the clinic ceiling ({self.clinic_ceiling}) cannot be above "
                                f"the hard maximum ({self.hard_maximum})")
        if self.clinic_ceiling.mg <= 0:
            raise ProtocolError("the clinic ceiling must be more than 0 mg")
        if self.smallest_increment.mg <= 0:
            raise ProtocolError("the smallest dose increment must be more than 0 mg")

    def as_dict(self) -> dict[str, Any]:
        return {"clinic_ceiling_mg": canonical_dose(self.clinic_ceiling),
                "hard_maximum_mg": canonical_dose(self.hard_maximum),
                "clinic_ceiling_source": self.clinic_ceiling_source,
                "hard_maximum_source": self.hard_maximum_source,
                "smallest_increment_mg": canonical_dose(self.smallest_increment),
                "smallest_increment_source": self.smallest_increment_source}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DosingLimits:
        # Plans stored before the increment existed take today's default: it
        # only checks new plans, never the doses of a stored one.
        increment = data.get("smallest_increment_mg")
        return cls(clinic_ceiling=Dose(data["clinic_ceiling_mg"]),
                   hard_maximum=Dose(data["hard_maximum_mg"]),
                   clinic_ceiling_source=data.get("clinic_ceiling_source", ""),
                   hard_maximum_source=data.get("hard_maximum_source", ""),
                   **({} if increment is None else {
                       "smallest_increment": Dose(increment),
                       "smallest_increment_source": data.get("smallest_increment_source", "")}))


@dataclass(frozen=True)
class DosingTimes:
    """Default clock times for bedtime and morning doses, each with its source."""

    bedtime: time
    morning: time
    bedtime_source: str
    morning_source: str


@dataclass(frozen=True)
class ProtocolLibrary:
    """The protocols a clinic can choose from, by name, with the data version."""

    version: str
    protocols: Mapping[str, Protocol]
    default_protocol: str

    def get(self, name: str) -> Protocol:
        """The protocol called ``name``; :class:`UnknownProtocol` lists the choices."""
        try:
            return self.protocols[name]
        except KeyError:
            choices = ", ".join(sorted(self.protocols))
            raise UnknownProtocol(f"no protocol called {name!r}; choose one of: {choices}") from None

    def names(self) -> tuple[str, ...]:
        return tuple(self.protocols)

    def with_clinic_protocols(self, definitions: Iterable[Mapping[str, Any]],
                              default_protocol: str | None = None) -> ProtocolLibrary:
        """A new library with the clinic's own protocols added (a clinic name may
        replace a library one) and, optionally, the clinic's default chosen.

        The version becomes ``<library version>+clinic`` so stored plans show that
        clinic content was in play.
        """
        protocols = dict(self.protocols)
        for definition in definitions:
            protocol = validate_protocol(definition)
            protocols[protocol.name] = protocol
        library = ProtocolLibrary(f"{self.version}+clinic", protocols,
                                  default_protocol or self.default_protocol)
        library.get(library.default_protocol)
        return library


def load_library() -> ProtocolLibrary:
    """The built-in protocol library from ``data/dosing.yaml``."""
    model = _library_model().model
    protocols = {p.name: _protocol_from_model(p) for p in model.protocols}
    library = ProtocolLibrary(model.version, protocols, model.default_protocol)
    library.get(model.default_protocol)
    return library


def data_version() -> str:
    """The version string of the dosing data file, for stored results."""
    return _library_model().model.version


def dosing_times() -> DosingTimes:
    """Default clock times for bedtime and morning doses, from the data file."""
    timing = _library_model().model.timing
    return DosingTimes(timing.bedtime, timing.morning, timing.bedtime_source, timing.morning_source)
