"""Reminder planning: which reminders to send, when, each with a stable key.

:func:`plan_reminders` is pure. Given the patient's time zone, their
preferences (each kind on or off, and local times), plan steps, questionnaire
due dates, refill dates and follow-up appointments, it returns every
:class:`ReminderOccurrence` whose send time falls in a UTC window. The
worker stores ``key`` with a unique constraint and sends only keys it has not
sent: the same inputs always give the same keys, so a restarted worker never
sends a reminder twice.

Local wall-clock times are turned into UTC with :mod:`zoneinfo`. On the night
clocks go forward a time that does not exist (02:30 in Europe/London) is sent
as the same instant shifted forward by the gap; on the night clocks go back
an ambiguous time is sent once, at its first occurrence.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, Literal
from zoneinfo import ZoneInfo

from ldncare.journal.errors import ReminderError
from ldncare.journal.rules import PlanStep
from ldncare.units import format_mg


class ReminderKind(StrEnum):
    DOSE = "dose"
    CHECK_IN = "check_in"
    QUESTIONNAIRE = "questionnaire"
    REFILL = "refill"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class ReminderPreferences:
    """What the patient wants reminding of, and at what local times.

    Defaults are product choices, not clinical facts: bedtime dosing is the
    usual default, 22:00 is one time inside the 21:00-03:00 window of the LDN
    Research Trust fact sheet (2008, http://www.ldnhilft.org/Originalfassung_000.htm); 08:00 for morning dosing.
    """

    dose: bool = True
    check_in: bool = True
    questionnaire: bool = True
    refill: bool = True
    follow_up: bool = True
    bedtime_dose_at: time = time(22, 0)
    morning_dose_at: time = time(8, 0)
    check_in_at: time = time(20, 0)
    questionnaire_at: time = time(18, 0)
    refill_at: time = time(9, 0)
    follow_up_lead: timedelta = timedelta(hours=24)

    def enabled(self, kind: ReminderKind) -> bool:
        return bool(getattr(self, kind.value))


@dataclass(frozen=True)
class FollowUp:
    """A scheduled follow-up appointment (recorded only; no video system)."""

    ref: str
    at: datetime
    mode: Literal["video", "in_person"] = "video"


@dataclass(frozen=True)
class QuestionnaireDue:
    instrument: str
    day: date


@dataclass(frozen=True)
class ReminderOccurrence:
    """One reminder to send. ``send_at`` is aware UTC; ``key`` is its idempotency key."""

    kind: ReminderKind
    key: str
    send_at: datetime
    local_day: date
    subject: str

    def as_dict(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "key": self.key, "send_at": self.send_at.isoformat(),
                "local_day": self.local_day.isoformat(), "subject": self.subject}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReminderOccurrence:
        return cls(kind=ReminderKind(data["kind"]), key=data["key"],
                   send_at=datetime.fromisoformat(data["send_at"]),
                   local_day=date.fromisoformat(data["local_day"]), subject=data["subject"])


def plan_reminders(
    *,
    patient_ref: str,
    time_zone: str,
    window_start: datetime,
    window_end: datetime,
    preferences: ReminderPreferences = ReminderPreferences(),
    plan_steps: Sequence[PlanStep] = (),
    plan_end: date | None = None,
    questionnaires: Sequence[QuestionnaireDue] = (),
    refill_days: Sequence[date] = (),
    follow_ups: Sequence[FollowUp] = (),
) -> tuple[ReminderOccurrence, ...]:
    """Every reminder due to be sent in ``[window_start, window_end)``, in send order.

    Dose and check-in reminders run daily from the first plan step to
    ``plan_end`` (inclusive; open-ended when None); a step with a 0 mg dose
    (a hold) gets no dose reminder. Kinds the patient turned off are left out.
    Raises :class:`ReminderError` for a naive window or an unknown time zone.
    """
    for name, moment in (("window_start", window_start), ("window_end", window_end)):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ReminderError(f"{name} must be timezone-aware (got {moment})")
    zone = _zone(time_zone)
    first_day = window_start.astimezone(zone).date() - timedelta(days=1)
    last_day = window_end.astimezone(zone).date() + timedelta(days=1)
    candidates = [
        *_dose(patient_ref, zone, preferences, plan_steps, plan_end, first_day, last_day),
        *_check_in(patient_ref, zone, preferences, plan_steps, plan_end, first_day, last_day),
        *_questionnaires(patient_ref, zone, preferences, questionnaires),
        *_refills(patient_ref, zone, preferences, refill_days),
        *_follow_ups(patient_ref, zone, preferences, follow_ups),
    ]
    chosen = [c for c in candidates
              if preferences.enabled(c.kind) and window_start <= c.send_at < window_end]
    return tuple(sorted(chosen, key=lambda c: (c.send_at, c.key)))


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock ``at`` on ``day`` in ``zone`` (gap: shifted forward;
    overlap: first occurrence). zoneinfo's fold=0 gives exactly this."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        raise ReminderError(f"unknown time zone {name!r}; use an IANA name like 'Europe/London'") from None


def _key(patient_ref: str, kind: ReminderKind, day: date, detail: str = "") -> str:
    return "/".join(p for p in (patient_ref, kind.value, day.isoformat(), detail) if p)


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _plan_days(steps: Sequence[PlanStep], plan_end: date | None, first: date, last: date
               ) -> Iterator[tuple[date, PlanStep]]:
    ordered = sorted(steps, key=lambda s: s.start)
    if not ordered:
        return
    start = max(first, ordered[0].start)
    end = last if plan_end is None else min(last, plan_end)
    for day in _days(start, end):
        yield day, [s for s in ordered if s.start <= day][-1]


def _dose(ref: str, zone: ZoneInfo, prefs: ReminderPreferences, steps: Sequence[PlanStep],
          plan_end: date | None, first: date, last: date) -> Iterator[ReminderOccurrence]:
    for day, step in _plan_days(steps, plan_end, first, last):
        if step.dose_mg == 0:
            continue
        at = prefs.morning_dose_at if step.time_of_day == "morning" else prefs.bedtime_dose_at
        yield ReminderOccurrence(ReminderKind.DOSE, _key(ref, ReminderKind.DOSE, day),
                                 local_to_utc(day, at, zone), day,
                                 f"Time for your LDN dose: {format_mg(step.dose_mg)} mg")


def _check_in(ref: str, zone: ZoneInfo, prefs: ReminderPreferences, steps: Sequence[PlanStep],
              plan_end: date | None, first: date, last: date) -> Iterator[ReminderOccurrence]:
    for day, _step in _plan_days(steps, plan_end, first, last):
        yield ReminderOccurrence(ReminderKind.CHECK_IN, _key(ref, ReminderKind.CHECK_IN, day),
                                 local_to_utc(day, prefs.check_in_at, zone), day,
                                 "How was today? Your 30-second check-in")


def _questionnaires(ref: str, zone: ZoneInfo, prefs: ReminderPreferences,
                    dues: Sequence[QuestionnaireDue]) -> Iterator[ReminderOccurrence]:
    for due in dues:
        kind = ReminderKind.QUESTIONNAIRE
        yield ReminderOccurrence(kind, _key(ref, kind, due.day, due.instrument),
                                 local_to_utc(due.day, prefs.questionnaire_at, zone), due.day,
                                 f"A short questionnaire is due: {due.instrument.upper()}")


def _refills(ref: str, zone: ZoneInfo, prefs: ReminderPreferences,
             days: Sequence[date]) -> Iterator[ReminderOccurrence]:
    for day in days:
        kind = ReminderKind.REFILL
        yield ReminderOccurrence(kind, _key(ref, kind, day), local_to_utc(day, prefs.refill_at, zone),
                                 day, "Your LDN supply is running low: time to reorder")


def _follow_ups(ref: str, zone: ZoneInfo, prefs: ReminderPreferences,
                follow_ups: Sequence[FollowUp]) -> Iterator[ReminderOccurrence]:
    for visit in follow_ups:
        if visit.at.tzinfo is None or visit.at.utcoffset() is None:
            raise ReminderError(f"follow-up {visit.ref} time must be timezone-aware")
        local = visit.at.astimezone(zone)
        kind = ReminderKind.FOLLOW_UP
        mode = "video call" if visit.mode == "video" else "visit in person"
        yield ReminderOccurrence(kind, _key(ref, kind, local.date(), visit.ref),
                                 (visit.at - prefs.follow_up_lead).astimezone(UTC), local.date(),
                                 f"Reminder: your follow-up {mode} on {local:%Y-%m-%d at %H:%M}")
