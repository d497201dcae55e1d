"""Daily check-ins: the value a patient records in under 30 seconds.

A :class:`CheckIn` is one patient-day: whether (and when, and how much) the
dose was taken, 0-10 ratings for what the patient tracks, vivid dreams, a
side-effect checklist with severity, events the prescriber must see (a new
opioid, pregnancy) and a free note. Entries for past days are allowed and
flagged late. Editing never overwrites: :func:`revise_check_in` returns a new
revision that the caller stores beside the old one.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, field_validator

from ldncare.dateranges import check_in_window
from ldncare.journal._data import load_yaml
from ldncare.journal.errors import CheckInError
from ldncare.units import Dose, DoseError, format_mg

RATING_MIN = 0
RATING_MAX = 10
NOTE_MAX_CHARS = 2000


class Severity(StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


# --- the data file -------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RatingSpec(_Strict):
    code: str
    label: str
    question: str
    worse_when: Literal["high", "low"]
    source: str


class SideEffectSpec(_Strict):
    code: str
    label: str
    source: str
    sleep_related: bool = False
    red_flag: bool = False
    unverified: bool = False


class EventSpec(_Strict):
    code: str
    label: str
    source: str


class ConditionPreset(_Strict):
    code: str
    label: str
    ratings: tuple[str, ...]
    instruments: tuple[str, ...]
    source: str


class CheckInCatalogue(_Strict):
    """The validated content of ``data/checkin.yaml``."""

    version: str
    ratings: tuple[RatingSpec, ...]
    side_effects: tuple[SideEffectSpec, ...]
    events: tuple[EventSpec, ...]
    conditions: tuple[ConditionPreset, ...]

    @field_validator("conditions")
    @classmethod
    def _presets_name_known_ratings(cls, value: tuple[ConditionPreset, ...], info: Any):
        known = {r.code for r in info.data.get("ratings", ())}
        for preset in value:
            unknown = set(preset.ratings) - known
            if unknown:
                raise ValueError(f"condition {preset.code!r} names unknown ratings {sorted(unknown)}")
        return value

    @property
    def rating_codes(self) -> frozenset[str]:
        return frozenset(r.code for r in self.ratings)

    @property
    def side_effect_codes(self) -> frozenset[str]:
        return frozenset(s.code for s in self.side_effects)

    @property
    def event_codes(self) -> frozenset[str]:
        return frozenset(e.code for e in self.events)

    def side_effect(self, code: str) -> SideEffectSpec:
        return next(s for s in self.side_effects if s.code == code)

    def preset(self, condition: str) -> ConditionPreset:
        """The preset for ``condition``, or the default preset when none matches."""
        for preset in self.conditions:
            if preset.code == condition:
                return preset
        return next(p for p in self.conditions if p.code == "default")


@cache
def load_catalogue() -> CheckInCatalogue:
    """The check-in catalogue shipped with the package (cached)."""
    return load_yaml("checkin.yaml", CheckInCatalogue)


def tracked_ratings_for(condition: str, catalogue: CheckInCatalogue | None = None) -> tuple[str, ...]:
    """The ratings a new patient with ``condition`` tracks by default."""
    return (catalogue or load_catalogue()).preset(condition).ratings


# --- the values ----------------------------------------------------------------

@dataclass(frozen=True)
class DoseRecord:
    """Whether the dose was taken; amount and time default to the plan's."""

    taken: bool
    mg: Decimal | None = None
    at: time | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"taken": self.taken, "mg": None if self.mg is None else format_mg(self.mg),
                "at": None if self.at is None else self.at.isoformat(timespec="minutes")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DoseRecord:
        return cls(taken=bool(data["taken"]),
                   mg=None if data.get("mg") is None else Decimal(data["mg"]),
                   at=None if data.get("at") is None else time.fromisoformat(data["at"]))


@dataclass(frozen=True)
class SideEffectReport:
    code: str
    severity: Severity

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": str(self.severity)}


