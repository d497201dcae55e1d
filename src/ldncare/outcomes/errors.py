"""Typed errors of the outcomes package."""

from __future__ import annotations


class OutcomesError(ValueError):
    """Input the outcomes analysis cannot use; the message says what to change."""


class OutcomesDataError(OutcomesError):
    """A clinical data file (responder definitions) that does not validate."""
