"""Guidance for the patient, at once, when they report a red flag.

Which check-in answers and questionnaire flags raise which guidance is data
(``data/guidance.yaml``, each text with its source). :func:`triggered` says
which guidance a check-in and a set of questionnaire flags raise;
:func:`guidance_for` turns those codes into what the patient reads, with the
clinic's own texts and crisis line applied and the crisis contacts for the
clinic's country. Nothing here is a diagnosis: each text says what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from ldncare.journal._data import load_yaml
from ldncare.journal.checkin import CheckIn, Severity, load_catalogue
from ldncare.journal.errors import JournalDataError, JournalError
from ldncare.journal.instruments import load_instruments
from ldncare.journal.rules import Treatment, load_rulebook

#: The most a clinic's own guidance text or crisis line may hold.
CLINIC_TEXT_MAX = 1500
CRISIS_LINE_MAX = 200
ESCALATION_HOURS_MAX = 72


class Level(StrEnum):
    EMERGENCY = "emergency"
    TODAY = "today"
    CONTACT = "contact"

    @property
    def rank(self) -> int:
        """0 is the most urgent: guidance is shown in this order."""
        return _RANKS[self.value]

    @property
    def words(self) -> str:
        return {"emergency": "Act now", "today": "Today", "contact": "Contact your clinic"}[self.value]


_RANKS = {"emergency": 0, "today": 1, "contact": 2}


# --- data ----------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourcedNumber(_Strict):
    value: int
    source: str
    unverified: bool = False


class Escalation(_Strict):
    after_hours: SourcedNumber


class CrisisLine(_Strict):
    country: str
    name: str
    phone: str
    how: str
    source: str
    unverified: bool = False


class EmergencyNumber(_Strict):
    country: str
    number: str
    source: str
    unverified: bool = False


class GuidanceText(_Strict):
    code: str
    #: The decision-support rule that alerts the clinic about this red flag.
    told_by: str
    level: Level
    title: str
    text: str
    source: str
    unverified: bool = False


class Trigger(_Strict):
    guidance: str
    side_effects: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    instrument_flags: tuple[str, ...] = ()
    any_severe: bool = False


class GuidanceBook(_Strict):
    """The validated content of ``data/guidance.yaml``."""

    version: str
    escalation: Escalation
    crisis_lines: tuple[CrisisLine, ...]
    emergency_numbers: tuple[EmergencyNumber, ...]
    guidance: tuple[GuidanceText, ...]
    triggers: tuple[Trigger, ...]

    def text(self, code: str) -> GuidanceText:
        return next(g for g in self.guidance if g.code == code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(g.code for g in self.guidance)

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(sorted({c.country for c in self.crisis_lines}
                            | {e.country for e in self.emergency_numbers}))


@cache
def load_guidance() -> GuidanceBook:
    """The guidance shipped with the package (cached), checked against the
    check-in catalogue and the questionnaires' flags it names."""
    book = load_yaml("guidance.yaml", GuidanceBook)
    _check(book)
    return book


def _check(book: GuidanceBook) -> None:
    catalogue = load_catalogue()
    flags = {f.code for i in load_instruments().instruments for f in i.flags}
    for trigger in book.triggers:
        problems = ([f"guidance {trigger.guidance!r}"] if trigger.guidance not in book.codes else []) \
            + [f"side effect {c!r}" for c in trigger.side_effects if c not in catalogue.side_effect_codes] \
            + [f"event {c!r}" for c in trigger.events if c not in catalogue.event_codes] \
            + [f"questionnaire flag {c!r}" for c in trigger.instrument_flags if c not in flags]
        if problems:
            raise JournalDataError(f"guidance.yaml names unknown {', '.join(problems)}")
    rules = {r.code for r in load_rulebook().rules}
    unknown_rules = [g.told_by for g in book.guidance if g.told_by not in rules]
    if unknown_rules:
        raise JournalDataError(f"guidance.yaml names unknown rules {unknown_rules}")
    red_flags = {s.code for s in catalogue.side_effects if s.red_flag}
    covered = {c for t in book.triggers for c in t.side_effects}
    if red_flags - covered:
        raise JournalDataError(f"guidance.yaml gives no guidance for red flags {sorted(red_flags - covered)}")


# --- which guidance --------------------------------------------------------------

def triggered(check_in: CheckIn | None = None, flags: Iterable[str] = (),
              book: GuidanceBook | None = None) -> tuple[str, ...]:
    """The guidance codes raised by ``check_in`` (its side effects, their
    severity and its events) and by questionnaire ``flags``, most urgent first."""
    index = _default_index() if book is None or book is load_guidance() else _index(book)
    answers = [("flag", f) for f in flags]
    if check_in is not None:
        answers += [("side_effect", r.code) for r in check_in.side_effects]
        answers += [("event", e) for e in check_in.events]
        if any(r.severity is Severity.SEVERE for r in check_in.side_effects):
            answers.append(("severe", ""))
    codes = {code for answer in answers for code in index.raises.get(answer, ())}
    return tuple(sorted(codes, key=index.order.__getitem__))


@dataclass(frozen=True)
class _Index:
    raises: dict[tuple[str, str], tuple[str, ...]]  # (kind, code) -> guidance codes
    order: dict[str, tuple[int, int]]               # guidance code -> (level rank, data order)


@cache
def _default_index() -> _Index:
    """The shipped book's index, built once: every check-in asks it (hashing the
    book on each call to cache by book would cost more than the lookup)."""
    return _index(load_guidance())


