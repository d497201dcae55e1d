"""Questionnaire definitions (from ``data/instruments.yaml``) and their scoring.

:func:`score` applies an instrument's published rule: the sum (or the single
item), the severity band the total falls in, item flags (PHQ-9 item 9) and
the missing-item rule. Totals are exact: a prorated total is a ``Decimal``
rounded half-up to a whole number only when the rule allows prorating, and
the result says it was prorated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ldncare.journal._data import load_yaml
from ldncare.journal.errors import InstrumentError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Option(_Strict):
    value: int
    label: str


class Item(_Strict):
    code: str
    text: str


class Band(_Strict):
    low: int = Field(alias="from")
    high: int = Field(alias="to")
    label: str


class Scoring(_Strict):
    method: Literal["sum", "single"]
    prorate_up_to: int = 0
    missing_rule_source: str
    bands: tuple[Band, ...] = ()


class ItemFlag(_Strict):
    code: str
    item: str
    at_least: int
    message: str
    source: str


class Instrument(_Strict):
    """One questionnaire: items, answer options, scoring rule, licence and sources."""

    code: str
    name: str
    measures: str
    recall: str
    licence: str
    licence_source: str
    licence_unverified: bool = False
    scoring_source: str
    loinc_total: str | None = None
    loinc_source: str | None = None
    meaningful_change: int | None = None
    #: Which end of the total is worse; read by the outcomes analysis.
    worse_when: Literal["high", "low"] = "high"
    #: True for an instrument that itself asks about change since a start
    #: (PGIC): it has no "before" value to compare with.
    asks_about_change: bool = False
    options: tuple[Option, ...]
    items: tuple[Item, ...]
    scoring: Scoring
    flags: tuple[ItemFlag, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        codes = [i.code for i in self.items]
        if len(set(codes)) != len(codes):
            raise ValueError(f"{self.code}: duplicate item codes")
        if self.scoring.method == "single" and len(self.items) != 1:
            raise ValueError(f"{self.code}: a 'single' instrument has exactly one item")
        for flag in self.flags:
            if flag.item not in codes:
                raise ValueError(f"{self.code}: flag {flag.code} names unknown item {flag.item}")
        lo, hi = self.score_range
        expected = lo
        for band in self.scoring.bands:  # bands must tile the range with no gap
            if band.low != expected or band.high < band.low:
                raise ValueError(f"{self.code}: band {band.label!r} leaves a gap or overlap at {expected}")
            expected = band.high + 1
        if self.scoring.bands and expected != hi + 1:
            raise ValueError(f"{self.code}: bands end at {expected - 1}, the range ends at {hi}")
        return self

    @property
    def values(self) -> frozenset[int]:
        return frozenset(o.value for o in self.options)

    @property
    def score_range(self) -> tuple[int, int]:
        n = len(self.items)
        return min(self.values) * n, max(self.values) * n

    def band_for(self, total: int) -> str | None:
        for band in self.scoring.bands:
            if band.low <= total <= band.high:
                return band.label
        return None


class InstrumentLibrary(_Strict):
    version: str
    instruments: tuple[Instrument, ...]
    frequency_options: Any = None

    def get(self, code: str) -> Instrument:
        for instrument in self.instruments:
            if instrument.code == code:
                return instrument
        known = ", ".join(i.code for i in self.instruments)
        raise InstrumentError(f"unknown questionnaire {code!r}; known: {known}")


@cache
def load_instruments() -> InstrumentLibrary:
    """The questionnaires shipped with the package (cached)."""
    return load_yaml("instruments.yaml", InstrumentLibrary)


def get_instrument(code: str) -> Instrument:
    return load_instruments().get(code)


@dataclass(frozen=True)
class InstrumentScore:
    """The scored result of one completed questionnaire.

    ``total`` is None when too many items are missing to score (``complete``
    is then False). ``flags`` lists item flags that fired (e.g.
    ``self_harm_thoughts``) — they fire even on an incomplete form.
    """

    instrument: str
    answers: dict[str, int]
    total: int | None
    band: str | None
    missing: tuple[str, ...]
    prorated: bool
    flags: tuple[str, ...]
    completed_at: datetime | None = None
    data_version: str = ""

    @property
    def complete(self) -> bool:
        return self.total is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument, "answers": dict(self.answers), "total": self.total,
            "band": self.band, "missing": list(self.missing), "prorated": self.prorated,
            "flags": list(self.flags), "data_version": self.data_version,
            "completed_at": None if self.completed_at is None else self.completed_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InstrumentScore:
        return cls(
            instrument=data["instrument"], answers={k: int(v) for k, v in data["answers"].items()},
            total=data["total"], band=data["band"], missing=tuple(data["missing"]),
            prorated=bool(data["prorated"]), flags=tuple(data["flags"]),
            data_version=data.get("data_version", ""),
            completed_at=(None if data.get("completed_at") is None
                          else datetime.fromisoformat(data["completed_at"])),
        )


def score(instrument: Instrument | str, answers: dict[str, int | None],
          completed_at: datetime | None = None) -> InstrumentScore:
    """Score ``answers`` (item code -> option value, None or absent = unanswered).

    Raises :class:`InstrumentError` for an unknown item or a value that is not
    one of the instrument's options. Missing items follow the instrument's
    rule: up to ``prorate_up_to`` missing items are prorated (mean of answered
    items x item count, rounded half-up); more leave the total empty.
    """
    library = load_instruments()
    if isinstance(instrument, str):
        instrument = library.get(instrument)
    given = _valid_answers(instrument, answers)
    missing = tuple(i.code for i in instrument.items if i.code not in given)
    total, prorated = _total(instrument, given, missing)
    return InstrumentScore(
        instrument=instrument.code, answers=given, total=total,
        band=None if total is None else instrument.band_for(total),
        missing=missing, prorated=prorated, flags=_fired_flags(instrument, given),
        completed_at=completed_at, data_version=library.version,
    )


def _valid_answers(instrument: Instrument, answers: dict[str, int | None]) -> dict[str, int]:
    item_codes = {i.code for i in instrument.items}
    given: dict[str, int] = {}
    for code, value in answers.items():
        if code not in item_codes:
            raise InstrumentError(f"{instrument.code} has no item {code!r}; items are "
                                  f"{', '.join(i.code for i in instrument.items)}")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value not in instrument.values:
            allowed = ", ".join(str(v) for v in sorted(instrument.values))
            raise InstrumentError(f"{instrument.code} item {code}: {value!r} is not an answer; use one of {allowed}")
        given[code] = value
    return given


def _total(instrument: Instrument, given: dict[str, int], missing: tuple[str, ...]
           ) -> tuple[int | None, bool]:
    if not given:
        return None, False
    if not missing:
        return sum(given.values()), False
    if len(missing) > instrument.scoring.prorate_up_to:
        return None, False
    mean = Decimal(sum(given.values())) / Decimal(len(given))
    prorated = (mean * len(instrument.items)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(prorated), True


def _fired_flags(instrument: Instrument, given: dict[str, int]) -> tuple[str, ...]:
    return tuple(f.code for f in instrument.flags
                 if f.item in given and given[f.item] >= f.at_least)
