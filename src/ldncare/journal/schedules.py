"""Questionnaire schedules: "PHQ-9 every 28 days from the start of treatment".

A schedule is a value; :meth:`QuestionnaireSchedule.due_dates` lists the days
a questionnaire falls due in a window, and :func:`next_due` says when the next
one is due given when the patient last completed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ldncare.journal.errors import ScheduleError
from ldncare.journal.instruments import load_instruments

#: Longest interval a prescriber may set (one year); longer is almost surely a typo.
MAX_INTERVAL_DAYS = 366


@dataclass(frozen=True)
class QuestionnaireSchedule:
    """``instrument`` is due on ``start`` and every ``every_days`` after, until ``until``."""

    instrument: str
    start: date
    every_days: int
    until: date | None = None

    def __post_init__(self) -> None:
        load_instruments().get(self.instrument)  # raises InstrumentError if unknown
        if isinstance(self.every_days, bool) or not isinstance(self.every_days, int):
            raise ScheduleError(f"every_days must be a whole number of days, not {self.every_days!r}")
        if not 1 <= self.every_days <= MAX_INTERVAL_DAYS:
            raise ScheduleError(f"a questionnaire can be due every 1 to {MAX_INTERVAL_DAYS} days, "
                                f"not every {self.every_days}")
        if self.until is not None and self.until < self.start:
            raise ScheduleError(f"the schedule ends ({self.until}) before it starts ({self.start})")

    def due_dates(self, first: date, last: date) -> tuple[date, ...]:
        """Every due day from ``first`` to ``last`` inclusive, in order."""
        if last < first:
            return ()
        end = last if self.until is None else min(last, self.until)
        offset = max(0, (first - self.start).days)
        k = -(-offset // self.every_days)  # ceiling: first occurrence on or after ``first``
        day = self.start + timedelta(days=k * self.every_days)
        out = []
        while day <= end:
            out.append(day)
            day += timedelta(days=self.every_days)
        return tuple(out)

    def as_dict(self) -> dict[str, Any]:
        return {"instrument": self.instrument, "start": self.start.isoformat(),
                "every_days": self.every_days,
                "until": None if self.until is None else self.until.isoformat()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuestionnaireSchedule:
        return cls(instrument=data["instrument"], start=date.fromisoformat(data["start"]),
                   every_days=int(data["every_days"]),
                   until=None if data.get("until") is None else date.fromisoformat(data["until"]))


def next_due(schedule: QuestionnaireSchedule, today: date,
             last_completed: date | None = None) -> date | None:
    """The day the questionnaire is (or was) due, not yet answered, or the next one.

    An occurrence counts as answered when the patient completed the
    questionnaire on or after that occurrence. An overdue occurrence is
    returned as it is (its day is in the past), so the page can say "overdue".
    None when the schedule has ended and nothing is outstanding.
    """
    horizon = today + timedelta(days=schedule.every_days)
    for day in schedule.due_dates(schedule.start, horizon):
        if last_completed is None or last_completed < day:
            # Only the latest unanswered occurrence up to today matters.
            later = [d for d in schedule.due_dates(day, today) if d > day]
            return later[-1] if later else day
    return None


def is_due(schedule: QuestionnaireSchedule, today: date, last_completed: date | None = None) -> bool:
    """True when an unanswered occurrence falls on or before ``today``."""
    due = next_due(schedule, today, last_completed)
    return due is not None and due <= today
