"""Which calendar days are blinded trial days, as a few merged spans.

On a blinded day the patient takes a coded kit (the active dose or the
comparator), not the plan's dose, so anything that reads the journal against
the plan (a before/after analysis, the clinic's cohort numbers, the dose drawn
under a chart) leaves these days out or marks them, never guessing the arm.

The rule, one place: a period is blinded from its first day to its last day,
or to the day its trial was stopped for safety, whichever comes first (the
stop day itself still counts, as the check-in of that day records the kit). A
period that starts after the stop was never taken. Periods of one trial are
back to back, and a patient may run more than one trial, so the periods are
merged into as few spans as cover exactly the same days: a database can then
test a day against a handful of ranges.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Span:
    """Blinded days ``first`` to ``last``, both included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last


def blinded_last_day(end: date, stopped_on: date | None) -> date:
    """The last blinded day of a period ending ``end`` in a trial stopped on
    ``stopped_on`` (``None``: not stopped)."""
    return end if stopped_on is None else min(end, stopped_on)


def blinded_spans(periods: Iterable[tuple[date, date, date | None]]) -> tuple[Span, ...]:
    """The blinded days of ``periods`` — each ``(start, end, stopped_on)`` —
    as sorted spans that neither overlap nor touch (two spans are at least one
    ordinary day apart), covering exactly the days of the periods cut at their
    trial's stop. A period cut away entirely by the stop gives no day."""
    cut = sorted((start, blinded_last_day(end, stopped_on))
                 for start, end, stopped_on in periods)
    merged: list[Span] = []
    for first, last in cut:
        if last < first:
            continue
        if merged and first <= merged[-1].last + timedelta(days=1):
            if last > merged[-1].last:
                merged[-1] = Span(merged[-1].first, last)
        else:
            merged.append(Span(first, last))
    return tuple(merged)


def span_days(spans: Iterable[Span]) -> set[date]:
    """Every day of ``spans``."""
    return {span.first + timedelta(days=i) for span in spans for i in range(span.days)}


def is_blinded(day: date, spans: Iterable[Span]) -> bool:
    """Whether ``day`` lies in one of ``spans``."""
    return any(day in span for span in spans)
