"""Typed errors of the n-of-1 trial core; each message says what to change."""

from __future__ import annotations


class TrialError(ValueError):
    """A trial design or analysis input that cannot be used as given."""