@dataclass(frozen=True)
class CheckIn:
    """One patient-day of the journal. Build it with :func:`record_check_in`.

    ``day`` is the patient's local calendar day the entry is about;
    ``recorded_at`` is when it was first entered (aware); ``late`` is True
    when it was entered after that day had ended in the patient's time zone.
    """

    day: date
    recorded_at: datetime
    dose: DoseRecord | None = None
    ratings: dict[str, int] = field(default_factory=dict)
    vivid_dreams: bool | None = None
    side_effects: tuple[SideEffectReport, ...] = ()
    events: frozenset[str] = frozenset()
    note: str = ""
    late: bool = False
    revision: int = 1
    revised_at: datetime | None = None

    def severity_of(self, side_effect: str) -> Severity | None:
        for report in self.side_effects:
            if report.code == side_effect:
                return report.severity
        return None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: Decimals as strings, dates and times ISO 8601."""
        return {
            "day": self.day.isoformat(),
            "recorded_at": self.recorded_at.isoformat(),
            "dose": None if self.dose is None else self.dose.as_dict(),
            "ratings": dict(sorted(self.ratings.items())),
            "vivid_dreams": self.vivid_dreams,
            "side_effects": [s.as_dict() for s in self.side_effects],
            "events": sorted(self.events),
            "note": self.note,
            "late": self.late,
            "revision": self.revision,
            "revised_at": None if self.revised_at is None else self.revised_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckIn:
        """Rebuild a stored check-in exactly as :meth:`as_dict` wrote it."""
        return cls(
            day=date.fromisoformat(data["day"]),
            recorded_at=datetime.fromisoformat(data["recorded_at"]),
            dose=None if data.get("dose") is None else DoseRecord.from_dict(data["dose"]),
            ratings={k: int(v) for k, v in data.get("ratings", {}).items()},
            vivid_dreams=data.get("vivid_dreams"),
            side_effects=tuple(SideEffectReport(s["code"], Severity(s["severity"]))
                               for s in data.get("side_effects", ())),
            events=frozenset(data.get("events", ())),
            note=data.get("note", ""),
            late=bool(data.get("late", False)),
            revision=int(data.get("revision", 1)),
            revised_at=(None if data.get("revised_at") is None
                        else datetime.fromisoformat(data["revised_at"])),
        )


# --- building and validating ----------------------------------------------------

def record_check_in(
    *,
    day: date,
    recorded_at: datetime,
    time_zone: str,
    dose_taken: bool | None = None,
    planned_dose_mg: Decimal | None = None,
    planned_time: time | None = None,
    dose_mg: Decimal | None = None,
    dose_time: time | None = None,
    ratings: dict[str, int] | None = None,
    tracked: tuple[str, ...] | None = None,
    vivid_dreams: bool | None = None,
    side_effects: dict[str, str] | None = None,
    events: frozenset[str] | set[str] = frozenset(),
    note: str = "",
    catalogue: CheckInCatalogue | None = None,
    joined_on: date | None = None,
) -> CheckIn:
    """Validate a patient's answers and return a :class:`CheckIn`.

    When the dose was taken and no amount or time is given, the planned dose
    and planned time are used (the 30-second path is "yes, as planned").
    ``tracked``, when given, limits ratings to those the patient tracks.
    ``side_effects`` maps a checklist code to "mild" | "moderate" | "severe".
    ``joined_on``, when given, is the day the patient joined (registered, or
    their first plan began if earlier): a day before the window of
    :func:`ldncare.dateranges.check_in_window` is refused.
    Raises :class:`CheckInError` naming the field at fault.
    """
    catalogue = catalogue or load_catalogue()
    _check_aware(recorded_at, "recorded_at")
    zone = _zone(time_zone)
    local_recorded = recorded_at.astimezone(zone)
    if day > local_recorded.date():
        raise CheckInError(f"the check-in is for {day}, which has not started yet "
                           f"in {time_zone}; choose today or an earlier day")
    if joined_on is not None:
        check_in_window(joined_on, local_recorded.date()).check(day, "day", CheckInError)
    return CheckIn(
        day=day,
        recorded_at=recorded_at,
        dose=_dose_record(dose_taken,
                          planned_dose_mg if dose_mg is None else dose_mg,
                          planned_time if dose_time is None else dose_time),
        ratings=_valid_ratings(ratings or {}, tracked, catalogue),
        vivid_dreams=vivid_dreams,
        side_effects=_valid_side_effects(side_effects or {}, catalogue),
        events=_valid_events(events, catalogue),
        note=_valid_note(note),
        late=local_recorded.date() > day,
    )


def revise_check_in(previous: CheckIn, *, revised_at: datetime, **changes: Any) -> CheckIn:
    """A new revision of ``previous`` with ``changes`` applied; ``previous`` is untouched.

    The caller keeps every revision (history is appended, never overwritten).
    ``day``, ``recorded_at`` and ``late`` cannot change: they describe the
    original entry. Ratings, side effects and notes are re-validated.
    """
    _check_aware(revised_at, "revised_at")
    frozen = {"day", "recorded_at", "late", "revision", "revised_at"} & changes.keys()
    if frozen:
        raise CheckInError(f"{', '.join(sorted(frozen))} cannot be edited; record a new check-in instead")
    if revised_at < previous.recorded_at:
        raise CheckInError("a revision cannot be dated before the entry it revises")
    catalogue = load_catalogue()
    if "ratings" in changes:
        changes["ratings"] = _valid_ratings(changes["ratings"], None, catalogue)
    if "side_effects" in changes and isinstance(changes["side_effects"], dict):
        changes["side_effects"] = _valid_side_effects(changes["side_effects"], catalogue)
    if "events" in changes:
        changes["events"] = _valid_events(changes["events"], catalogue)
    if "note" in changes:
        changes["note"] = _valid_note(changes["note"])
    try:
        return dataclasses.replace(previous, revision=previous.revision + 1,
                                   revised_at=revised_at, **changes)
    except TypeError as error:
        raise CheckInError(f"unknown check-in field: {error}") from None


def _check_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise CheckInError(f"{name} must carry a time zone (got a naive datetime {moment})")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        raise CheckInError(f"unknown time zone {name!r}; use an IANA name like 'Europe/London'") from None


def _dose_record(taken: bool | None, mg: Decimal | None, at: time | None) -> DoseRecord | None:
    if taken is None:
        return None
    if not taken:
        return DoseRecord(taken=False)
    if at is not None and at.tzinfo is not None:
        # The dose time is the patient's own clock time; their time zone is
        # stored once, beside it, not per entry.
        raise CheckInError(f"dose_time: give the local clock time without a zone offset "
                           f"(got {at.isoformat()})")
    if mg is not None:
        try:
            mg = Dose(mg).mg
        except DoseError as error:
            raise CheckInError(f"dose taken: {error}") from None
    return DoseRecord(taken=True, mg=mg, at=at)


def _valid_ratings(ratings: dict[str, int], tracked: tuple[str, ...] | None,
                   catalogue: CheckInCatalogue) -> dict[str, int]:
    allowed = catalogue.rating_codes if tracked is None else frozenset(tracked)
    out: dict[str, int] = {}
    for code, value in ratings.items():
        if code not in catalogue.rating_codes:
            raise CheckInError(f"unknown rating {code!r}; known: {', '.join(sorted(catalogue.rating_codes))}")
        if code not in allowed:
            raise CheckInError(f"rating {code!r} is not one this patient tracks")
        if isinstance(value, bool) or not isinstance(value, int):
            raise CheckInError(f"rating {code!r} must be a whole number from 0 to 10, not {value!r}")
        if not RATING_MIN <= value <= RATING_MAX:
            raise CheckInError(f"rating {code!r} must be from 0 to 10, not {value}")
        out[code] = value
    return out


def _valid_side_effects(reports: dict[str, str], catalogue: CheckInCatalogue
                        ) -> tuple[SideEffectReport, ...]:
    out = []
    for code, severity in sorted(reports.items()):
        if code not in catalogue.side_effect_codes:
            raise CheckInError(f"unknown side effect {code!r}; known: "
                               f"{', '.join(sorted(catalogue.side_effect_codes))}")
        try:
            out.append(SideEffectReport(code, Severity(severity)))
        except ValueError:
            raise CheckInError(f"side effect {code!r}: severity must be mild, moderate or severe, "
                               f"not {severity!r}") from None
    return tuple(out)


def _valid_events(events: frozenset[str] | set[str], catalogue: CheckInCatalogue) -> frozenset[str]:
    unknown = set(events) - catalogue.event_codes
    if unknown:
        raise CheckInError(f"unknown event(s) {sorted(unknown)}; known: {', '.join(sorted(catalogue.event_codes))}")
    return frozenset(events)


def _valid_note(note: str) -> str:
    if len(note) > NOTE_MAX_CHARS:
        raise CheckInError(f"the note is {len(note)} characters; keep it under {NOTE_MAX_CHARS}")
    return note.strip()


def days_between(first: date, last: date) -> int:
    """Whole days from ``first`` to ``last`` (negative when ``last`` is earlier)."""
    return (last - first) // timedelta(days=1)