def _index(book: GuidanceBook) -> _Index:
    """The triggers turned around: (kind of answer, code) -> guidance codes."""
    raises: dict[tuple[str, str], list[str]] = {}
    for t in book.triggers:
        keys = ([("side_effect", c) for c in t.side_effects] + [("event", c) for c in t.events]
                + [("flag", c) for c in t.instrument_flags] + ([("severe", "")] if t.any_severe else []))
        for key in keys:
            raises.setdefault(key, []).append(t.guidance)
    return _Index({k: tuple(v) for k, v in raises.items()},
                  {g.code: (g.level.rank, i) for i, g in enumerate(book.guidance)})


# --- what the patient reads -------------------------------------------------------

@dataclass(frozen=True)
class CrisisContact:
    """A number to call, and where it comes from ("your clinic" or a source)."""

    name: str
    phone: str
    how: str
    source: str
    unverified: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "phone": self.phone, "how": self.how, "source": self.source,
                "unverified": self.unverified}


@dataclass(frozen=True)
class Guidance:
    """One instruction as the patient reads it. ``clinic_text`` is True when
    the clinic replaced the sourced default; ``crisis`` holds the numbers to
    call, first, for the guidance that needs them."""

    code: str
    level: Level
    title: str
    text: str
    source: str
    clinic_text: bool
    crisis: tuple[CrisisContact, ...] = ()
    unverified: bool = False
    #: Whether the clinic is alerted about it (its rule applies in the patient's state).
    clinic_told: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "level": str(self.level), "level_words": self.level.words,
                "title": self.title, "text": self.text, "source": self.source,
                "clinic_text": self.clinic_text, "unverified": self.unverified,
                "clinic_told": self.clinic_told, "crisis": [c.as_dict() for c in self.crisis]}


@dataclass(frozen=True)
class ClinicGuidance:
    """A clinic's own choices: its country (for the default crisis and
    emergency numbers), its crisis line, its replacement texts by code, and
    the hours after which an unacknowledged urgent alert escalates."""

    country: str = ""
    crisis_line: str = ""
    texts: Mapping[str, str] | None = None
    escalate_after_hours: int | None = None


def check_clinic_guidance(choices: ClinicGuidance, book: GuidanceBook | None = None) -> None:
    """Raise :class:`JournalError` naming the first field a clinic got wrong."""
    book = book or load_guidance()
    if choices.country and choices.country not in book.countries:
        raise JournalError(f"country: choose one of {', '.join(book.countries)}, or none")
    if len(choices.crisis_line) > CRISIS_LINE_MAX:
        raise JournalError(f"crisis_line: keep it under {CRISIS_LINE_MAX} characters")
    for code, text in (choices.texts or {}).items():
        if code not in book.codes:
            raise JournalError(f"texts: unknown guidance {code!r}")
        if not isinstance(text, str) or len(text) > CLINIC_TEXT_MAX:
            raise JournalError(f"{code}: keep the text under {CLINIC_TEXT_MAX} characters")
    hours = choices.escalate_after_hours
    if hours is not None and (isinstance(hours, bool) or not isinstance(hours, int)
                              or not 1 <= hours <= ESCALATION_HOURS_MAX):
        raise JournalError(f"escalate_after_hours: a whole number of hours from 1 to "
                           f"{ESCALATION_HOURS_MAX}")


def escalation_hours(choices: ClinicGuidance, book: GuidanceBook | None = None) -> int:
    """The clinic's escalation time, else the default (a product choice)."""
    book = book or load_guidance()
    return choices.escalate_after_hours or book.escalation.after_hours.value


def crisis_contacts(choices: ClinicGuidance, book: GuidanceBook | None = None
                    ) -> tuple[CrisisContact, ...]:
    """The clinic's crisis line first, then the sourced lines and emergency
    number for its country. Without a known country, the patient is told to
    call their local emergency number."""
    book = book or load_guidance()
    out = []
    if choices.crisis_line.strip():
        out.append(CrisisContact("Your clinic's crisis line", choices.crisis_line.strip(),
                                 "call any time", "your clinic"))
    out += [CrisisContact(c.name, c.phone, c.how, c.source, c.unverified)
            for c in book.crisis_lines if c.country == choices.country]
    emergency = [e for e in book.emergency_numbers if e.country == choices.country]
    out += [CrisisContact("Emergency services", e.number, "in danger now: call", e.source,
                          e.unverified) for e in emergency]
    if not emergency:
        out.append(CrisisContact("Emergency services", "your local emergency number",
                                 "in danger now: call", "product choice: no country set for "
                                 "this clinic", True))
    return tuple(out)


def guidance_for(codes: Iterable[str], choices: ClinicGuidance | None = None,
                 book: GuidanceBook | None = None,
                 treatment: Treatment = Treatment.ACTIVE) -> tuple[Guidance, ...]:
    """What the patient reads for ``codes`` (from :func:`triggered`), in that
    order, with the clinic's texts applied. Self-harm guidance carries the
    crisis contacts. ``clinic_told`` says whether the rule that alerts the
    clinic applies in ``treatment``, so the page never claims an alert that
    was not sent."""
    book = book or load_guidance()
    applies = {r.code: r.applies_when for r in load_rulebook().rules}
    choices = choices or ClinicGuidance()
    texts = choices.texts or {}
    out = []
    for code in codes:
        default = book.text(code)
        own = (texts.get(code) or "").strip()
        out.append(Guidance(
            code=code, level=default.level, title=default.title, text=own or default.text,
            source="your clinic" if own else default.source, clinic_text=bool(own),
            crisis=crisis_contacts(choices, book) if code == "self_harm" else (),
            unverified=default.unverified and not own,
            clinic_told=treatment in applies[default.told_by]))
    return tuple(out)
