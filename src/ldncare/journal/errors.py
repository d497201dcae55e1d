"""Typed errors of the journal. Each message says what to fix."""

from __future__ import annotations


class JournalError(ValueError):
    """Base class: something given to the journal cannot be used as written."""


class CheckInError(JournalError):
    """A daily check-in that cannot be recorded as written."""


class InstrumentError(JournalError):
    """A questionnaire answer set that cannot be scored, or an unknown instrument."""


class ScheduleError(JournalError):
    """A questionnaire schedule that makes no sense (e.g. every 0 days)."""


class ReminderError(JournalError):
    """Reminder inputs that cannot be planned (unknown time zone, naive time)."""


class JournalDataError(JournalError):
    """A journal data file that fails validation; the message names the file and field."""
