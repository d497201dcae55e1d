"""The dates the product accepts, in one place.

Every date a person can type (a check-in day, a plan's start, a dose change,
a follow-up, a compounding day) has a range the product supports. A date
outside it is refused with a message that names the range, before it reaches
a plan, a database or a calendar: year 9999 or year 1 break date arithmetic
(``date.max + 1 day`` overflows) and mean nothing clinically.

- **Planned dates** (plan starts, dose changes, follow-ups, questionnaire
  schedules, compounding and beyond-use days): within
  ``PLAN_HORIZON_YEARS`` years either side of today. Titration plans run for
  weeks to months (the slowest shipped protocol reaches its target in
  under a year), so two years either way leaves room for backdated records
  and long plans while keeping every derived date far from the calendar's end.
- **Recorded dates** (a powder lot's expiry, a last opioid dose): within
  ``RECORD_HORIZON_YEARS`` either side of today.
- **Check-in days**: from ``BASELINE_DAYS`` before the patient registered (or
  before their first plan began, when that is earlier) to the patient's today.
  The few days before registering may be recorded as a baseline; anything
  earlier is a typing mistake.

These are product choices, not clinical facts; they are stated in README
("No 500 on any input") and shown in every refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

#: How far before and after today a planned date may lie (years, either side).
PLAN_HORIZON_YEARS = 2
#: How many days before registration a patient may record (a baseline).
BASELINE_DAYS = 14
#: How far from today a recorded date (a powder lot's expiry, a last opioid dose) may lie.
RECORD_HORIZON_YEARS = 10

_YEAR = timedelta(days=365)


class DateOutOfRange(ValueError):
    """A date outside the range the product supports; the message names the range."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class DateRange:
    """The closed range ``earliest``..``latest``, and what it is for (for messages)."""

    earliest: date
    latest: date
    purpose: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.earliest <= day <= self.latest

    def check(self, day: date, field: str, error: type[ValueError] = DateOutOfRange) -> date:
        """``day`` unchanged when inside the range; otherwise raise ``error`` (by
        default :class:`DateOutOfRange` carrying ``field``) with a message that
        names the field and the range."""
        if day in self:
            return day
        message = (f"{field}: {day.isoformat()} is outside the range for {self.purpose} "
                   f"({self.earliest.isoformat()} to {self.latest.isoformat()})")
        if error is DateOutOfRange:
            raise DateOutOfRange(message, field)
        raise error(message)


def planning_window(today: date) -> DateRange:
    """Where a planned date may lie: ``PLAN_HORIZON_YEARS`` either side of ``today``."""
    span = PLAN_HORIZON_YEARS * _YEAR
    return DateRange(today - span, today + span,
                     f"planned dates (within {PLAN_HORIZON_YEARS} years of today)")


def record_window(today: date) -> DateRange:
    """Where a recorded date may lie (a starting material's expiry, a last opioid
    dose): ``RECORD_HORIZON_YEARS`` either side of ``today`` (manufacturers date
    lots a few years ahead; a history reaches back further than a plan)."""
    span = RECORD_HORIZON_YEARS * _YEAR
    return DateRange(today - span, today + span,
                     f"recorded dates (within {RECORD_HORIZON_YEARS} years of today)")


def check_in_window(registered_on: date, today: date,
                    first_plan_start: date | None = None) -> DateRange:
    """Which days a patient may record: from ``BASELINE_DAYS`` before they
    registered (or before their first plan began, if earlier) to ``today``."""
    joined = min(registered_on, first_plan_start or registered_on)
    return DateRange(joined - timedelta(days=BASELINE_DAYS), today,
                     "check-ins (from just before you joined to today)")


def add_days_or_none(day: date, days: int) -> date | None:
    """``day + days``, or None where that would leave the calendar (year 1 to
    9999): pages that render rows stored before these ranges existed use it so
    that an out-of-range row shows as open-ended instead of breaking the page."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None
